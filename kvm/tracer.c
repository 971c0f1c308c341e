/* The time-slice tracer as a source: see kvm/tracer.h.  Events become
 * slices and per-thread numbers here; kvm/tracefmt.c reads the pages. */
#include <config.h>
#include "kvm/tracer.h"
#include "backend/model.h"
#include "backend/slices.h"
#include "backend/source.h"
#include "common/signals.h"
#include "common/test_hooks.h"
#include "common/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <time.h>
#include <unistd.h>

#define TRACEFS_MAGIC 0x74726163
#define TRACEFS_DIR "/sys/kernel/tracing"
/* the buffers are read this often: at 20,000 switches/s a CPU's 1 MiB
 * holds about a second of events, so 20 ms leaves a wide margin */
#define DRAIN_NS 20000000LL
#define PROC_TICK_NS 10000000LL /* the /proc fallback's 100 Hz */
#define BUF_KB "1024"
#define WB_SLOTS 6

enum tstate { T_UNKNOWN, T_RUN, T_WAIT, T_SLEEP };

/* who a waiting thread waited behind, with how long */
struct wb {
	int32_t who;
	char comm[16];
	uint64_t ns;
};

/* A followed thread's live state and its numbers over the interval. */
struct thr {
	bool active;       /* in the follow set now */
	enum tstate st;
	int cpu;           /* running or waiting on; last ran on */
	int last_cpu;
	int64_t since;     /* of the running state */
	int64_t wait_since;
	int64_t acct_at;   /* run/wait counted up to here */
	long last_slice;   /* in acc, while it may still turn "migrated" */
	uint64_t run_ns, wait_ns, slices, halts, slice_ns;
	struct wb wb[WB_SLOTS];
	/* /proc fallback */
	int fd_stat, fd_sched;
	uint64_t p_run, p_wait, p_cnt;
	bool p_have, p_open;
	struct be_slice p_cur;
};

/* per host CPU: the gap a followed thread left, to name who filled it */
struct cpu {
	int64_t gap_start; /* 0: none known */
	int gap_pid;
};

struct tracer {
	struct be_source src; /* first: the source ops */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool started, stop, kick;
	int wake_fd;
	int64_t delay_ns;
	unsigned needs;
	/* the follow set the UI gave, not yet applied */
	struct be_sched_thread *want;
	size_t nwant;
	bool want_new;
	struct be_slices *mailbox;

	/* below: the tracer's thread only (or the batch caller's, through
	 * step, under lock) */
	bool set_up;
	const char *source; /* "tracefs" or "proc" */
	char note[160];
	char inst[256];   /* our instance's dir, "" when none */
	struct kvm_trace_fmt fmt;
	unsigned ncpus;
	int *fds;         /* trace_pipe_raw per CPU */
	unsigned char *page;
	size_t page_size;
	uint64_t lost_pages;
	size_t nthreads, cap;
	struct be_sched_thread *threads;
	struct thr *t;
	/* tid -> index, open addressing */
	int *map_tid;
	size_t map_cap;
	struct cpu *cpus;
	/* events read but newer than the horizon, for the next round */
	struct kvm_trace_ev *ev;
	size_t nev, evcap;
	/* slices of this interval */
	struct be_slice *acc;
	size_t nacc, acccap;
	int64_t last_cut;
	int64_t last_proc;
};

static struct tracer *tr_of(struct be_source *s)
{
	return (struct tracer *)s;
}

/* --- small file helpers ------------------------------------------------ */

int kvm_tracefs_write(const char *path, const char *s, bool append)
{
	/* uprobe_events: never O_TRUNC, which would drop every uprobe */
	int fd = open(path, O_WRONLY | O_CLOEXEC | (append ? O_APPEND : O_TRUNC));
	ssize_t n;
	size_t len = strlen(s);
	if (fd < 0)
		return -1;
	n = write(fd, s, len);
	close(fd);
	return n == (ssize_t)len ? 0 : -1;
}

static int write_at(const struct tracer *t, const char *rel, const char *s)
{
	char path[512];
	snprintf(path, sizeof(path), "%s/%s", t->inst, rel);
	return kvm_tracefs_write(path, s, false);
}

