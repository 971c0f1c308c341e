/* View 1: how the host time-slices guest vCPUs.  One row per host CPU,
 * time flowing left (the newest slices at the right edge), each cell the
 * letter of the VM whose vCPU held that CPU longest in the cell, in the
 * VM's colour; `·` idle, `#` a host thread that is no followed vCPU.  The
 * cell where a slice ended says why: a lowercase letter when the vCPU
 * halted (the guest idled), underlined when it was preempted or moved
 * while still runnable; a vCPU still running fills its row up to the
 * newest sample (be_slices.open).  Under the map, per vCPU: run, wait, steal,
 * slices, halts, and who held the CPU while it waited.
 *
 * The slices come from the tracer's last 60 s (a->slices,
 * backend/slices.h); hosts it does not trace (remote ones) get libvirt's
 * per-vCPU time and delay instead, and the view says exact slices are
 * local-only. */
#include <config.h>
#include "views/view.h"
#include "views/state.h"
#include "views/attr.h"
#include "backend/slices.h"
#include "backend/ops.h"
#include "common/format.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NZOOM 5
static const int64_t zoom_ns[NZOOM] = {
	1000000, 5000000, 10000000, 50000000, 100000000,
};
#define ZOOM_DEFAULT 2  /* 10 ms per cell: a 100-cell map shows 1 s */
#define CELL_KEYS 4     /* occupants weighed per cell */
#define LETTERS 36      /* A-Z, then 0-9; '?' past them */
#define TABLE_MIN 4     /* table lines kept under a map of many CPUs */

/* The view's own state: one app, one view 1.  The frozen chain is
 * reachable from here until unfrozen, so it is never lost. */
static struct {
	int zoom;
	int64_t back_ns;  /* the right edge this far before the newest slice */
	struct be_slice_hist *frozen;
	size_t sel;       /* the selected vCPU row */
	int width;        /* map cells at the last draw: the scroll step */
	int64_t drawn_mono; /* newest sample drawn, to redraw on a new one */
} st = { .zoom = ZOOM_DEFAULT, .width = 80 };

static const struct be_slice_hist *shown(const struct app *a)
{
	return st.frozen ? st.frozen : a->slices;
}

/* --- VMs and their letters --------------------------------------------- */

/* Letters follow the order the tracer first followed each domain in, so
 * they stay put while the view is open. */
struct vms {
	size_t n;
	struct { unsigned host; const char *uuid, *name; } v[LETTERS + 1];
};

static int vm_index(const struct vms *m, unsigned host, const char *uuid)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (m->v[i].host == host && strcmp(m->v[i].uuid, uuid) == 0)
			return (int)i;
	return -1;
}

static void vms_of(const struct be_slices *s, struct vms *m)
{
	size_t i;
	m->n = 0;
	for (i = 0; s && i < s->nthreads && m->n < LETTERS; i++) {
		const struct be_sched_thread *t = &s->threads[i];
		if (vm_index(m, t->host, t->uuid) >= 0)
			continue;
		m->v[m->n].host = t->host;
		m->v[m->n].uuid = t->uuid;
		m->v[m->n].name = t->name;
		m->n++;
	}
}

static char vm_letter(int i)
{
	return i < 0 ? '?' : i < 26 ? (char)('A' + i) :
		i < LETTERS ? (char)('0' + i - 26) : '?';
}

/* --- the map ----------------------------------------------------------- */

#define KEY_HOST (-2) /* BE_WHO_OTHER: a host thread */
#define KEY_NONE (-3)

struct cell {
	int32_t key[CELL_KEYS];  /* VM index or KEY_HOST */
	int64_t ns[CELL_KEYS];
	int8_t end[CELL_KEYS];   /* last end reason in the cell, -1 none */
	int64_t end_at[CELL_KEYS];
};

struct fill {
	const struct vms *vms;
	struct cell *cells;  /* rows x width */
	int rows, width;
	int64_t left_ns, cell_ns;
	/* who -> VM index for the sample last seen (samples come in order) */
	const struct be_slices *cached;
	int *who_vm;
	size_t nwho;
};

