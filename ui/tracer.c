/* The time-slice tracer in the app (ui_tracer_kind, struct ui_kind in
 * ui/hosts.h): started while the needs hold BE_NEED_SLICES (view 1,
 * --slices, --trace, --json's vcpu_stats), told which local vCPU threads
 * to follow from the hosts' samples, and its samples kept for 60 s in
 * a->slices (backend/slices.h). */
#include <config.h>
#include "ui/hosts.h"
#include "backend/slices.h"
#include "backend/source.h"
#include "common/test_hooks.h"
#include "common/util.h"
#include "kvm/tracer.h"
#include "views/state.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SLICE_SPAN_NS 60000000000LL
/* batch output cuts samples itself (step, the batch_step hook) */
#define BATCH_DELAY_NS 3600000000000LL

struct ui_tracer {
	struct ui_source us; /* first: a->tracer points here */
	bool self_started;   /* batch: started here, not by the loop */
	struct be_sched_thread *sent;
	size_t nsent;
};

static struct ui_tracer *tracer_of(const struct app *a)
{
	return (struct ui_tracer *)a->tracer;
}

static void took(struct app *a, struct ui_source *s)
{
	if (a->slices && s->sample)
		be_slice_hist_add(a->slices, s->sample);
}

static void add(struct be_sched_thread **v, size_t *n, size_t *cap,
		const struct be_sched_thread *t)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = xrealloc(*v, *cap * sizeof(**v));
	}
	(*v)[(*n)++] = *t;
}

/* the test hook's threads: named by their comm, vCPU by position */
static void hook_threads(struct be_sched_thread **v, size_t *n, size_t *cap)
{
	const char *env = getenv(TEST_HOOK_TRACE_TIDS), *p = env;
	int k = 0;
	while (p && *p) {
		struct be_sched_thread t;
		char path[64], comm[64] = "";
		char *end;
		long tid = strtol(p, &end, 10);
		int fd;
		ssize_t r;
		if (end == p)
			break;
		memset(&t, 0, sizeof(t));
		t.host = (unsigned)-1;
		t.tid = (int)tid;
		t.vcpu = k++;
		snprintf(t.uuid, sizeof(t.uuid), "tid-%ld", tid);
		snprintf(path, sizeof(path), "/proc/%ld/comm", tid);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			r = read(fd, comm, sizeof(comm) - 1);
			close(fd);
			comm[r > 0 ? r : 0] = '\0';
			comm[strcspn(comm, "\n")] = '\0';
		}
		snprintf(t.name, sizeof(t.name), "%s", comm[0] ? comm : "?");
		add(v, n, cap, &t);
		p = *end == ',' ? end + 1 : end;
	}
}

/* after a host's new sample: the vCPU threads to follow */
static void follow(struct app *a)
{
	struct ui_tracer *t = tracer_of(a);
	struct be_sched_thread *v = NULL;
	size_t n = 0, cap = 0, h, i, j;
	if (!t)
		return;
	for (h = 0; h < a->nhosts; h++) {
		const struct be_sample *s = a->hosts[h]->src.sample;
		if (!s || s->state != BE_CONN_UP)
			continue;
		for (i = 0; i < s->ndomains; i++) {
			const struct be_domain *d = &s->domains[i];
			if (d->id < 0)
				continue;
			/* only local guests have tids (the vcpu_threads hook) */
			for (j = 0; j < d->nvcpu; j++) {
				struct be_sched_thread th;
				if (d->vcpu[j].tid <= 0)
					continue;
				memset(&th, 0, sizeof(th));
				th.host = d->host;
				snprintf(th.uuid, sizeof(th.uuid), "%s", d->uuid);
				snprintf(th.name, sizeof(th.name), "%s", d->name);
				th.vcpu = (int)d->vcpu[j].index;
				th.tid = d->vcpu[j].tid;
				add(&v, &n, &cap, &th);
			}
		}
	}
	hook_threads(&v, &n, &cap);
	if (n == t->nsent && (!n || memcmp(v, t->sent, n * sizeof(*v)) == 0)) {
		free(v);
		return;
	}
	free(t->sent);
	t->sent = v;
	t->nsent = n;
	kvm_tracer_follow(t->us.src, v, n);
}

/* stops the tracer (also at exit): its instance goes with it */
static void tracer_free(struct app *a)
{
	struct ui_tracer *t = tracer_of(a);
	if (!t)
		return;
	ui_source_remove(a, &t->us); /* stops it: the instance goes */
	a->tracer = NULL;
	be_slice_hist_free(a->slices);
	a->slices = NULL;
	free(t->sent);
	free(t);
}

/* starts or stops the tracer for these needs */
static void set_needs(struct app *a, unsigned needs)
{
	struct ui_tracer *t = tracer_of(a);
	if ((needs & BE_NEED_SLICES) && !t) {
		t = xcalloc(1, sizeof(*t));
		t->us.src = kvm_tracer_new();
		t->us.took = took;
		a->tracer = &t->us;
		a->slices = be_slice_hist_new(SLICE_SPAN_NS);
		/* batch output cuts the tracer's samples itself, one per line,
		 * so that vcpu_stats cover the line's whole interval: the
		 * loop's sources (taken whenever one wakes) leave it alone */
		if (!a->batch)
			ui_source_add(a, &t->us);
		follow(a);
	} else if (!(needs & BE_NEED_SLICES) && t) {
		tracer_free(a);
	}
}

/* batch: a sample now, into a->slices (nothing when no tracer runs) */
static void step(struct app *a)
{
	struct ui_tracer *t = tracer_of(a);
	struct be_slices *s;
	if (!t)
		return;
	if (!t->self_started && a->batch) {
		be_source_start(t->us.src, -1, BATCH_DELAY_NS);
		t->self_started = true;
	}
	s = kvm_tracer_step(t->us.src);
	be_source_release(t->us.src, t->us.sample);
	t->us.sample = s;
	took(a, &t->us);
}

/* the header's short field ("slices: tracefs, 0 lost"), "" when no
 * tracer runs */
static void header(const struct app *a, char *buf, size_t n)
{
	const struct be_slices *s = be_slice_hist_last(a->slices);
	buf[0] = '\0';
	if (!a->tracer)
		return;
	if (!s || !s->source[0])
		snprintf(buf, n, "slices: no local vCPU to follow");
	else if (strcmp(s->source, "tracefs") == 0)
		snprintf(buf, n, "slices: tracefs, %llu lost",
			 (unsigned long long)s->lost);
	else
		snprintf(buf, n, "slices: sampled /proc (%s)", s->note);
}

const struct ui_kind ui_tracer_kind = {
	.needs = set_needs,
	.host_took = follow,
	.batch_step = step,
	.header = header,
	.free = tracer_free,
};