static char *read_text(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 8192;
	char *buf;
	ssize_t r;
	if (fd < 0)
		return NULL;
	buf = xmalloc(cap);
	while ((r = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)r;
		if (cap - len < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
	}
	close(fd);
	buf[len] = '\0';
	return buf;
}

/* --- threads ----------------------------------------------------------- */

static void map_rebuild(struct tracer *t)
{
	size_t i, need = 16;
	while (need < t->nthreads * 2 + 2)
		need *= 2;
	free(t->map_tid);
	t->map_cap = need;
	t->map_tid = xmalloc(need * sizeof(int) * 2);
	for (i = 0; i < need * 2; i++)
		t->map_tid[i] = -1;
	for (i = 0; i < t->nthreads; i++) {
		size_t h;
		if (!t->t[i].active)
			continue;
		h = ((unsigned)t->threads[i].tid * 2654435761u) & (need - 1);
		while (t->map_tid[h * 2] != -1)
			h = (h + 1) & (need - 1);
		t->map_tid[h * 2] = t->threads[i].tid;
		t->map_tid[h * 2 + 1] = (int)i;
	}
}

/* the index of an active followed thread, or -1 */
static int idx_of(const struct tracer *t, int tid)
{
	size_t h;
	if (!t->map_cap || tid <= 0)
		return -1;
	h = ((unsigned)tid * 2654435761u) & (t->map_cap - 1);
	while (t->map_tid[h * 2] != -1) {
		if (t->map_tid[h * 2] == tid)
			return t->map_tid[h * 2 + 1];
		h = (h + 1) & (t->map_cap - 1);
	}
	return -1;
}

static void thr_reset(struct thr *h)
{
	h->st = T_UNKNOWN;
	h->last_slice = -1;
}

static void proc_close(struct thr *h)
{
	if (h->fd_stat >= 0)
		close(h->fd_stat);
	if (h->fd_sched >= 0)
		close(h->fd_sched);
	h->fd_stat = h->fd_sched = -1;
	h->p_have = h->p_open = false;
}

/* Applies the wanted set: true when the followed tids changed. */
static bool apply_follow(struct tracer *t, struct be_sched_thread *w, size_t n)
{
	bool changed = false;
	size_t i, j;
	bool *keep = xcalloc(t->nthreads + 1, sizeof(*keep));
	for (j = 0; j < n; j++) {
		for (i = 0; i < t->nthreads; i++)
			if (t->threads[i].tid == w[j].tid && t->threads[i].vcpu == w[j].vcpu &&
			    t->threads[i].host == w[j].host &&
			    strcmp(t->threads[i].uuid, w[j].uuid) == 0)
				break;
		if (i == t->nthreads) {
			if (t->nthreads == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 16;
				t->threads = xrealloc(t->threads, t->cap * sizeof(*t->threads));
				t->t = xrealloc(t->t, t->cap * sizeof(*t->t));
			}
			keep = xrealloc(keep, (t->nthreads + 1) * sizeof(*keep));
			t->threads[i] = w[j];
			memset(&t->t[i], 0, sizeof(t->t[i]));
			t->t[i].fd_stat = t->t[i].fd_sched = -1;
			thr_reset(&t->t[i]);
			t->t[i].cpu = t->t[i].last_cpu = -1;
			t->nthreads++;
		}
		/* a renamed domain keeps its thread */
		snprintf(t->threads[i].name, sizeof(t->threads[i].name), "%s", w[j].name);
		keep[i] = true;
	}
	for (i = 0; i < t->nthreads; i++) {
		if (keep[i] != t->t[i].active)
			changed = true;
		if (!keep[i] && t->t[i].active) {
			thr_reset(&t->t[i]);
			proc_close(&t->t[i]);
		}
		t->t[i].active = keep[i];
	}
	free(keep);
	if (changed)
		map_rebuild(t);
	return changed;
}

/* --- tracefs ------------------------------------------------------------ */

/* "prev_pid==1||prev_pid==2"; NULL when it would not fit in the filter
 * file (a page): then the events are not filtered, only ignored here */
static char *filter_of(const struct tracer *t, const char *f1, const char *f2)
{
	size_t i, cap = 4000;
	char *s = xmalloc(cap), *p = s;
	bool any = false;
	*s = '\0';
	for (i = 0; i < t->nthreads; i++) {
		int n;
		if (!t->t[i].active)
			continue;
		n = f2 ? snprintf(p, cap - (size_t)(p - s), "%s%s==%d||%s==%d",
				  any ? "||" : "", f1, t->threads[i].tid, f2, t->threads[i].tid) :
			 snprintf(p, cap - (size_t)(p - s), "%s%s==%d",
				  any ? "||" : "", f1, t->threads[i].tid);
		if (n < 0 || (size_t)n >= cap - (size_t)(p - s)) {
			free(s);
			return NULL;
		}
		p += n;
		any = true;
	}
	if (!any)
		snprintf(s, cap, "%s==-1", f1);
	return s;
}

static void set_filters(struct tracer *t)
{
	static const struct { const char *ev, *f1, *f2; } evs[] = {
		{ "events/sched/sched_switch/filter", "prev_pid", "next_pid" },
		{ "events/sched/sched_wakeup/filter", "pid", NULL },
		{ "events/sched/sched_migrate_task/filter", "pid", NULL },
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(evs); i++) {
		char *f = filter_of(t, evs[i].f1, evs[i].f2);
		/* "0" clears a filter */
		if (write_at(t, evs[i].ev, f ? f : "0") < 0 && f)
			write_at(t, evs[i].ev, "0");
		free(f);
	}
}

static bool tracefs_mounted(void)
{
	struct statfs sf;
	return statfs(TRACEFS_DIR, &sf) == 0 && sf.f_type == TRACEFS_MAGIC;
}

bool kvm_hvtop_alive(long pid)
{
	char path[64], comm[64] = "";
	int fd;
	ssize_t r;
	if (pid == (long)getpid())
		return false;
	snprintf(path, sizeof(path), "/proc/%ld/comm", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	comm[r > 0 ? r : 0] = '\0';
	/* hvtop, or its libtool wrapper's child */
	return strstr(comm, "hvtop") != NULL;
}

bool kvm_tracefs_ready(char *why, size_t n)
{
	if (tracefs_mounted())
		return true;
	if (mount("nodev", TRACEFS_DIR, "tracefs", 0, NULL) == 0)
		return true;
	snprintf(why, n, "tracefs is not mounted and cannot be (%s)", strerror(errno));
	return false;
}

/* Removes instances of hvtop processes that are gone (a crash, a kill -9):
 * a live one belongs to another hvtop and is left alone. */
static void remove_stale(void)
{
	DIR *d = opendir(TRACEFS_DIR "/instances");
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d))) {
		char path[512];
		long pid;
		char *end;
		if (strncmp(e->d_name, "hvtop-", 6) != 0)
			continue;
		pid = strtol(e->d_name + 6, &end, 10);
		if (*end || pid <= 0 || kvm_hvtop_alive(pid))
			continue;
		snprintf(path, sizeof(path), TRACEFS_DIR "/instances/%s", e->d_name);
		rmdir(path);
	}
	closedir(d);
}

