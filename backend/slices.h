/* The time-slice model: which thread ran on which host CPU, from when to
 * when, and why it stopped; and per followed vCPU, its run, wait, slices
 * and halts over the last interval.  A tracer (kvm/tracer.c: tracefs, or
 * /proc sampled when tracefs cannot be used) fills it; views read it.
 * Hypervisor-neutral and free of libvirt, like backend/model.h.
 *
 * A sample (struct be_slices) holds only the slices that ended since the
 * previous one, so that samples stay small at 20,000 switches/s and
 * immutable; the UI keeps the last 60 s as a chain of samples
 * (struct be_slice_hist) without copying them. */
#ifndef HVTOP_BE_SLICES_H
#define HVTOP_BE_SLICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum be_slice_end {
	BE_SLICE_PREEMPTED = 0, /* switched out while still runnable */
	BE_SLICE_HALTED,        /* switched out asleep: the guest idled */
	BE_SLICE_MIGRATED,      /* moved to another host CPU */
	BE_SLICE_END_COUNT,
	/* be_slices.open only: not ended, still running at the sample */
	BE_SLICE_OPEN = BE_SLICE_END_COUNT
};

/* be_slice.who for what is not a followed thread */
#define BE_WHO_IDLE  (-1) /* the host CPU ran its idle task */
#define BE_WHO_OTHER (-2) /* a host thread hvtop does not follow */
/* be_sched_vcpu.waited_behind when the source cannot tell (the /proc
 * fallback sees times, not who ran) */
#define BE_WHO_UNKNOWN (-3)

/* A thread the tracer follows: one vCPU of one guest.  Indexes into
 * be_slices.threads are stable for the tracer's life (a restarted guest's
 * vCPU gets a new entry), so a slice's who stays meaningful in older
 * samples of the same tracer. */
struct be_sched_thread {
	unsigned host;   /* the host's id (be_domain.host) */
	char uuid[40];
	char name[64];   /* the domain's name, for the legend */
	int vcpu;        /* the guest's vCPU index */
	int tid;         /* host thread id */
};

struct be_slice {
	int64_t start_ns, end_ns; /* CLOCK_MONOTONIC */
	int32_t who;   /* index into be_slices.threads, or BE_WHO_* */
	uint16_t pcpu;
	uint8_t end;   /* enum be_slice_end */
};

/* One followed vCPU over the last interval. */
struct be_sched_vcpu {
	int pcpu;               /* where it ran last; -1 unknown */
	double run_pct;         /* 100 = the whole interval */
	double wait_pct;        /* runnable, not running (wake-up to switch-in) */
	uint64_t slices, halts; /* in the interval */
	double mean_slice_us;   /* < 0 when it had no slice */
	/* who held the pCPU longest while it waited: a thread index, or
	 * BE_WHO_OTHER with other_comm naming the host process; BE_WHO_IDLE
	 * when it never waited */
	int32_t waited_behind;
	char other_comm[16];
	double waited_behind_pct; /* of its wait time */
	char affinity[64];        /* host CPUs it may run on, "0-1"; "" unknown */
};

/* A tracer's sample: immutable once published, reference counted. */
struct be_slices {
	int refs;
	const char *source;  /* "tracefs" or "proc" (static strings) */
	char note[160];      /* why the fallback, or ""; for the header */
	unsigned ncpus;
	uint64_t lost;       /* events lost since the tracer started */
	int64_t mono_ns;     /* CLOCK_MONOTONIC at the sample */
	int64_t interval_ns; /* since the previous sample; 0 for the first */
	/* every thread followed so far (see be_sched_thread) */
	size_t nthreads;
	struct be_sched_thread *threads;
	/* per thread, over this interval (same index; nthreads of them) */
	struct be_sched_vcpu *stats;
	/* the slices that ended in this interval, in end order per pCPU */
	size_t nslices;
	struct be_slice *slices;
	/* the followed threads still running at mono_ns: each from its
	 * slice's start to mono_ns, end BE_SLICE_OPEN.  Only the newest
	 * sample's count (the next one holds them again, grown, or among its
	 * slices once ended): for the newest cells of a map, never written
	 * out or added up */
	size_t nopen;
	struct be_slice *open;
};

struct be_slices *be_slices_new(void);
void be_slices_ref(struct be_slices *s);
void be_slices_unref(struct be_slices *s);

/* The last span_ns of slices as a chain of samples (kept by reference),
 * for view 1's scrolling, `w` and --trace. */
struct be_slice_hist;
struct be_slice_hist *be_slice_hist_new(int64_t span_ns);
void be_slice_hist_free(struct be_slice_hist *h);
/* Adds a sample (takes a reference) and drops those older than span. */
void be_slice_hist_add(struct be_slice_hist *h, struct be_slices *s);
/* The newest sample, or NULL. */
const struct be_slices *be_slice_hist_last(const struct be_slice_hist *h);
/* Calls fn for every slice that overlaps [from_ns, to_ns), oldest
 * sample first, with the sample it came from (for its threads). */
void be_slice_hist_each(const struct be_slice_hist *h, int64_t from_ns,
			int64_t to_ns,
			void (*fn)(void *arg, const struct be_slices *s,
				   const struct be_slice *sl),
			void *arg);

/* A second chain holding the same samples (references, not copies): a
 * picture frozen while the live chain moves on (view 1's z). */
struct be_slice_hist *be_slice_hist_copy(const struct be_slice_hist *h);
/* The time the chain covers: from the start of its oldest sample's
 * interval to its newest sample; false when it holds none. */
bool be_slice_hist_range(const struct be_slice_hist *h, int64_t *from_ns,
			 int64_t *to_ns);

const char *be_slice_end_name(int end); /* "preempted", "halted", "migrated" */

#endif