static int key_of(struct fill *f, const struct be_slices *s, int32_t who)
{
	size_t i;
	if (who == BE_WHO_OTHER)
		return KEY_HOST;
	if (who < 0 || (size_t)who >= s->nthreads)
		return KEY_NONE;
	if (f->cached != s) {
		f->who_vm = xrealloc(f->who_vm, (s->nthreads + 1) * sizeof(int));
		for (i = 0; i < s->nthreads; i++)
			f->who_vm[i] = vm_index(f->vms, s->threads[i].host,
						s->threads[i].uuid);
		f->cached = s;
		f->nwho = s->nthreads;
	}
	/* a VM past the letters still shows, as '?' */
	return f->who_vm[who] < 0 ? LETTERS : f->who_vm[who];
}

static void cell_add(struct cell *c, int key, int64_t ns, int end, int64_t end_at)
{
	int i, min = 0;
	for (i = 0; i < CELL_KEYS; i++) {
		if (c->key[i] == key || c->key[i] == KEY_NONE)
			break;
		if (c->ns[i] < c->ns[min])
			min = i;
	}
	if (i == CELL_KEYS) {
		/* more occupants than kept: the one with least time gives way */
		if (c->ns[min] >= ns)
			return;
		i = min;
		c->ns[i] = 0;
		c->end[i] = -1;
		c->end_at[i] = 0;
	}
	c->key[i] = key;
	c->ns[i] += ns;
	if (end >= 0 && end_at >= c->end_at[i]) {
		c->end[i] = (int8_t)end;
		c->end_at[i] = end_at;
	}
}

static void fill_one(void *arg, const struct be_slices *s, const struct be_slice *sl)
{
	struct fill *f = arg;
	int key, i0, i1, i;
	if (sl->pcpu >= f->rows || sl->who == BE_WHO_IDLE)
		return;
	key = key_of(f, s, sl->who);
	if (key == KEY_NONE)
		return;
	i0 = sl->start_ns <= f->left_ns ? 0 :
		(int)((sl->start_ns - f->left_ns) / f->cell_ns);
	i1 = (int)((sl->end_ns - 1 - f->left_ns) / f->cell_ns);
	if (sl->end_ns - 1 < f->left_ns)
		return;
	if (i1 >= f->width)
		i1 = f->width - 1;
	for (i = i0; i <= i1; i++) {
		int64_t c0 = f->left_ns + (int64_t)i * f->cell_ns, c1 = c0 + f->cell_ns;
		int64_t a0 = sl->start_ns > c0 ? sl->start_ns : c0;
		int64_t a1 = sl->end_ns < c1 ? sl->end_ns : c1;
		/* a running slice has no end to mark */
		bool ends_here = sl->end_ns > c0 && sl->end_ns <= c1 && sl->end != BE_SLICE_OPEN;
		if (a1 > a0)
			cell_add(&f->cells[(size_t)sl->pcpu * (size_t)f->width + (size_t)i],
				 key, a1 - a0, ends_here ? sl->end : -1, sl->end_ns);
	}
}

static void put_cell(WINDOW *w, int y, int x, const char *s, attr_t attr)
{
	wattrset(w, attr);
	mvwaddstr(w, y, x, s);
}

static void draw_cell(const struct app *a, WINDOW *w, int y, int x,
		      const struct cell *c, bool covered)
{
	char s[2] = { 0, 0 };
	int i, best = -1;
	attr_t attr;
	if (!covered) {
		put_cell(w, y, x, " ", th_attr(TH_NORMAL));
		return;
	}
	for (i = 0; i < CELL_KEYS && c->key[i] != KEY_NONE; i++)
		if (best < 0 || c->ns[i] > c->ns[best])
			best = i;
	if (best < 0) {
		put_cell(w, y, x, a->ascii ? "." : "\u00b7", th_attr(TH_IDLE));
		return;
	}
	if (c->key[best] == KEY_HOST) {
		put_cell(w, y, x, "#", th_attr(TH_DIM));
		return;
	}
	s[0] = vm_letter(c->key[best]);
	attr = th_attr(th_vm_slot((unsigned)c->key[best]));
	if (c->end[best] == BE_SLICE_HALTED && s[0] >= 'A' && s[0] <= 'Z')
		s[0] = (char)(s[0] - 'A' + 'a');
	else if (c->end[best] == BE_SLICE_PREEMPTED || c->end[best] == BE_SLICE_MIGRATED)
		attr |= A_UNDERLINE;
	put_cell(w, y, x, s, attr);
}