static int fmt_load(struct tracer *t)
{
	char *hp = read_text(TRACEFS_DIR "/events/header_page");
	char *sw = read_text(TRACEFS_DIR "/events/sched/sched_switch/format");
	char *wk = read_text(TRACEFS_DIR "/events/sched/sched_wakeup/format");
	char *mg = read_text(TRACEFS_DIR "/events/sched/sched_migrate_task/format");
	int r = hp && sw && wk && mg ?
		kvm_trace_parse_formats(&t->fmt, hp, sw, wk, mg) : -1;
	free(hp);
	free(sw);
	free(wk);
	free(mg);
	return r;
}

static void tracefs_close(struct tracer *t)
{
	unsigned c;
	if (!t->inst[0])
		return;
	write_at(t, "tracing_on", "0");
	for (c = 0; t->fds && c < t->ncpus; c++)
		if (t->fds[c] >= 0)
			close(t->fds[c]);
	free(t->fds);
	t->fds = NULL;
	/* the events must be off for the kernel to let the instance go */
	write_at(t, "events/enable", "0");
	rmdir(t->inst);
	t->inst[0] = '\0';
}

/* 0, or -1 with t->note saying why not */
static int tracefs_open(struct tracer *t)
{
	static const char *const evs[] = {
		"events/sched/sched_switch/enable",
		"events/sched/sched_wakeup/enable",
		"events/sched/sched_migrate_task/enable",
	};
	unsigned c;
	size_t i;
	long n;

	if (getenv(TEST_HOOK_TRACER_PROC)) {
		snprintf(t->note, sizeof(t->note), "tracefs not used ($%s)",
			 TEST_HOOK_TRACER_PROC);
		return -1;
	}
	if (!kvm_tracefs_ready(t->note, sizeof(t->note)))
		return -1;
	remove_stale();
	snprintf(t->inst, sizeof(t->inst), TRACEFS_DIR "/instances/hvtop-%ld",
		 (long)getpid());
	if (mkdir(t->inst, 0700) < 0 && errno != EEXIST) {
		snprintf(t->note, sizeof(t->note), "no tracefs instance (%s)",
			 strerror(errno));
		t->inst[0] = '\0';
		return -1;
	}
	if (fmt_load(t) < 0) {
		snprintf(t->note, sizeof(t->note), "cannot read the sched events' formats in tracefs");
		goto fail;
	}
	t->page_size = t->fmt.data_off + t->fmt.data_size;
	t->page = xrealloc(t->page, t->page_size);
	n = sysconf(_SC_NPROCESSORS_CONF);
	t->ncpus = n > 0 ? (unsigned)n : 1;
	write_at(t, "tracing_on", "0");
	/* CLOCK_MONOTONIC, as the rest of hvtop; the same on every CPU */
	if (write_at(t, "trace_clock", "mono") < 0) {
		snprintf(t->note, sizeof(t->note), "tracefs has no mono trace clock");
		goto fail;
	}
	write_at(t, "buffer_size_kb", BUF_KB);
	set_filters(t);
	for (i = 0; i < ARRAY_SIZE(evs); i++)
		if (write_at(t, evs[i], "1") < 0) {
			snprintf(t->note, sizeof(t->note), "cannot enable %s (%s)",
				 evs[i], strerror(errno));
			goto fail;
		}
	t->fds = xmalloc(t->ncpus * sizeof(*t->fds));
	t->cpus = xcalloc(t->ncpus, sizeof(*t->cpus));
	for (c = 0; c < t->ncpus; c++) {
		char path[512];
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/trace_pipe_raw", t->inst, c);
		t->fds[c] = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	}
	if (write_at(t, "tracing_on", "1") < 0) {
		snprintf(t->note, sizeof(t->note), "cannot start tracing (%s)", strerror(errno));
		goto fail;
	}
	return 0;
fail:
	tracefs_close(t);
	return -1;
}

