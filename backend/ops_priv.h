/* Shared by the job functions of ops.c and snapshot.c: the target copied
 * for the worker thread, and the domain looked up when the job runs. */
#ifndef HVTOP_OPS_PRIV_H
#define HVTOP_OPS_PRIV_H

#include <libvirt/libvirt.h>
#include "backend/ops.h"

struct be_target;

/* What a job does with its domain, looked up by UUID on its connection
 * when the job runs and freed after it returns (virDomainGetConnect gives
 * the connection): 0, or -1 with the job's error set. */
typedef int (*be_target_fn)(struct be_job *j, struct be_target *t,
			    virDomainPtr dom);

struct be_target {
	struct be_conn *conn;
	unsigned host;
	char uuid[40];
	char *name;
	void *extra;              /* the operation's own arguments */
	void (*free_extra)(void *);
	be_target_fn run;
	char *virsh; /* be_virsh's line for the job, or NULL */
};

struct be_target *be_target_new(const struct be_op_target *t);
void be_target_free(void *p);

/* libvirt's last error message on this thread */
const char *be_virt_msg(void);
/* Whether libvirt's last error says the driver refused the flags or call
 * (try again with fewer) */
bool be_virt_unsupported(void);

/* Starts a job for t (which the job then owns) that runs run on t's
 * domain; a domain gone by then fails it with "domain 'x' no longer
 * exists" (outcome BE_OUT_GONE).  The title is formatted. */
unsigned be_target_job(struct be_jobs *js, struct be_target *t,
		       enum be_op_kind kind, bool quiet, bool cancellable,
		       be_target_fn run, be_job_done_fn done,
		       const char *title_fmt, ...)
	__attribute__((format(printf, 8, 9)));
/* The same with a spec of the caller's (its run, arg and free_arg are
 * set here). */
unsigned be_target_job_spec(struct be_jobs *js, struct be_target *t,
			    struct be_job_spec *s, be_target_fn run);

#endif