static void fmt_ago(char *buf, size_t n, int64_t ns)
{
	if (ns <= 0)
		snprintf(buf, n, "now");
	else
		snprintf(buf, n, "-%.*fs", ns < 10000000000LL ? 2 : 1, (double)ns / 1e9);
}

/* the legend: each VM's letter in its colour, then the marks */
static int draw_legend(struct app *a, WINDOW *w, int y, const struct vms *m)
{
	int x = 0;
	size_t i;
	char t[96];
	mvwhline(w, y, 0, ' ', a->cols);
	for (i = 0; i < m->n && x < a->cols; i++) {
		int wd;
		snprintf(t, sizeof(t), "%c", vm_letter((int)i));
		wattrset(w, th_attr(th_vm_slot((unsigned)i)));
		ui_draw_text(a, w, y, x, 1, t, false);
		snprintf(t, sizeof(t), " %s  ", m->v[i].name);
		wd = fmt_width(t);
		wattrset(w, th_attr(TH_NORMAL));
		ui_draw_text(a, w, y, x + 1, wd, t, false);
		x += 1 + wd;
	}
	/* the marks, each drawn as the map draws it */
	{
		static const struct { const char *mark, *text; attr_t extra; } k[] = {
			{ NULL, " idle  ", 0 }, /* the idle dot: ASCII or not */
			{ "#", " host thread  ", 0 },
			{ "a", " ended halted  ", 0 },
			{ "A", " ended preempted", A_UNDERLINE },
		};
		for (i = 0; i < ARRAY_SIZE(k) && x < a->cols; i++) {
			const char *mark = k[i].mark ? k[i].mark : a->ascii ? "." : "\u00b7";
			int wd = fmt_width(k[i].text);
			wattrset(w, (i == 0 ? th_attr(TH_IDLE) : i == 1 ? th_attr(TH_DIM) :
				     th_attr(TH_NORMAL)) | k[i].extra);
			ui_draw_text(a, w, y, x, 1, mark, false);
			wattrset(w, th_attr(TH_DIM));
			ui_draw_text(a, w, y, x + 1, wd, k[i].text, false);
			x += 1 + wd;
		}
	}
	return 1;
}