/* the sum of the ring buffers' own counts of events they could not keep */
static uint64_t stats_lost(const struct tracer *t)
{
	uint64_t sum = 0;
	unsigned c;
	for (c = 0; c < t->ncpus; c++) {
		char path[512], *s, *p;
		snprintf(path, sizeof(path), "%s/per_cpu/cpu%u/stats", t->inst, c);
		s = read_text(path);
		if (!s)
			continue;
		if ((p = strstr(s, "overrun:")))
			sum += strtoull(p + 8, NULL, 10);
		if ((p = strstr(s, "dropped events:")))
			sum += strtoull(p + 15, NULL, 10);
		free(s);
	}
	return sum;
}

/* --- events to slices --------------------------------------------------- */

static long add_slice(struct tracer *t, int64_t start, int64_t end, int32_t who,
		      int cpu, int why)
{
	struct be_slice *s;
	if (end <= start)
		return -1;
	if (t->nacc == t->acccap) {
		t->acccap = t->acccap ? t->acccap * 2 : 1024;
		t->acc = xrealloc(t->acc, t->acccap * sizeof(*t->acc));
	}
	s = &t->acc[t->nacc];
	s->start_ns = start;
	s->end_ns = end;
	s->who = who;
	s->pcpu = (uint16_t)cpu;
	s->end = (uint8_t)why;
	return (long)t->nacc++;
}

/* counts h's run or wait time up to ts; never backwards (a cut counts up
 * to its own time, and events a little older may still come after it) */
static void credit(struct thr *h, int64_t ts)
{
	if (ts <= h->acct_at)
		return;
	if (h->st == T_RUN)
		h->run_ns += (uint64_t)(ts - h->acct_at);
	else if (h->st == T_WAIT)
		h->wait_ns += (uint64_t)(ts - h->acct_at);
	h->acct_at = ts;
}

static void wb_add(struct thr *h, int32_t who, const char *comm, uint64_t ns)
{
	int i, low = 0;
	for (i = 0; i < WB_SLOTS; i++) {
		struct wb *w = &h->wb[i];
		if (w->ns && w->who == who &&
		    (who >= 0 || who == BE_WHO_IDLE || strcmp(w->comm, comm) == 0)) {
			w->ns += ns;
			return;
		}
		if (w->ns < h->wb[low].ns)
			low = i;
	}
	/* the smallest makes room: the top one is what is shown */
	h->wb[low].who = who;
	snprintf(h->wb[low].comm, sizeof(h->wb[low].comm), "%s", comm);
	h->wb[low].ns = ns;
}

static void on_event(struct tracer *t, const struct kvm_trace_ev *e)
{
	int p, q;
	struct thr *h;
	if (e->cpu < 0 || (unsigned)e->cpu >= t->ncpus)
		return;
	switch (e->type) {
	case KVM_EV_SWITCH: {
		struct cpu *c = &t->cpus[e->cpu];
		p = idx_of(t, e->pid);
		q = idx_of(t, e->next_pid);
		if (p >= 0) {
			h = &t->t[p];
			credit(h, e->ts);
			if (h->st == T_RUN && h->cpu == e->cpu) {
				int why = e->runnable ? BE_SLICE_PREEMPTED : BE_SLICE_HALTED;
				h->last_slice = add_slice(t, h->since, e->ts, p, e->cpu, why);
				h->slices++;
				h->slice_ns += (uint64_t)(e->ts - h->since);
				if (!e->runnable)
					h->halts++;
			}
			h->st = e->runnable ? T_WAIT : T_SLEEP;
			h->wait_since = e->ts;
			h->cpu = h->last_cpu = e->cpu;
			c->gap_start = q < 0 ? e->ts : 0;
			c->gap_pid = e->next_pid;
		} else if (c->gap_start && c->gap_pid == e->pid) {
			/* the CPU ran one unfollowed thread (or idled) since a
			 * followed one left it */
			add_slice(t, c->gap_start, e->ts, e->pid ? BE_WHO_OTHER : BE_WHO_IDLE,
				  e->cpu, BE_SLICE_PREEMPTED);
		}
		if (q >= 0) {
			h = &t->t[q];
			credit(h, e->ts);
			if (h->st == T_WAIT) {
				int64_t from = h->wait_since > t->last_cut ? h->wait_since : t->last_cut;
				/* approximation: the whole wait is put on the thread
				 * this switch-in displaced; the filter shows only
				 * switches that involve a followed thread */
				if (e->ts > from)
					wb_add(h, p >= 0 ? p : e->pid ? BE_WHO_OTHER : BE_WHO_IDLE,
					       e->prev_comm, (uint64_t)(e->ts - from));
			}
			h->st = T_RUN;
			h->since = e->ts;
			h->cpu = h->last_cpu = e->cpu;
			h->last_slice = -1;
			c->gap_start = 0;
		}
		break;
	}
	case KVM_EV_WAKEUP:
		p = idx_of(t, e->pid);
		if (p < 0)
			break;
		h = &t->t[p];
		if (h->st == T_SLEEP || h->st == T_UNKNOWN) {
			credit(h, e->ts);
			h->st = T_WAIT;
			h->wait_since = e->ts;
			h->cpu = e->target;
		}
		break;
	case KVM_EV_MIGRATE:
		p = idx_of(t, e->pid);
		if (p < 0)
			break;
		h = &t->t[p];
		/* moved while runnable: its last slice ended by the move */
		if (h->st == T_WAIT && h->last_slice >= 0 &&
		    (size_t)h->last_slice < t->nacc &&
		    t->acc[h->last_slice].end == BE_SLICE_PREEMPTED &&
		    t->acc[h->last_slice].pcpu == e->orig)
			t->acc[h->last_slice].end = BE_SLICE_MIGRATED;
		if (h->st != T_RUN)
			h->cpu = e->target;
		break;
	}
}

