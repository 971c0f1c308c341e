/* Long operations (create, snapshot, revert, waiting for a shutdown) each
 * run on a worker thread of their own, so the screen keeps refreshing and
 * keys keep working.  A job has a state, a progress fraction and phase, an
 * elapsed time and a result or error sentence.  Every change writes one
 * byte to the app's wake-up fd; the UI thread then reaps finished jobs and
 * runs their follow-up (be_jobs_reap).  No libvirt types here. */
#ifndef HVTOP_JOBS_H
#define HVTOP_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct be_jobs;
struct be_job;

enum be_job_state {
	BE_JOB_RUNNING = 0,
	BE_JOB_DONE,
	BE_JOB_FAILED,
	BE_JOB_CANCELLED,
};

/* A migration's progress (backend/migrate.c), plain numbers so that a
 * job info stays a flat copy.  Bytes and bytes/s; 0 where libvirt did not
 * say.  hist_*: the dirty rate and transfer rate at the end of each memory
 * iteration (pass), oldest first, the last BE_MIG_HIST of them. */
#define BE_MIG_HIST 32
struct be_job_mig {
	bool on;              /* this job is a migration */
	bool stalled;         /* remaining data stopped shrinking */
	bool postcopy_allowed;/* started with post-copy: the switch is possible */
	bool postcopy;        /* switched to post-copy */
	bool final;           /* the numbers are the completed job's */
	bool auto_converge;   /* this attempt runs with auto-converge */
	int throttle_pct;     /* ... and QEMU slows the guest's vCPUs this much */
	unsigned iteration;   /* memory passes so far (1: the first copy) */
	uint64_t data_total, data_processed, data_remaining;
	uint64_t iter_data;   /* data sent in the current pass */
	uint64_t dirty_bps, mem_bps;
	uint64_t downtime_ms; /* expected while running; actual when final */
	uint64_t elapsed_ms;  /* libvirt's own count */
	int64_t eta_s;        /* -1: unknown (dirtied as fast as sent) */
	uint64_t max_downtime_ms; /* as set now; 0: libvirt's default */
	uint64_t speed_mibs;  /* bandwidth cap now; 0: none */
	size_t nhist;
	double hist_dirty[BE_MIG_HIST], hist_bps[BE_MIG_HIST];
};

/* what a job says about itself: a copy, safe to read on the UI thread */
struct be_job_info {
	unsigned id;
	int kind;           /* the caller's tag (enum ui/ops kind) */
	unsigned host;
	char uuid[40];
	char *domain;       /* the domain's name, or NULL */
	char *title;        /* "create 'web1'" */
	char *dest;         /* where it goes (a migration's destination URI) */
	unsigned dest_host; /* ... and its host id, 0 if not one of ours */
	char *phase;        /* "creating the disk"; NULL */
	enum be_job_state state;
	double progress;    /* 0..1; < 0 unknown; a job may keep it monotonic */
	uint64_t done_bytes, total_bytes; /* when the work is measured in bytes */
	double rate;        /* bytes/s over the job so far; 0 unknown */
	int64_t start_ns, end_ns; /* CLOCK_MONOTONIC; end 0 while running */
	char *message;      /* result (done) or error sentence (failed) */
	char *virsh;        /* the virsh command it amounts to, or NULL */
	int outcome;        /* a job-specific code for the follow-up, 0 default */
	bool quiet;         /* a quick query: not listed unless it failed */
	bool cancellable;
	struct be_job_mig mig;
	/* only in be_jobs_reap's follow-up: the job's result data; the
	 * follow-up may take it by setting it to NULL */
	void *data;
};

/* Runs on the worker thread; returns 0 (done) or -1 (failed: call
 * be_job_fail first). */
typedef int (*be_job_fn)(struct be_job *j, void *arg);
/* Runs on the UI thread from be_jobs_reap, once the job ended. */
typedef void (*be_job_done_fn)(void *ui, struct be_job_info *ji);

struct be_job_spec {
	int kind;
	unsigned host;
	const char *dest;   /* NULL, or where the job moves something */
	unsigned dest_host;
	const char *uuid;   /* NULL: not about one domain */
	const char *domain; /* its name, for messages */
	const char *title;
	const char *virsh;  /* the virsh command it amounts to (be_virsh) */
	bool quiet;
	bool cancellable;
	be_job_fn run;
	void *arg;                 /* owned by the job from now on */
	void (*free_arg)(void *);  /* NULL: free() */
	be_job_done_fn done;       /* may be NULL */
};

/* wake_fd gets one byte per change (the app's wake-up pipe). */
struct be_jobs *be_jobs_new(int wake_fd);
/* Asks running jobs to stop, waits for them, frees everything.  Returns
 * at once when js is NULL. */
void be_jobs_free(struct be_jobs *js);
/* Starts a job; its id, or 0 if no thread could be started (the arg is
 * freed then). */
unsigned be_jobs_start(struct be_jobs *js, const struct be_job_spec *spec);
/* On the UI thread: runs the follow-up of every job that ended since the
 * last call; returns how many. */
size_t be_jobs_reap(struct be_jobs *js, void *ui);
/* A copy of the listed jobs (not the quiet ones that succeeded or still
 * run), oldest first.  Free with be_job_infos_free. */
size_t be_jobs_list(struct be_jobs *js, struct be_job_info **out);
void be_job_infos_free(struct be_job_info *v, size_t n);
/* Changes on every job change: a view redraws when it moved. */
uint64_t be_jobs_generation(struct be_jobs *js);
/* Jobs not yet ended. */
size_t be_jobs_running(struct be_jobs *js);
/* Asks a cancellable job to stop; -1 if it is not running or not
 * cancellable. */
int be_jobs_cancel(struct be_jobs *js, unsigned id);

/* --- for job functions, on the worker thread ---------------------------- */
/* progress in 0..1 (< 0: unknown) and a phase sentence (fmt may be NULL) */
void be_job_phase(struct be_job *j, double progress, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void be_job_bytes(struct be_job *j, uint64_t done, uint64_t total);
/* sets the error sentence; returns -1 for `return be_job_fail(...)` */
int be_job_fail(struct be_job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void be_job_result(struct be_job *j, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void be_job_outcome(struct be_job *j, int outcome);
/* a migration's progress (sets progress from m's own monotonic figure) */
void be_job_mig(struct be_job *j, const struct be_job_mig *m, double progress);
/* result data handed to the follow-up (ji->data); freed with free_fn
 * unless the follow-up takes it */
void be_job_data(struct be_job *j, void *data, void (*free_fn)(void *));
bool be_job_cancelled(struct be_job *j);
unsigned be_job_id(const struct be_job *j);
/* sleeps up to ns; false if the job was cancelled meanwhile */
bool be_job_sleep(struct be_job *j, int64_t ns);

#endif