/* The map: rows [y, y + rows) for CPUs 0..rows-1, and the time axis. */
static void draw_map(struct app *a, WINDOW *w, int y, int rows, unsigned ncpus,
		     const struct vms *m)
{
	const struct be_slice_hist *h = shown(a);
	const struct be_slices *newest;
	size_t j;
	int64_t from, to, right, cell = zoom_ns[st.zoom];
	int lw = 4, width, r, i;
	char label[64], t1[48], t2[48];
	struct fill f = { 0 };
	unsigned shown_cpus = (unsigned)rows < ncpus ? (unsigned)rows : ncpus;

	snprintf(label, sizeof(label), "%u", ncpus ? ncpus - 1 : 0);
	lw = 4 + (int)strlen(label);
	width = a->cols - lw;
	if (width < 1 || rows < 1 || !be_slice_hist_range(h, &from, &to))
		return;
	st.width = width;
	/* never scrolled past the oldest slice kept */
	if (st.back_ns > to - from - (int64_t)width * cell)
		st.back_ns = to - from - (int64_t)width * cell;
	if (st.back_ns < 0)
		st.back_ns = 0;
	right = to - st.back_ns;
	f.vms = m;
	f.rows = (int)shown_cpus;
	f.width = width;
	f.cell_ns = cell;
	f.left_ns = right - (int64_t)width * cell;
	f.cells = xcalloc((size_t)shown_cpus * (size_t)width, sizeof(*f.cells));
	for (i = 0; i < (int)shown_cpus * width; i++) {
		int k;
		for (k = 0; k < CELL_KEYS; k++) {
			f.cells[i].key[k] = KEY_NONE;
			f.cells[i].end[k] = -1;
		}
	}
	be_slice_hist_each(h, f.left_ns, right, fill_one, &f);
	/* and what still runs at the newest sample, up to it */
	newest = be_slice_hist_last(h);
	for (j = 0; j < newest->nopen; j++)
		fill_one(&f, newest, &newest->open[j]);

	for (r = 0; r < (int)shown_cpus; r++) {
		bool more = r == rows - 1 && shown_cpus < ncpus;
		snprintf(label, sizeof(label), "CPU%u", (unsigned)r);
		wattrset(w, th_attr(TH_COLHEAD));
		ui_draw_text(a, w, y + r, 0, lw, label, false);
		if (more) {
			snprintf(t1, sizeof(t1), "... %u more CPUs", ncpus - shown_cpus + 1);
			wattrset(w, th_attr(TH_DIM));
			ui_draw_text(a, w, y + r, 0, a->cols, t1, false);
			continue;
		}
		for (i = 0; i < width; i++) {
			int64_t c0 = f.left_ns + (int64_t)i * cell;
			draw_cell(a, w, y + r, lw + i,
				  &f.cells[(size_t)r * (size_t)width + (size_t)i],
				  c0 + cell > from);
		}
	}
	free(f.cells);
	free(f.who_vm);

	/* the axis: how long ago each edge is */
	fmt_ago(t1, sizeof(t1), to - f.left_ns);
	fmt_ago(t2, sizeof(t2), to - right);
	wattrset(w, th_attr(TH_DIM));
	mvwhline(w, y + (int)shown_cpus, 0, ' ', a->cols);
	ui_draw_text(a, w, y + (int)shown_cpus, lw, width, t1, false);
	/* right-aligned in its own cells, not padded over the left label */
	ui_draw_text(a, w, y + (int)shown_cpus, a->cols - (int)strlen(t2),
		     (int)strlen(t2), t2, false);
}

/* --- the per-vCPU table ------------------------------------------------ */

struct row {
	const struct be_sched_thread *th;  /* NULL: from libvirt only */
	const struct be_sched_vcpu *sv;
	const struct be_domain *d;
	const struct be_vcpu *v;
	const struct be_slices *s;
};

static const struct be_vcpu *find_vcpu(const struct be_domain *d, int idx)
{
	size_t i;
	for (i = 0; d && i < d->nvcpu; i++)
		if ((int)d->vcpu[i].index == idx)
			return &d->vcpu[i];
	return NULL;
}

static bool traced(const struct be_slices *s, unsigned host, const char *uuid)
{
	size_t i;
	for (i = 0; s && i < s->nthreads; i++)
		if (s->threads[i].host == host && strcmp(s->threads[i].uuid, uuid) == 0)
			return true;
	return false;
}

/* the rows: the traced vCPUs (the newest thread of each), then the
 * vCPUs of running domains the tracer does not follow; *nrows set */
static struct row *table_rows(const struct app *a, const struct be_slices *s,
			      size_t *nrows)
{
	size_t n = 0, cap = 16, i, j, k;
	struct row *v = xcalloc(cap, sizeof(*v));
	for (i = 0; s && i < s->nthreads; i++) {
		const struct be_sched_thread *t = &s->threads[i];
		bool newer = false;
		/* a restarted guest's vCPU has a new thread: show that one */
		for (j = i + 1; j < s->nthreads && !newer; j++)
			newer = s->threads[j].host == t->host && s->threads[j].vcpu == t->vcpu &&
				strcmp(s->threads[j].uuid, t->uuid) == 0;
		if (newer)
			continue;
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n].th = t;
		v[n].sv = s->stats ? &s->stats[i] : NULL;
		v[n].d = ui_find_domain(a, t->host, t->uuid);
		v[n].v = find_vcpu(v[n].d, t->vcpu);
		v[n].s = s;
		n++;
	}
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *hs = a->hosts[i]->src.sample;
		for (j = 0; hs && j < hs->ndomains; j++) {
			const struct be_domain *d = &hs->domains[j];
			if (!be_state_active(d->state) || traced(s, d->host, d->uuid))
				continue;
			for (k = 0; k < d->nvcpu; k++) {
				if (n == cap)
					v = xrealloc(v, (cap *= 2) * sizeof(*v));
				memset(&v[n], 0, sizeof(v[n]));
				v[n].d = d;
				v[n].v = &d->vcpu[k];
				n++;
			}
		}
	}
	*nrows = n;
	return v;
}

