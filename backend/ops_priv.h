/* Shared by the job functions of ops.c and snapshot.c: the target copied
 * for the worker thread, and the domain looked up when the job runs. */
#ifndef HVTOP_OPS_PRIV_H
#define HVTOP_OPS_PRIV_H

#include <libvirt/libvirt.h>
#include "backend/ops.h"

struct be_target {
	struct be_conn *conn;
	unsigned host;
	char uuid[40];
	char *name;
	void *extra;              /* the operation's own arguments */
	void (*free_extra)(void *);
};

struct be_target *be_target_new(const struct be_op_target *t);
void be_target_free(void *p);

/* libvirt's last error message on this thread */
const char *be_virt_msg(void);
/* The connection (a new reference) and the domain, looked up by UUID now.
 * On failure: NULL, the job's error set ("domain 'x' no longer exists"),
 * nothing to free. */
virDomainPtr be_target_domain(struct be_job *j, struct be_target *t,
			      virConnectPtr *vc);
void be_target_release(virConnectPtr vc, virDomainPtr dom);

/* Starts a job for t (which the job then owns). */
unsigned be_target_job(struct be_jobs *js, struct be_target *t,
		       enum be_op_kind kind, const char *title, bool quiet,
		       bool cancellable, be_job_fn run, be_job_done_fn done);

#endif
