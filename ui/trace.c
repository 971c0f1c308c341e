#include <config.h>
#include "ui/trace.h"
#include "backend/slices.h"
#include "common/format.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* every track is a "thread" of one "process", as the format wants */
#define TRACE_PID 1

struct ui_trace {
	FILE *f;
	char path[4096];
	bool first;          /* no event written yet: no comma before it */
	bool failed;         /* a write failed: reported at close */
	int err;
	int64_t written_to;  /* mono_ns of the newest sample written */
	bool any_written;
	size_t count;
	unsigned char *named; /* per pCPU: its track's name is written */
	size_t nnamed;
};

/* one slice to write, with the sample whose threads name it */
struct pending {
	const struct be_slices *s;
	const struct be_slice *sl;
};

struct gather {
	int64_t after;   /* samples newer than this */
	bool all;
	struct pending *v;
	size_t n, cap;
};

static void gather_one(void *arg, const struct be_slices *s,
		       const struct be_slice *sl)
{
	struct gather *g = arg;
	/* idle time is the absence of an event, as in perf's own traces */
	if (sl->who == BE_WHO_IDLE || (!g->all && s->mono_ns <= g->after))
		return;
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 256;
		g->v = xrealloc(g->v, g->cap * sizeof(*g->v));
	}
	g->v[g->n].s = s;
	g->v[g->n].sl = sl;
	g->n++;
}

/* by start time, then host CPU: each track's timestamps never decrease */
static int cmp_pending(const void *pa, const void *pb)
{
	const struct be_slice *x = ((const struct pending *)pa)->sl;
	const struct be_slice *y = ((const struct pending *)pb)->sl;
	if (x->start_ns != y->start_ns)
		return x->start_ns < y->start_ns ? -1 : 1;
	return (x->pcpu > y->pcpu) - (x->pcpu < y->pcpu);
}

static void event_start(struct ui_trace *t, struct strbuf *b)
{
	sb_puts(b, t->first ? "\n" : ",\n");
	t->first = false;
}

static void name_track(struct ui_trace *t, struct strbuf *b, unsigned pcpu)
{
	if (pcpu < t->nnamed && t->named[pcpu])
		return;
	if (pcpu >= t->nnamed) {
		size_t n = (size_t)pcpu + 16;
		t->named = xrealloc(t->named, n);
		memset(t->named + t->nnamed, 0, n - t->nnamed);
		t->nnamed = n;
	}
	t->named[pcpu] = 1;
	event_start(t, b);
	sb_printf(b, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%u,"
		  "\"args\":{\"name\":\"pCPU %u\"}},\n", TRACE_PID, pcpu, pcpu);
	sb_printf(b, "{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,"
		  "\"tid\":%u,\"args\":{\"sort_index\":%u}}", TRACE_PID, pcpu, pcpu);
}

/* microseconds, the format's unit, kept to the nanosecond */
static void us(struct strbuf *b, int64_t ns)
{
	sb_printf(b, "%s%lld.%03d", ns < 0 ? "-" : "",
		  (long long)(ns < 0 ? -ns : ns) / 1000,
		  (int)((ns < 0 ? -ns : ns) % 1000));
}

static void slice_event(struct ui_trace *t, struct strbuf *b,
			const struct pending *p)
{
	const struct be_slice *sl = p->sl;
	const struct be_slices *s = p->s;
	const struct be_sched_thread *th =
		sl->who >= 0 && (size_t)sl->who < s->nthreads ?
		&s->threads[sl->who] : NULL;
	char name[96];
	name_track(t, b, sl->pcpu);
	event_start(t, b);
	if (th)
		snprintf(name, sizeof(name), "%s/%d", th->name, th->vcpu);
	else
		snprintf(name, sizeof(name), "host");
	sb_puts(b, "{\"name\":");
	sb_json_str(b, name);
	sb_printf(b, ",\"cat\":\"%s\",\"ph\":\"X\",\"pid\":%d,\"tid\":%u,\"ts\":",
		  th ? "vcpu" : "host", TRACE_PID, (unsigned)sl->pcpu);
	us(b, sl->start_ns);
	sb_puts(b, ",\"dur\":");
	us(b, sl->end_ns - sl->start_ns);
	sb_puts(b, ",\"args\":{");
	if (th) {
		sb_puts(b, "\"domain\":");
		sb_json_str(b, th->name);
		sb_printf(b, ",\"vcpu\":%d,\"tid\":%d,", th->vcpu, th->tid);
	}
	sb_printf(b, "\"end\":\"%s\"}}", be_slice_end_name(sl->end));
	t->count++;
}