static void waited_behind(char *buf, size_t n, const struct be_slices *s,
			  const struct be_sched_vcpu *sv)
{
	if (!sv || sv->waited_behind == BE_WHO_IDLE || sv->wait_pct <= 0) {
		snprintf(buf, n, "-");
	} else if (sv->waited_behind == BE_WHO_UNKNOWN) {
		/* sampled /proc sees that it waited, not behind whom */
		snprintf(buf, n, "unknown (/proc) %.0f%%", sv->waited_behind_pct);
	} else if (sv->waited_behind == BE_WHO_OTHER) {
		snprintf(buf, n, "host:%s %.0f%%", sv->other_comm[0] ? sv->other_comm : "?",
			 sv->waited_behind_pct);
	} else if (sv->waited_behind >= 0 && (size_t)sv->waited_behind < s->nthreads) {
		const struct be_sched_thread *t = &s->threads[sv->waited_behind];
		snprintf(buf, n, "%s/%d %.0f%%", t->name, t->vcpu, sv->waited_behind_pct);
	} else {
		snprintf(buf, n, "?");
	}
}

static void mean_slice(char *buf, size_t n, double us)
{
	if (us < 0)
		snprintf(buf, n, "-");
	else if (us < 1000)
		snprintf(buf, n, "%.0fus", us);
	else if (us < 1000000)
		snprintf(buf, n, "%.1fms", us / 1000);
	else
		snprintf(buf, n, "%.2fs", us / 1e6);
}

