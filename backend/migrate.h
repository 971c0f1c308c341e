/* Live migration as a job (backend/jobs.h): virDomainMigrate3 (to one of
 * our connections) or virDomainMigrateToURI3 (peer-to-peer, to a typed
 * URI) on a thread of its own, while the job's thread polls
 * virDomainGetJobStats and publishes progress (struct be_job_mig), decides
 * when the migration has stalled, and aborts it when the job is cancelled
 * (x in view 5).  The levers act on the source domain while it migrates.
 * No libvirt types here. */
#ifndef HVTOP_MIGRATE_H
#define HVTOP_MIGRATE_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/jobs.h"
#include "backend/ops.h"

struct be_conn;

/* job kinds beside enum be_op_kind */
#define BE_OP_MIGRATE 100
#define BE_OP_MIG_LEVER 101

enum be_mig_storage {
	BE_MIG_SHARED = 0,  /* disks on storage both hosts see */
	BE_MIG_COPY_ALL,    /* VIR_MIGRATE_NON_SHARED_DISK */
	BE_MIG_COPY_INC,    /* VIR_MIGRATE_NON_SHARED_INC */
};

struct be_mig_req {
	struct be_conn *dest;   /* one of ours, or NULL: dest_uri peer-to-peer */
	unsigned dest_host;     /* its host id (0: none of ours) */
	char *dest_uri;         /* the destination's libvirt URI */
	char *migrate_uri;      /* where the data goes ("tcp://10.0.0.2"); NULL */
	bool live;
	bool auto_converge;
	bool postcopy;          /* allow switching to post-copy later */
	enum be_mig_storage storage;
	uint64_t bandwidth_mibs;/* 0: no cap */
	uint64_t downtime_ms;   /* 0: libvirt's default (300 ms) */
};
void be_mig_req_free(void *p);

/* The command the request amounts to, for the message log. */
char *be_mig_virsh(const struct be_mig_req *r, const char *name);

/* Starts the migration of t's domain; takes req.  The follow-up gets
 * state DONE with the final statistics in ji->mig (final set), or FAILED
 * with one sentence saying where the guest is now. */
unsigned be_mig_start(struct be_jobs *js, const struct be_op_target *t,
		      struct be_mig_req *req, be_job_done_fn done);

/* The levers, each a short job on the migrating domain (t: its source). */
enum be_mig_lever {
	BE_LEVER_DOWNTIME,      /* value: ms */
	BE_LEVER_SPEED,         /* value: MiB/s */
	BE_LEVER_POSTCOPY,
};
unsigned be_mig_lever(struct be_jobs *js, const struct be_op_target *t,
		      enum be_mig_lever lever, uint64_t value,
		      be_job_done_fn done);

/* The auto-converge lever: libvirt takes auto-converge only when a
 * migration starts, so the running migration job_id is aborted and
 * started again with it (the guest stays on its source in between).
 * 0 asked, 1 asked already, -1 no such running migration. */
int be_mig_restart_autoconverge(unsigned job_id);

/* Stall detection on the remaining data at the start of each iteration:
 * stalled once the last `window` iterations did not bring it below
 * (1 - BE_MIG_STALL_GAIN) of the best seen before them.  Pure, for tests. */
#define BE_MIG_STALL_ITERS 3
#define BE_MIG_STALL_GAIN 0.10
struct be_mig_stall {
	unsigned iteration;     /* the last iteration seen */
	uint64_t best;          /* smallest remaining at an iteration start */
	unsigned since_best;    /* iterations since it last shrank enough */
};
bool be_mig_stall_step(struct be_mig_stall *s, unsigned iteration,
		       uint64_t remaining);
/* The monotonic progress: see migrate.c. */
double be_mig_progress(double prev, uint64_t processed, uint64_t remaining);

#endif
