/* The time-slice tracer: a source (backend/source.h) whose samples are
 * struct be_slices (backend/slices.h).
 *
 * It follows the host threads it is given (the vCPU threads of local
 * guests) through a tracefs instance of its own (instances/hvtop-PID):
 * sched_switch, sched_wakeup and sched_migrate_task, filtered in the
 * kernel to those threads, read in binary from per_cpu/cpuN/trace_pipe_raw
 * on the source's own thread.  Without tracefs (not root, cannot mount)
 * it samples /proc/TID/{stat,schedstat} at 100 Hz instead, and says why
 * in be_slices.note.  The instance is made when the first thread is
 * followed and removed by stop; one left by a dead hvtop is removed when
 * the next one starts. */
#ifndef HVTOP_KVM_TRACER_H
#define HVTOP_KVM_TRACER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct be_source;
struct be_sched_thread;
struct be_slices;

struct be_source *kvm_tracer_new(void);
/* The threads to follow from now on (copied): those not in the set any
 * more are dropped, new ones added; a thread keeps its index while it
 * stays (be_sched_thread). */
void kvm_tracer_follow(struct be_source *s, const struct be_sched_thread *t,
		       size_t n);
/* A sample now, on the caller's thread (batch output): the slices and
 * stats since the previous one.  The caller's reference. */
struct be_slices *kvm_tracer_step(struct be_source *s);

/* tracefs is mounted at /sys/kernel/tracing, or now is; false with why */
bool kvm_tracefs_ready(char *why, size_t n);
/* Writes s to the tracefs file path, appending (uprobe_events) or in
 * place of what it held; 0, or -1 with errno. */
int kvm_tracefs_write(const char *path, const char *s, bool append);
/* pid is another hvtop that is running (its tracefs things are its own) */
bool kvm_hvtop_alive(long pid);

/* --- the binary format, exposed for unit tests ----------------------- */

/* Offsets from tracefs's events/header_page and events/sched/X/format. */
struct kvm_trace_fmt {
	unsigned ts_off, commit_off, commit_size, data_off, data_size;
	int switch_id, wakeup_id, migrate_id;
	unsigned sw_prev_comm, sw_prev_pid, sw_prev_state, sw_prev_state_size,
		 sw_next_comm, sw_next_pid;
	unsigned wk_pid, wk_cpu;
	unsigned mg_pid, mg_orig, mg_dest;
	/* sched_switch's prev_state bit that says "preempted": the bits
	 * below it are the sleep states (from its print fmt) */
	uint64_t preempt_bit;
};

enum kvm_ev_type { KVM_EV_SWITCH, KVM_EV_WAKEUP, KVM_EV_MIGRATE };

struct kvm_trace_ev {
	int64_t ts;
	int type;  /* enum kvm_ev_type */
	int cpu;   /* the buffer it came from */
	int pid;   /* switch: prev_pid; others: the task */
	int next_pid;
	int target; /* wakeup: target_cpu; migrate: dest_cpu */
	int orig;   /* migrate: orig_cpu */
	bool runnable; /* switch: prev still runnable (preempted) */
	char prev_comm[16];
};

/* Fills f from the text of header_page and the three format files;
 * -1 when a field is missing. */
int kvm_trace_parse_formats(struct kvm_trace_fmt *f, const char *header_page,
			    const char *sw, const char *wk, const char *mg);
/* Calls fn for each sched event on one page read from trace_pipe_raw
 * (len bytes).  *lost gets the events the ring buffer dropped before this
 * page (its missed-events flag: the stored count, else 1).  Returns the
 * number of events, -1 for a malformed page. */
int kvm_trace_parse_page(const struct kvm_trace_fmt *f, const unsigned char *page,
			 size_t len, int cpu,
			 void (*fn)(void *arg, const struct kvm_trace_ev *e),
			 void *arg, uint64_t *lost);

/* The events ev (in time order, on ncpus CPUs) as the tracer turns them
 * into one sample over [from_ns, to_ns], following the threads th: the
 * slices and numbers without tracefs, for unit tests. */
struct be_slices *kvm_tracer_replay(const struct be_sched_thread *th, size_t n,
				    unsigned ncpus, const struct kvm_trace_ev *ev,
				    size_t nev, int64_t from_ns, int64_t to_ns);

#endif