static void per_s(char *buf, size_t n, uint64_t count, int64_t interval_ns)
{
	if (interval_ns <= 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.0f", (double)count * 1e9 / (double)interval_ns);
}

#define TABLE_FMT "%-14.14s %4s %7s %4s %-6.6s %5s %5s %6s %6s %7s %6s %s"

static void format_row(const struct app *a, const struct row *r, char *line, size_t n)
{
	char vcpu[16], tid[16], pcpu[16], aff[64] = "-", run[16], wait[16],
		steal[16], slc[16], mean[16], halts[16], behind[160];
	const char *name = r->th ? r->th->name : r->d ? r->d->name : "?";
	const struct be_sched_vcpu *sv = r->sv;
	int pc = sv && sv->pcpu >= 0 ? sv->pcpu : r->v ? r->v->pcpu : -1;
	int t = r->th ? r->th->tid : r->v ? r->v->tid : 0;
	(void)a;
	snprintf(vcpu, sizeof(vcpu), "%d", r->th ? r->th->vcpu :
		 r->v ? (int)r->v->index : -1);
	snprintf(tid, sizeof(tid), t > 0 ? "%d" : "-", t);
	snprintf(pcpu, sizeof(pcpu), pc >= 0 ? "%d" : "-", pc);
	if (r->v && r->v->affinity)
		be_cpumap_format(aff, sizeof(aff), r->v->affinity, r->v->affinity_len);
	else if (sv && sv->affinity[0])
		snprintf(aff, sizeof(aff), "%s", sv->affinity); /* the thread's own */
	if (sv) {
		fmt_pct(run, sizeof(run), sv->run_pct);
		fmt_pct(wait, sizeof(wait), sv->wait_pct);
		per_s(slc, sizeof(slc), sv->slices, r->s->interval_ns);
		mean_slice(mean, sizeof(mean), sv->mean_slice_us);
		per_s(halts, sizeof(halts), sv->halts, r->s->interval_ns);
		waited_behind(behind, sizeof(behind), r->s, sv);
	} else {
		/* libvirt's own per-vCPU time and wait: no slices */
		fmt_pct(run, sizeof(run), r->v ? r->v->run_pct : -1);
		fmt_pct(wait, sizeof(wait), r->v ? r->v->wait_pct : -1);
		snprintf(slc, sizeof(slc), "-");
		snprintf(mean, sizeof(mean), "-");
		snprintf(halts, sizeof(halts), "-");
		snprintf(behind, sizeof(behind), "-");
	}
	fmt_pct(steal, sizeof(steal), r->v ? r->v->steal_pct : -1);
	snprintf(line, n, TABLE_FMT, name, vcpu, tid, pcpu, aff, run, wait, steal,
		 slc, mean, halts, behind);
}

/* hosts whose domains run untraced, and why: one line each */
static int untraced_hosts(struct app *a, WINDOW *w, int y, int lines,
			  const struct be_slices *s)
{
	size_t i, j;
	int used = 0;
	char line[600];
	for (i = 0; i < a->nhosts && used < lines; i++) {
		const struct be_sample *hs = a->hosts[i]->src.sample;
		bool any = false;
		for (j = 0; hs && j < hs->ndomains && !any; j++)
			any = be_state_active(hs->domains[j].state) &&
				!traced(s, hs->host, hs->domains[j].uuid);
		if (!any)
			continue;
		if (hs->uri && !be_uri_is_local(hs->uri))
			snprintf(line, sizeof(line), "%s: remote host: exact slices are "
				 "local-only; libvirt's per-vCPU time and delay below",
				 hs->hostname ? hs->hostname : hs->uri);
		else
			snprintf(line, sizeof(line), "%s: not traced: libvirt's per-vCPU "
				 "time and delay below", hs->hostname ? hs->hostname :
				 hs->uri ? hs->uri : "host");
		if (w) {
			wattrset(w, th_attr(TH_WARNING));
			ui_draw_text(a, w, y + used, 0, a->cols, line, false);
		}
		used++;
	}
	return used;
}

static void draw_table(struct app *a, WINDOW *w, int y, int h,
		       const struct be_slices *s, struct row *rows, size_t n)
{
	char line[1024];
	size_t top = 0, i;
	int used;
	if (h < 1)
		return;
	used = untraced_hosts(a, w, y, h - 1, s);
	y += used;
	h -= used;
	if (h < 1)
		return;
	snprintf(line, sizeof(line), TABLE_FMT, "DOMAIN", "VCPU", "TID", "PCPU",
		 "AFFIN", "RUN%", "WAIT%", "STEAL%", "SLC/s", "MEANSL", "HALT/s",
		 "WAITED BEHIND");
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y, 0, ' ', a->cols);
	ui_draw_text(a, w, y, 0, a->cols, line, false);
	if (!n) {
		wattrset(w, th_attr(TH_DIM));
		if (h > 1)
			ui_draw_text(a, w, y + 1, 0, a->cols, "no running vCPUs", false);
		return;
	}
	if (st.sel >= n)
		st.sel = n - 1;
	if (st.sel >= (size_t)(h - 1))
		top = st.sel - (size_t)(h - 1) + 1;
	for (i = top; i < n && (int)(i - top) < h - 1; i++) {
		int yy = y + 1 + (int)(i - top);
		format_row(a, &rows[i], line, sizeof(line));
		wattrset(w, i == st.sel ? th_attr(TH_SELECTION) :
			 th_attr(rows[i].th ? TH_NORMAL : TH_DIM));
		mvwhline(w, yy, 0, ' ', a->cols);
		ui_draw_text(a, w, yy, 0, a->cols, line, false);
	}
}

/* --- the view ---------------------------------------------------------- */

/* the newest sample, if the tracer follows any thread: a tracer with no
 * local QEMU guest to follow has nothing to draw, freeze or scroll */
static const struct be_slices *traced_last(const struct be_slice_hist *h)
{
	const struct be_slices *s = be_slice_hist_last(h);
	return s && s->nthreads ? s : NULL;
}