static void flush(struct ui_trace *t, struct strbuf *b)
{
	if (b->len && fwrite(b->s, 1, b->len, t->f) != b->len && !t->failed) {
		t->failed = true;
		t->err = errno;
	}
	b->len = 0;
}

struct ui_trace *ui_trace_open(const char *path, char *err, size_t n)
{
	struct ui_trace *t;
	FILE *f = fopen(path, "w");
	struct strbuf b = { 0 };
	if (!f) {
		snprintf(err, n, "cannot write the trace file %s: %s", path,
			 strerror(errno));
		return NULL;
	}
	t = xcalloc(1, sizeof(*t));
	t->f = f;
	t->first = true;
	snprintf(t->path, sizeof(t->path), "%s", path);
	sb_puts(&b, "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"generator\":\"hvtop\","
		"\"clock\":\"CLOCK_MONOTONIC\"},\"traceEvents\":[");
	event_start(t, &b);
	sb_printf(&b, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%d,"
		  "\"args\":{\"name\":\"host CPUs\"}}", TRACE_PID);
	flush(t, &b);
	sb_free(&b);
	return t;
}

static void write_gathered(struct ui_trace *t, struct gather *g)
{
	struct strbuf b = { 0 };
	size_t i;
	if (g->n)
		qsort(g->v, g->n, sizeof(*g->v), cmp_pending);
	for (i = 0; i < g->n; i++) {
		slice_event(t, &b, &g->v[i]);
		/* a bounded buffer however many slices there are */
		if (b.len > 65536)
			flush(t, &b);
	}
	flush(t, &b);
	sb_free(&b);
	free(g->v);
}

void ui_trace_follow(struct ui_trace *t, const struct be_slice_hist *h)
{
	struct gather g = { 0 };
	const struct be_slices *last = be_slice_hist_last(h);
	if (!t || !last || (t->any_written && last->mono_ns <= t->written_to))
		return;
	g.after = t->written_to;
	g.all = !t->any_written;
	be_slice_hist_each(h, INT64_MIN, INT64_MAX, gather_one, &g);
	write_gathered(t, &g);
	t->written_to = last->mono_ns;
	t->any_written = true;
}

size_t ui_trace_count(const struct ui_trace *t)
{
	return t ? t->count : 0;
}

int ui_trace_close(struct ui_trace *t, char *err, size_t n)
{
	int rc = 0;
	if (!t)
		return 0;
	if (fputs("\n]}\n", t->f) == EOF && !t->failed) {
		t->failed = true;
		t->err = errno;
	}
	if (fclose(t->f) != 0 && !t->failed) {
		t->failed = true;
		t->err = errno;
	}
	if (t->failed) {
		snprintf(err, n, "cannot write the trace file %s: %s", t->path,
			 strerror(t->err ? t->err : EIO));
		rc = -1;
	}
	free(t->named);
	free(t);
	return rc;
}

long ui_trace_write(const char *path, const struct be_slice_hist *h,
		    char *err, size_t n)
{
	struct ui_trace *t = ui_trace_open(path, err, n);
	size_t count;
	if (!t)
		return -1;
	ui_trace_follow(t, h);
	count = t->count;
	if (ui_trace_close(t, err, n) < 0) {
		remove(path);
		return -1;
	}
	return (long)count;
}