static void ev_collect(void *arg, const struct kvm_trace_ev *e)
{
	struct tracer *t = arg;
	if (t->nev == t->evcap) {
		t->evcap = t->evcap ? t->evcap * 2 : 4096;
		t->ev = xrealloc(t->ev, t->evcap * sizeof(*t->ev));
	}
	t->ev[t->nev++] = *e;
}

static int by_ts(const void *a, const void *b)
{
	const struct kvm_trace_ev *x = a, *y = b;
	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->cpu - y->cpu;
}

/* Reads every CPU's buffer and handles, in time order, the events older
 * than when the reading began (a CPU read first may still log events
 * older than the last one read from another: those wait a round). */
static void drain(struct tracer *t)
{
	int64_t horizon = mono_ns();
	unsigned c;
	size_t i, keep = 0;
	bool lost = false;
	for (c = 0; c < t->ncpus; c++) {
		if (t->fds[c] < 0)
			continue;
		for (;;) {
			uint64_t missed = 0;
			ssize_t r = read(t->fds[c], t->page, t->page_size);
			if (r <= 0)
				break;
			kvm_trace_parse_page(&t->fmt, t->page, (size_t)r, (int)c,
					     ev_collect, t, &missed);
			if (missed) {
				t->lost_pages += missed;
				lost = true;
			}
		}
	}
	if (lost) {
		/* what happened in the gap is unknown: start each thread
		 * afresh at its next event */
		for (i = 0; i < t->nthreads; i++)
			thr_reset(&t->t[i]);
		memset(t->cpus, 0, t->ncpus * sizeof(*t->cpus));
	}
	/* (no events: t->ev may still be NULL, which qsort must not get) */
	if (t->nev > 1)
		qsort(t->ev, t->nev, sizeof(*t->ev), by_ts);
	for (i = 0; i < t->nev; i++) {
		if (t->ev[i].ts > horizon)
			t->ev[keep++] = t->ev[i];
		else
			on_event(t, &t->ev[i]);
	}
	t->nev = keep;
}

/* --- the /proc fallback ------------------------------------------------- */

static bool pread_text(int fd, char *buf, size_t n)
{
	ssize_t r = pread(fd, buf, n - 1, 0);
	if (r <= 0)
		return false;
	buf[r] = '\0';
	return true;
}

static void proc_close_slice(struct tracer *t, struct thr *h, int why)
{
	if (!h->p_open)
		return;
	h->p_open = false;
	h->p_cur.end = (uint8_t)why;
	add_slice(t, h->p_cur.start_ns, h->p_cur.end_ns, h->p_cur.who,
		  h->p_cur.pcpu, why);
	if (why == BE_SLICE_HALTED)
		h->halts++;
}

/* One 100 Hz look at each thread: schedstat's run and wait times and
 * slice count, and stat's state and CPU.  Slices are as coarse as the
 * tick: a thread that ran during it gets [now - ran, now], grown by what
 * it runs in the next ticks until it sleeps, stops running or moves. */