static void slices_draw(struct app *a, WINDOW *w, int y0, int h)
{
	const struct be_slice_hist *hist = shown(a);
	const struct be_slices *last = be_slice_hist_last(hist);
	const struct be_slices *live = be_slice_hist_last(a->slices);
	struct vms m;
	struct row *rows;
	size_t nrows;
	char line[600], back[64];
	int y = y0, map_rows = 0, left;
	unsigned ncpus = last ? last->ncpus : 0;

	if (h < 1)
		return;
	st.drawn_mono = live ? live->mono_ns : 0;
	/* the table follows the live data even while the map is frozen */
	rows = table_rows(a, live, &nrows);
	/* a tracer that follows no thread (no local QEMU guest runs) has
	 * nothing to draw either */
	if (!last || (!last->nthreads && (!live || !live->nthreads))) {
		snprintf(line, sizeof(line), "%s", !a->slices ?
			 "time slices: no local tracer data (the tracer is not running: "
			 "exact slices need a local QEMU host)" : !last ?
			 "time slices: waiting for the tracer's first sample" :
			 "time slices: no local QEMU guest to trace (exact slices need "
			 "a local QEMU host)");
		wattrset(w, th_attr(TH_WARNING));
		ui_draw_text(a, w, y, 0, a->cols, line, false);
		draw_table(a, w, y + 1, h - 1, live, rows, nrows);
		free(rows);
		return;
	}
	back[0] = '\0';
	if (st.back_ns > 0) {
		char ago[32];
		fmt_ago(ago, sizeof(ago), st.back_ns);
		snprintf(back, sizeof(back), ", scrolled %s", ago);
	}
	snprintf(line, sizeof(line), "source %s%s%s%s, %llu events lost, "
		 "%g ms/cell, %s%s", last->source[0] ? last->source : "?",
		 last->note[0] ? " (" : "", last->note, last->note[0] ? ")" : "",
		 (unsigned long long)(live ? live->lost : last->lost),
		 (double)zoom_ns[st.zoom] / 1e6, st.frozen ? "FROZEN (z resumes)" : "live",
		 back);
	wattrset(w, th_attr(st.frozen ? TH_WARNING : TH_HEADER));
	mvwhline(w, y, 0, ' ', a->cols);
	ui_draw_text(a, w, y, 0, a->cols, line, false);
	y++;
	vms_of(live && !st.frozen ? live : last, &m);
	if (y < y0 + h)
		y += draw_legend(a, w, y, &m);
	left = y0 + h - y;
	/* the map and its axis, leaving the table a few lines */
	if (left > 1) {
		int table = (int)nrows + 1 < TABLE_MIN ? (int)nrows + 1 : TABLE_MIN;
		map_rows = left - 1 - table;
		if (map_rows > (int)ncpus)
			map_rows = (int)ncpus;
		if (map_rows < 1)
			map_rows = 1;
		draw_map(a, w, y, map_rows, ncpus, &m);
		y += map_rows + 1;
	}
	draw_table(a, w, y, y0 + h - y, live, rows, nrows);
	free(rows);
	wattrset(w, A_NORMAL);
}

/* the selected vCPU row: its domain and vCPU */
static void slices_selection(const struct app *a, struct view_target *t)
{
	size_t n;
	struct row *rows = table_rows(a, be_slice_hist_last(a->slices), &n);
	if (n) {
		const struct row *r = &rows[st.sel < n ? st.sel : n - 1];
		t->kinds |= VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN) | VT_BIT(VT_VCPU);
		t->host = r->th ? r->th->host : r->d->host;
		snprintf(t->uuid, sizeof(t->uuid), "%s", r->th ? r->th->uuid : r->d->uuid);
		snprintf(t->name, sizeof(t->name), "%s", r->th ? r->th->name : r->d->name);
		t->vcpu = r->th ? r->th->vcpu : (int)r->v->index;
	} else {
		view_select_domain(a, t);
	}
	free(rows);
}

static bool slices_move(struct app *a, long delta)
{
	long s = (long)st.sel + delta;
	(void)a;
	/* past the end is clamped when drawn */
	st.sel = s < 0 ? 0 : (size_t)s;
	return true;
}

static void slices_tick(struct app *a)
{
	const struct be_slices *live = be_slice_hist_last(a->slices);
	if (live && live->mono_ns != st.drawn_mono)
		a->redraw = true;
}

static bool slices_command(struct app *a, enum view_cmd cmd, char *msg,
			   size_t n, bool *err)
{
	int64_t step = (int64_t)(st.width > 1 ? st.width / 2 : 1) * zoom_ns[st.zoom];
	int64_t from, to;
	char ago[32];
	*err = false;
	switch (cmd) {
	case VIEW_CMD_ZOOM_IN:
	case VIEW_CMD_ZOOM_OUT: {
		int z = st.zoom + (cmd == VIEW_CMD_ZOOM_IN ? -1 : 1);
		if (z < 0 || z >= NZOOM) {
			snprintf(msg, n, "already at %g ms per cell, the %s zoom",
				 (double)zoom_ns[st.zoom] / 1e6, z < 0 ? "finest" : "coarsest");
			return true;
		}
		st.zoom = z;
		snprintf(msg, n, "zoom: %g ms per cell", (double)zoom_ns[z] / 1e6);
		break;
	}
	case VIEW_CMD_FREEZE:
		if (st.frozen) {
			be_slice_hist_free(st.frozen);
			st.frozen = NULL;
			snprintf(msg, n, "live again: the map follows the newest slices");
		} else if (!traced_last(a->slices)) {
			snprintf(msg, n, "nothing to freeze: no time slices yet");
			*err = true;
		} else {
			st.frozen = be_slice_hist_copy(a->slices);
			snprintf(msg, n, "frozen: the map stops, the data keeps coming "
				 "(z resumes)");
		}
		break;
	case VIEW_CMD_SCROLL_LEFT:
	case VIEW_CMD_SCROLL_RIGHT:
		if (!traced_last(shown(a)) || !be_slice_hist_range(shown(a), &from, &to)) {
			snprintf(msg, n, "nothing to scroll: no time slices yet");
			*err = true;
			break;
		}
		if (cmd == VIEW_CMD_SCROLL_LEFT) {
			int64_t max = to - from - (int64_t)st.width * zoom_ns[st.zoom];
			if (max < 0)
				max = 0;
			if (st.back_ns >= max) {
				snprintf(msg, n, "at the oldest slices kept");
				break;
			}
			st.back_ns = st.back_ns + step > max ? max : st.back_ns + step;
		} else {
			if (st.back_ns <= 0) {
				snprintf(msg, n, "at the newest slices");
				break;
			}
			st.back_ns = st.back_ns > step ? st.back_ns - step : 0;
		}
		fmt_ago(ago, sizeof(ago), st.back_ns);
		snprintf(msg, n, "right edge at %s", ago);
		break;
	default:
		return false;
	}
	a->redraw = true;
	return true;
}

static const struct be_slice_hist *slices_shown(const struct app *a)
{
	return shown(a);
}

static const struct view_key slices_keys[] = {
	{ "+", "zoom-in", "zoom in: fewer ms per cell (1, 5, 10, 50, 100)" },
	{ "=", "zoom-in", "zoom in: fewer ms per cell (1, 5, 10, 50, 100)" },
	{ "-", "zoom-out", "zoom out: more ms per cell" },
	{ "z", "freeze", "freeze the map (the data keeps coming); again: live" },
	{ "<Left>", "scroll-left", "back in time (the last 60 s are kept)" },
	{ "<Right>", "scroll-right", "forward in time, to the newest slices" },
	{ "w", "write-trace", "write the 60 s shown as a trace file (Perfetto, chrome://tracing)" },
	{ "<Up>", "up", "select the vCPU above" },
	{ "k", "up", "select the vCPU above" },
	{ "<Down>", "down", "select the vCPU below" },
	{ "j", "down", "select the vCPU below" },
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_slices = {
	.name = "slices",
	.title = "time slices: which VM's vCPU ran on each host CPU, and why it stopped",
	.key = '1',
	.needs = BE_NEED_STATE | BE_NEED_VCPU | BE_NEED_SLICES,
	.draw = slices_draw,
	.selection = slices_selection,
	.tick = slices_tick,
	.cursor = slices_move,
	.command = slices_command,
	.slices_shown = slices_shown,
	.keys = slices_keys,
	.wants = VIEW_WANTS_FOCUS,
};