static void proc_tick(struct tracer *t)
{
	int64_t now = mono_ns();
	size_t i;
	for (i = 0; i < t->nthreads; i++) {
		struct thr *h = &t->t[i];
		char buf[1024], *p, state;
		unsigned long long run, wait, cnt;
		int cpu = -1, f;
		if (!h->active)
			continue;
		if (h->fd_stat < 0) {
			char path[64];
			snprintf(path, sizeof(path), "/proc/%d/stat", t->threads[i].tid);
			h->fd_stat = open(path, O_RDONLY | O_CLOEXEC);
			snprintf(path, sizeof(path), "/proc/%d/schedstat", t->threads[i].tid);
			h->fd_sched = open(path, O_RDONLY | O_CLOEXEC);
		}
		if (h->fd_stat < 0 || h->fd_sched < 0 ||
		    !pread_text(h->fd_sched, buf, sizeof(buf)) ||
		    sscanf(buf, "%llu %llu %llu", &run, &wait, &cnt) != 3)
			continue;
		if (!pread_text(h->fd_stat, buf, sizeof(buf)) || !(p = strrchr(buf, ')')))
			continue;
		state = p[2];
		/* field 39 (processor), counted from the state (field 3) */
		p += 2;
		for (f = 3; f < 39 && p; f++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (p)
			cpu = atoi(p);
		if (h->p_have) {
			uint64_t dr = run - h->p_run, dw = wait - h->p_wait;
			h->run_ns += dr;
			h->wait_ns += dw;
			h->slices += cnt - h->p_cnt;
			h->slice_ns += dr;
			if (dr) {
				if (h->p_open && h->p_cur.pcpu != cpu)
					proc_close_slice(t, h, BE_SLICE_MIGRATED);
				if (h->p_open) {
					/* the slice grows by the time run, not the
					 * tick: their sum stays the thread's run time */
					h->p_cur.end_ns += (int64_t)dr;
					if (h->p_cur.end_ns > now)
						h->p_cur.end_ns = now;
				} else {
					h->p_open = true;
					h->p_cur.start_ns = now - (int64_t)dr;
					h->p_cur.end_ns = now;
					h->p_cur.pcpu = (uint16_t)(cpu >= 0 ? cpu : 0);
					h->p_cur.who = (int32_t)i;
				}
			} else if (h->p_open) {
				proc_close_slice(t, h, state == 'R' ? BE_SLICE_PREEMPTED :
						 BE_SLICE_HALTED);
			}
			if (h->p_open && state != 'R')
				proc_close_slice(t, h, BE_SLICE_HALTED);
			/* it did not run the whole tick: it was switched out
			 * in it (its slices are as coarse as the tick) */
			else if (h->p_open && t->last_proc &&
				 (int64_t)dr < (now - t->last_proc) * 9 / 10)
				proc_close_slice(t, h, BE_SLICE_PREEMPTED);
		}
		h->p_run = run;
		h->p_wait = wait;
		h->p_cnt = cnt;
		h->p_have = true;
		h->last_cpu = cpu;
	}
	t->last_proc = now;
}

/* --- samples ------------------------------------------------------------ */

static void affinity_of(int tid, char *buf, size_t n)
{
	cpu_set_t set;
	unsigned char map[CPU_SETSIZE / 8];
	int c;
	buf[0] = '\0';
	if (sched_getaffinity(tid, sizeof(set), &set) < 0)
		return;
	memset(map, 0, sizeof(map));
	for (c = 0; c < CPU_SETSIZE; c++)
		if (CPU_ISSET(c, &set))
			map[c / 8] |= (unsigned char)(1u << (c % 8));
	be_cpumap_format(buf, n, map, sizeof(map));
}

/* The followed threads running at the cut, each with its slice so far: a
 * vCPU alone on a host CPU can run for seconds between two switches, and
 * the map's newest cells would show that CPU idle until it switched out. */
static void open_slices(const struct tracer *t, struct be_slices *s, bool tracefs,
			int64_t now)
{
	size_t i;
	for (i = 0; i < t->nthreads; i++) {
		const struct thr *h = &t->t[i];
		struct be_slice o;
		if (!h->active)
			continue;
		if (tracefs && h->st == T_RUN && h->cpu >= 0 && h->since < now) {
			o.start_ns = h->since;
			o.end_ns = now;
			o.pcpu = (uint16_t)h->cpu;
		} else if (!tracefs && h->p_open && h->p_cur.start_ns < h->p_cur.end_ns) {
			o = h->p_cur;
		} else {
			continue;
		}
		o.who = (int32_t)i;
		o.end = BE_SLICE_OPEN;
		if (!s->open)
			s->open = xmalloc(t->nthreads * sizeof(*s->open));
		s->open[s->nopen++] = o;
	}
}

/* The interval since the last cut as a sample; resets the interval. */
static struct be_slices *cut_at(struct tracer *t, int64_t now, bool io)
{
	struct be_slices *s = be_slices_new();
	size_t i;
	bool tracefs = t->source && strcmp(t->source, "tracefs") == 0;

	if (io && t->set_up && tracefs)
		drain(t);
	else if (io && t->set_up && t->source)
		proc_tick(t);
	s->source = t->source ? t->source : "";
	snprintf(s->note, sizeof(s->note), "%s", t->note);
	s->ncpus = t->ncpus;
	s->mono_ns = now;
	s->interval_ns = t->last_cut ? now - t->last_cut : 0;
	if (tracefs) {
		uint64_t st = io ? stats_lost(t) : 0;
		s->lost = st > t->lost_pages ? st : t->lost_pages;
	}
	s->nthreads = t->nthreads;
	if (t->nthreads) {
		s->threads = xmalloc(t->nthreads * sizeof(*s->threads));
		memcpy(s->threads, t->threads, t->nthreads * sizeof(*s->threads));
		s->stats = xcalloc(t->nthreads, sizeof(*s->stats));
	}
	for (i = 0; i < t->nthreads; i++) {
		struct thr *h = &t->t[i];
		struct be_sched_vcpu *v = &s->stats[i];
		double iv = (double)s->interval_ns;
		int k, top = -1;
		if (tracefs)
			credit(h, now);
		v->pcpu = h->last_cpu;
		v->run_pct = iv > 0 && h->active ? 100.0 * (double)h->run_ns / iv : -1;
		v->wait_pct = iv > 0 && h->active ? 100.0 * (double)h->wait_ns / iv : -1;
		v->slices = h->slices;
		v->halts = h->halts;
		v->mean_slice_us = h->slices ? (double)h->slice_ns / (double)h->slices / 1000.0 : -1;
		v->waited_behind = tracefs ? BE_WHO_IDLE : BE_WHO_UNKNOWN;
		for (k = 0; k < WB_SLOTS; k++)
			if (h->wb[k].ns && (top < 0 || h->wb[k].ns > h->wb[top].ns))
				top = k;
		if (top >= 0) {
			uint64_t sum = 0;
			for (k = 0; k < WB_SLOTS; k++)
				sum += h->wb[k].ns;
			v->waited_behind = h->wb[top].who;
			snprintf(v->other_comm, sizeof(v->other_comm), "%s", h->wb[top].comm);
			v->waited_behind_pct = 100.0 * (double)h->wb[top].ns / (double)sum;
		}
		if (io && h->active)
			affinity_of(t->threads[i].tid, v->affinity, sizeof(v->affinity));
		h->run_ns = h->wait_ns = h->slices = h->halts = h->slice_ns = 0;
		memset(h->wb, 0, sizeof(h->wb));
		/* a slice handed out can no longer turn "migrated" */
		h->last_slice = -1;
	}
	open_slices(t, s, tracefs, now);
	s->nslices = t->nacc;
	if (t->nacc) {
		s->slices = xmalloc(t->nacc * sizeof(*s->slices));
		memcpy(s->slices, t->acc, t->nacc * sizeof(*s->slices));
	}
	t->nacc = 0;
	t->last_cut = now;
	return s;
}

static struct be_slices *cut(struct tracer *t)
{
	return cut_at(t, mono_ns(), true);
}

/* Applies a new follow set; sets up on the first thread followed. */
static void take_follow(struct tracer *t)
{
	struct be_sched_thread *w;
	size_t n;
	bool changed;
	pthread_mutex_lock(&t->lock);
	if (!t->want_new) {
		pthread_mutex_unlock(&t->lock);
		return;
	}
	w = t->want;
	n = t->nwant;
	t->want = NULL;
	t->nwant = 0;
	t->want_new = false;
	pthread_mutex_unlock(&t->lock);
	changed = apply_follow(t, w, n);
	free(w);
	if (!t->set_up && n) {
		t->set_up = true;
		if (tracefs_open(t) == 0) {
			t->source = "tracefs";
		} else {
			long c = sysconf(_SC_NPROCESSORS_CONF);
			t->source = "proc";
			t->ncpus = c > 0 ? (unsigned)c : 1;
		}
		t->last_cut = mono_ns();
	} else if (changed && t->inst[0]) {
		set_filters(t);
	}
}

static void *run(void *arg)
{
	struct tracer *t = arg;
	int64_t next_cut = mono_ns() + t->delay_ns;
	for (;;) {
		struct timespec until;
		int64_t now, tick, due;
		bool cut_now;

		take_follow(t);
		now = mono_ns();
		pthread_mutex_lock(&t->lock);
		cut_now = t->kick || now >= next_cut;
		t->kick = false;
		pthread_mutex_unlock(&t->lock);
		if (cut_now) {
			struct be_slices *s = cut(t);
			char b = 1;
			ssize_t wr;
			pthread_mutex_lock(&t->lock);
			be_slices_unref(t->mailbox);
			t->mailbox = s;
			next_cut = now + t->delay_ns;
			pthread_mutex_unlock(&t->lock);
			if (t->wake_fd >= 0) {
				wr = write(t->wake_fd, &b, 1);
				(void)wr;
			}
		} else if (t->set_up && t->inst[0]) {
			drain(t);
		} else if (t->set_up && t->source) {
			proc_tick(t);
		}
		tick = !t->set_up ? t->delay_ns :
		       t->inst[0] ? DRAIN_NS : PROC_TICK_NS;
		now = mono_ns();
		due = next_cut - now < tick ? next_cut - now : tick;
		if (due < 0)
			due = 0;
		clock_gettime(CLOCK_REALTIME, &until);
		due += until.tv_nsec;
		until.tv_sec += due / 1000000000LL;
		until.tv_nsec = due % 1000000000LL;
		pthread_mutex_lock(&t->lock);
		while (!t->stop && !t->kick && !t->want_new &&
		       pthread_cond_timedwait(&t->cond, &t->lock, &until) != ETIMEDOUT)
			;
		if (t->stop) {
			pthread_mutex_unlock(&t->lock);
			break;
		}
		pthread_mutex_unlock(&t->lock);
	}
	return NULL;
}

/* --- the source's ops ---------------------------------------------------- */

static int src_start(struct be_source *s, int wake_fd, int64_t delay_ns)
{
	struct tracer *t = tr_of(s);
	int r;
	t->wake_fd = wake_fd;
	t->delay_ns = delay_ns;
	/* SIGTERM and the like are the main thread's: it stops this source
	 * on the way out, which removes the instance */
	r = thread_start(&t->thread, run, t);
	if (r != 0)
		return -1;
	/* top -H and bench/slices tell its cost apart from the rest */
	pthread_setname_np(t->thread, "hvtop-tracer");
	t->started = true;
	return 0;
}

static void *src_take(struct be_source *s)
{
	struct tracer *t = tr_of(s);
	struct be_slices *sl;
	pthread_mutex_lock(&t->lock);
	sl = t->mailbox;
	t->mailbox = NULL;
	pthread_mutex_unlock(&t->lock);
	return sl;
}

static void src_release(void *sample)
{
	be_slices_unref(sample);
}

static void src_set_needs(struct be_source *s, unsigned needs)
{
	struct tracer *t = tr_of(s);
	pthread_mutex_lock(&t->lock);
	t->needs = needs;
	pthread_mutex_unlock(&t->lock);
}

static void src_set_delay(struct be_source *s, int64_t delay_ns)
{
	struct tracer *t = tr_of(s);
	pthread_mutex_lock(&t->lock);
	t->delay_ns = delay_ns;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static void src_kick(struct be_source *s)
{
	struct tracer *t = tr_of(s);
	pthread_mutex_lock(&t->lock);
	t->kick = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

static void src_stop(struct be_source *s)
{
	struct tracer *t = tr_of(s);
	size_t i;
	if (t->started) {
		pthread_mutex_lock(&t->lock);
		t->stop = true;
		pthread_cond_signal(&t->cond);
		pthread_mutex_unlock(&t->lock);
		pthread_join(t->thread, NULL);
	}
	tracefs_close(t);
	for (i = 0; i < t->nthreads; i++)
		proc_close(&t->t[i]);
	be_slices_unref(t->mailbox);
	free(t->want);
	free(t->threads);
	free(t->t);
	free(t->map_tid);
	free(t->cpus);
	free(t->ev);
	free(t->acc);
	free(t->page);
	pthread_mutex_destroy(&t->lock);
	pthread_cond_destroy(&t->cond);
	free(t);
}

static const struct be_source_ops tracer_ops = {
	.kind = "tracer",
	.start = src_start,
	.take = src_take,
	.release = src_release,
	.set_needs = src_set_needs,
	.set_delay = src_set_delay,
	.kick = src_kick,
	.stop = src_stop,
};

struct be_source *kvm_tracer_new(void)
{
	struct tracer *t = xcalloc(1, sizeof(*t));
	t->src.ops = &tracer_ops;
	t->wake_fd = -1;
	t->delay_ns = 1000000000LL;
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	return &t->src;
}

void kvm_tracer_follow(struct be_source *s, const struct be_sched_thread *th,
		       size_t n)
{
	struct tracer *t = tr_of(s);
	pthread_mutex_lock(&t->lock);
	free(t->want);
	t->want = n ? xmalloc(n * sizeof(*th)) : NULL;
	if (n)
		memcpy(t->want, th, n * sizeof(*th));
	t->nwant = n;
	t->want_new = true;
	pthread_cond_signal(&t->cond);
	pthread_mutex_unlock(&t->lock);
}

struct be_slices *kvm_tracer_step(struct be_source *s)
{
	struct tracer *t = tr_of(s);
	if (t->started) {
		/* the thread drains and publishes: ask it for a cut now */
		struct be_slices *sl;
		struct timespec ts = { 0, 1000000 };
		int i;
		src_kick(s);
		for (i = 0; i < 2000; i++) {
			sl = src_take(s);
			if (sl)
				return sl;
			nanosleep(&ts, NULL);
		}
		return be_slices_new();
	}
	take_follow(t);
	return cut(t);
}

struct be_slices *kvm_tracer_replay(const struct be_sched_thread *th, size_t n,
				    unsigned ncpus, const struct kvm_trace_ev *ev,
				    size_t nev, int64_t from_ns, int64_t to_ns)
{
	struct tracer *t = tr_of(kvm_tracer_new());
	struct be_sched_thread *w = xmalloc((n ? n : 1) * sizeof(*w));
	struct be_slices *s;
	size_t i;
	memcpy(w, th, n * sizeof(*w));
	apply_follow(t, w, n);
	free(w);
	t->source = "tracefs";
	t->ncpus = ncpus;
	t->cpus = xcalloc(ncpus, sizeof(*t->cpus));
	t->last_cut = from_ns;
	for (i = 0; i < nev; i++)
		on_event(t, &ev[i]);
	s = cut_at(t, to_ns, false);
	src_stop(&t->src);
	return s;
}
