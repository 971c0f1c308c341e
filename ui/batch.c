/* Output without curses: text frames (-b), virt-top's CSV (--csv) and one
 * JSON object per sample (--json).  Each output is built in a strbuf and
 * written with one fwrite, so a frame of 1000 domains is one write. */
#include <config.h>
#include "ui/batch.h"
#include "ui/app.h"
#include "common/format.h"
#include "views/domains.h"
#include "views/hosts.h"
#include "backend/conn.h"
#include "backend/slices.h"
#include "backend/jobs.h"
#include "backend/ops.h"
#include "common/util.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void sb_write(FILE *f, struct strbuf *b)
{
	if (b->len)
		fwrite(b->s, 1, b->len, f);
	sb_free(b);
}

/* Connected and answering: a host that has not answered this round shows
 * its state and no numbers, never its last ones as if new. */
static bool host_up(const struct ui_host *h)
{
	const struct be_sample *s = h->src.sample;
	return s && s->state == BE_CONN_UP && !h->silent;
}

static const char *host_uri(const struct app *a, size_t i)
{
	const struct be_sample *s = a->hosts[i]->src.sample;
	return s && s->uri ? s->uri : be_conn_uri(a->hosts[i]->conn);
}

/* JSON prints every number; CSV virt-top's groups; text the columns. */
unsigned batch_needs(const struct app *a, bool json, bool csv)
{
	unsigned needs = ui_needs(a);
	if (json)
		/* vcpu_stats; the guest's own memory figures are not in it */
		needs |= (BE_NEED_ALL & ~BE_NEED_MEMSTATS) | BE_NEED_SLICES;
	if (csv) {
		size_t i;
		int c;
		for (i = 0; (c = view_col_csv(i)) >= 0; i++)
			needs |= view_columns[c].needs;
	}
	return needs;
}

/* --- text frames (-b) -------------------------------------------------- */

/* Cells of s as fmt_fit counts them, so that fitting to it neither cuts
 * nor pads. */
static int cells(const char *s, bool ascii)
{
	int n = 0;
	if (!ascii)
		return fmt_width(s);
	while (*s) {
		size_t skip = 1;
		if ((unsigned char)*s >= 0x80)
			while ((s[skip] & 0xC0) == 0x80)
				skip++;
		s += skip;
		n++;
	}
	return n;
}

/* s, padded to width (0: its own width), control characters replaced: a
 * name or an error message never puts an escape sequence on the output */
static void add_cell(struct strbuf *b, const char *s, int width, bool right,
		     bool ascii)
{
	size_t sz = strlen(s) + (width > 0 ? (size_t)width : 0) + 8;
	char *buf = xmalloc(sz);
	int w = cells(s, ascii);
	fmt_fit(buf, sz, s, width > w ? width : w, right, ascii);
	sb_puts(b, buf);
	free(buf);
}

static void add_line(struct strbuf *b, const char *s, bool ascii)
{
	add_cell(b, s, 0, false, ascii);
	while (b->len && b->s[b->len - 1] == ' ')
		b->len--;
	sb_add(b, "\n", 1);
}

/* The screen's header lines (ui_header_text), as plain text. */
static void header(const struct app *a, struct strbuf *b)
{
	char lines[HEADER_LINES][UI_LINE_MAX];
	enum th_slot slots[HEADER_LINES];
	int i, n = ui_header_text(a, lines, slots);
	for (i = 0; i < n; i++)
		add_line(b, lines[i], a->ascii);
}

/* One row of the domains view's columns; d NULL: the column titles */
static void text_row(const struct app *a, struct strbuf *b,
		     const struct be_domain *d)
{
	bool first = true;
	int c;
	for (c = 0; c < COL_COUNT; c++) {
		const struct view_column *t = &view_columns[c];
		char buf[1024];
		if (!view_domains_visible(a, (enum ui_col)c))
			continue;
		if (d)
			view_domains_cell(a, d, (enum ui_col)c, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%s", view_domains_title(a, (enum ui_col)c));
		if (!first)
			sb_add(b, " ", 1);
		first = false;
		add_cell(b, buf, t->width, t->right, a->ascii);
	}
	while (b->len && b->s[b->len - 1] == ' ')
		b->len--;
	sb_add(b, "\n", 1);
}

void batch_text(FILE *f, struct app *a)
{
	struct strbuf b = { 0 };
	size_t i;
	header(a, &b);
	text_row(a, &b, NULL);
	for (i = 0; i < a->nrows; i++)
		text_row(a, &b, a->rows[i]);
	sb_add(&b, "\n", 1);
	sb_write(f, &b);
}

/* --- CSV (--csv) --------------------------------------------------------- */

/* virt-top's header (csv_output.ml), all groups on: the host's fields,
 * then the per-domain group, whose fields are the columns' (their csv
 * rows in views/columns.c: virt-top's headings, for what reads its CSV).
 * The group is listed once; each row repeats it for every active domain,
 * by ID. */
void batch_csv_header(FILE *f, struct app *a)
{
	struct strbuf b = { 0 };
	sb_puts(&b, "Hostname,Time,Arch,Physical CPUs,Count,Running,Blocked,"
		"Paused,Shutdown,Shutoff,Crashed,Active,Inactive,%CPU,"
		"Total hardware memory (KB),Total memory (KB),"
		"Total guest memory (KB),Total CPU time (ns)");
	view_csv_headings(a, &b);
	sb_add(&b, "\n", 1);
	sb_write(f, &b);
}

static void csv_sep_str(struct strbuf *b, const char *s)
{
	sb_add(b, ",", 1);
	sb_csv_str(b, s);
}

static void csv_u64(struct strbuf *b, uint64_t v)
{
	sb_printf(b, ",%llu", (unsigned long long)v);
}

static int by_id(const void *pa, const void *pb)
{
	const struct be_domain *x = *(const struct be_domain *const *)pa;
	const struct be_domain *y = *(const struct be_domain *const *)pb;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void csv_host(const struct app *a, struct strbuf *b, size_t h)
{
	const struct be_sample *s = a->hosts[h]->src.sample;
	const struct be_domain **act;
	char tbuf[16];
	struct tm tm;
	time_t t = s ? (time_t)(s->wall_ns / 1000000000LL) : time(NULL);
	int64_t iv;
	size_t i, n = 0;

	localtime_r(&t, &tm);
	strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
	sb_csv_str(b, s && s->hostname && strcmp(s->hostname, "?") != 0 ?
		   s->hostname : host_uri(a, h));
	sb_add(b, ",", 1);
	sb_puts(b, tbuf);
	if (!host_up(a->hosts[h])) {
		/* no numbers from a lost connection: the summary fields empty,
		 * no domain groups */
		sb_puts(b, ",,,,,,,,,,,,,,,,\n");
		return;
	}
	iv = s->interval_ns;
	csv_sep_str(b, s->arch);
	sb_printf(b, ",%u,%zu", s->cpus, s->ndomains);
	sb_printf(b, ",%u,%u,%u,%u,%u,%u", s->count_state[BE_ST_RUNNING],
		  s->count_state[BE_ST_BLOCKED], s->count_state[BE_ST_PAUSED],
		  s->count_state[BE_ST_SHUTDOWN], s->count_state[BE_ST_SHUTOFF],
		  s->count_state[BE_ST_CRASHED]);
	sb_printf(b, ",%u,%u", s->active, s->inactive);
	/* %CPU of the whole host, as virt-top; unknown before two samples */
	if (iv > 0)
		sb_printf(b, ",%.1f", s->cpus ? s->cpu_pct / s->cpus : s->cpu_pct);
	else
		sb_add(b, ",", 1);
	csv_u64(b, s->mem_kib);
	csv_u64(b, s->guest_mem_kib);
	csv_u64(b, s->guest_mem_kib); /* no domain 0 on KVM: all are guests */
	if (iv > 0)
		sb_printf(b, ",%.0f", s->cpu_pct / 100.0 * (double)iv);
	else
		sb_add(b, ",", 1);

	act = xcalloc(s->ndomains ? s->ndomains : 1, sizeof(*act));
	for (i = 0; i < s->ndomains; i++)
		if (s->domains[i].id >= 0)
			act[n++] = &s->domains[i];
	qsort(act, n, sizeof(*act), by_id);
	for (i = 0; i < n; i++)
		view_csv_fields(a, s, act[i], b);
	/* virt-top lists only running domains; the inactive ones follow with
	 * an empty ID and no numbers, so the file names every domain */
	for (i = 0; i < s->ndomains; i++)
		if (s->domains[i].id < 0)
			view_csv_fields(a, s, &s->domains[i], b);
	free(act);
	sb_add(b, "\n", 1);
}

/* One row per host per sample: each row is a complete virt-top row for
 * its host (the Hostname column tells them apart). */
void batch_csv_row(FILE *f, struct app *a)
{
	struct strbuf b = { 0 };
	size_t h;
	for (h = 0; h < a->nhosts; h++)
		csv_host(a, &b, h);
	sb_write(f, &b);
}

/* --- JSON (--json) ------------------------------------------------------- */

static void j_key(struct strbuf *b, const char *key)
{
	sb_add(b, ",\"", 2);
	sb_puts(b, key);
	sb_add(b, "\":", 2);
}

/* decimal digits without printf: tens of thousands of numbers a sample */
static void j_digits(struct strbuf *b, uint64_t v)
{
	char t[20];
	int n = 0;
	do {
		t[sizeof(t) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	sb_add(b, t + sizeof(t) - n, (size_t)n);
}

static void j_str(struct strbuf *b, const char *key, const char *v)
{
	j_key(b, key);
	if (v)
		sb_json_str(b, v);
	else
		sb_puts(b, "null");
}

/* unknown (negative, NaN) is null, never a negative number */
static void j_dbl(struct strbuf *b, const char *key, double v, bool known)
{
	j_key(b, key);
	if (known && v >= 0 && v < 1e15) {
		uint64_t c = (uint64_t)(v * 100 + 0.5);
		char f[3] = { '.', (char)('0' + c / 10 % 10), (char)('0' + c % 10) };
		j_digits(b, c / 100);
		sb_add(b, f, 3);
	} else if (known && v >= 0 && isfinite(v))
		sb_printf(b, "%.2f", v);
	else
		sb_puts(b, "null");
}

static void j_u64(struct strbuf *b, const char *key, uint64_t v, bool known)
{
	j_key(b, key);
	if (known)
		j_digits(b, v);
	else
		sb_puts(b, "null");
}

static void j_host(const struct app *a, struct strbuf *b, size_t h)
{
	const struct ui_host *host = a->hosts[h];
	const struct be_sample *s = host->src.sample;
	bool up = host_up(host);
	bool rates = up && s->interval_ns > 0;
	char text[64];
	sb_puts(b, "{\"hostname\":");
	if (s && s->hostname && strcmp(s->hostname, "?") != 0)
		sb_json_str(b, s->hostname);
	else
		sb_puts(b, "null");
	j_str(b, "uri", host_uri(a, h));
	j_str(b, "state", view_host_state(host, text, sizeof(text)));
	/* how long a host that does not answer has been waited for */
	j_dbl(b, "waiting_s", (double)host->silent_ns / 1e9, host->silent);
	j_dbl(b, "latency_ms", up ? (double)s->cost_ns / 1e6 : -1, up);
	/* what watching costs on this side: hvtop's CPU per refresh */
	j_dbl(b, "hvtop_cpu_ms", (double)a->cost_cpu_ns / 1e6,
	      a->cost_refreshes && a->cost_cpu_ns >= 0);
	/* and what this host's QEMUs were asked (local QEMU hosts, counted
	 * where tracefs takes uprobes; ui/qmp.c) */
	j_dbl(b, "qmp_per_refresh", host->qmp_per_sample,
	      up && a->qmp && host->qmp_per_sample >= 0);
	j_str(b, "error", s ? s->error : NULL);
	j_u64(b, "cpus", up ? s->cpus : 0, up && s->cpus);
	j_u64(b, "mem_kib", up ? s->mem_kib : 0, up && s->mem_kib);
	j_dbl(b, "cpu_pct", rates ? s->cpu_pct : -1, rates);
	j_dbl(b, "cpu_host_pct", rates && s->cpus ? s->cpu_pct / s->cpus : -1,
	      rates && s->cpus);
	sb_add(b, "}", 1);
}

/* The tracer's numbers of one vCPU thread in sl, or NULL. */
static const struct be_sched_vcpu *traced(const struct be_slices *sl,
					  const struct be_domain *d,
					  const struct be_vcpu *v)
{
	size_t i;
	if (!sl || !sl->stats || v->tid <= 0 || sl->interval_ns <= 0)
		return NULL;
	for (i = 0; i < sl->nthreads; i++) {
		const struct be_sched_thread *t = &sl->threads[i];
		if (t->tid == v->tid && t->vcpu == (int)v->index &&
		    t->host == d->host && strcmp(t->uuid, d->uuid) == 0)
			return &sl->stats[i];
	}
	return NULL;
}

/* vcpu_stats[]: the tracer's numbers where it follows the thread (local
 * guests), else what libvirt's vcpu group says, else null */
static void j_vcpus(struct strbuf *b, const struct be_domain *d,
		    const struct be_slices *sl)
{
	size_t i;
	sb_puts(b, ",\"vcpu_stats\":[");
	for (i = 0; d->id >= 0 && i < d->nvcpu; i++) {
		const struct be_vcpu *v = &d->vcpu[i];
		const struct be_sched_vcpu *t = traced(sl, d, v);
		char aff[256];
		if (i)
			sb_add(b, ",", 1);
		sb_puts(b, "{\"vcpu\":");
		j_digits(b, v->index);
		j_u64(b, "tid", (uint64_t)(v->tid > 0 ? v->tid : 0), v->tid > 0);
		if (t && t->pcpu >= 0)
			j_u64(b, "pcpu", (uint64_t)t->pcpu, true);
		else
			j_u64(b, "pcpu", (uint64_t)(v->pcpu > 0 ? v->pcpu : 0),
			      (v->have & BE_VCPU_PCPU) && v->pcpu >= 0);
		if (t && t->affinity[0])
			j_str(b, "affinity", t->affinity);
		else if ((v->have & BE_VCPU_AFFINITY) && v->affinity) {
			be_cpumap_format(aff, sizeof(aff), v->affinity, v->affinity_len);
			j_str(b, "affinity", aff);
		} else
			j_str(b, "affinity", NULL);
		j_dbl(b, "run_pct", t ? t->run_pct : v->run_pct,
		      t ? t->run_pct >= 0 : d->r.valid && v->run_pct >= 0);
		j_dbl(b, "wait_pct", t ? t->wait_pct : v->wait_pct,
		      t ? t->wait_pct >= 0 : d->r.valid && v->wait_pct >= 0);
		j_dbl(b, "steal_pct", v->steal_pct, d->r.valid && v->steal_pct >= 0);
		j_u64(b, "slices", t ? t->slices : 0, t != NULL);
		j_dbl(b, "mean_slice_us", t ? t->mean_slice_us : -1,
		      t && t->mean_slice_us >= 0);
		j_u64(b, "halts", t ? t->halts : 0, t != NULL);
		if (t && t->waited_behind >= 0 && (size_t)t->waited_behind < sl->nthreads) {
			const struct be_sched_thread *w = &sl->threads[t->waited_behind];
			char who[96];
			snprintf(who, sizeof(who), "%s/vcpu%d", w->name, w->vcpu);
			j_str(b, "preempted_by", who);
		} else if (t && t->waited_behind == BE_WHO_OTHER && t->other_comm[0]) {
			j_str(b, "preempted_by", t->other_comm);
		} else {
			j_str(b, "preempted_by", NULL);
		}
		sb_add(b, "}", 1);
	}
	sb_add(b, "]", 1);
}

/* cpu_shares, and cpu_cap_pct (% of one core per vCPU; null: no cap, or
 * not known) */
static void j_sched(struct strbuf *b, const struct be_domain *d)
{
	double cap = be_sched_cap_pct(&d->sched);
	j_u64(b, "cpu_shares", d->sched.shares,
	      (d->have & BE_NEED_SCHED) && (d->sched.have & BE_SCHED_SHARES));
	j_dbl(b, "cpu_cap_pct", cap, (d->have & BE_NEED_SCHED) && cap >= 0);
}

static void j_domain(struct strbuf *b, const struct be_sample *s,
		     const struct be_domain *d, const struct be_slices *sl)
{
	const struct be_rates *r = &d->r;
	bool active = d->id >= 0;
	bool cpu = active && (d->have & BE_NEED_CPU);
	bool mem = d->have & BE_NEED_BALLOON;
	bool blk = active && (d->have & BE_NEED_BLOCK);
	bool net = active && (d->have & BE_NEED_NET);
	bool v = r->valid;

	if (active) {
		sb_puts(b, "{\"id\":");
		j_digits(b, (uint64_t)d->id);
	}
	else
		sb_puts(b, "{\"id\":null");
	j_str(b, "name", d->name);
	j_str(b, "uuid", d->uuid);
	j_str(b, "host", s->hostname);
	j_str(b, "state", be_state_name(d->state));
	/* its QEMU keeps libvirt waiting: null numbers below */
	j_dbl(b, "not_answering_s", (double)d->stuck_ms / 1000.0, d->stuck_ms > 0);
	j_u64(b, "vcpus", d->vcpus, d->vcpus > 0);
	j_u64(b, "cpu_time_ns", d->c.cpu_time_ns, cpu);
	j_dbl(b, "cpu_pct", r->cpu_pct, v);
	j_dbl(b, "cpu_host_pct", s->cpus ? r->cpu_pct / s->cpus : -1,
	      v && r->cpu_pct >= 0 && s->cpus);
	j_dbl(b, "steal_pct", r->steal_pct, v);
	j_u64(b, "mem_kib", d->mem_kib, mem);
	j_u64(b, "mem_max_kib", d->mem_max_kib, mem && d->mem_max_kib);
	j_dbl(b, "mem_pct", d->mem_pct, active && mem && s->mem_kib);
	j_u64(b, "rd_reqs", d->c.rd_reqs, blk);
	j_u64(b, "wr_reqs", d->c.wr_reqs, blk);
	j_u64(b, "rd_bytes", d->c.rd_bytes, blk);
	j_u64(b, "wr_bytes", d->c.wr_bytes, blk);
	j_u64(b, "rx_bytes", d->c.rx_bytes, net);
	j_u64(b, "tx_bytes", d->c.tx_bytes, net);
	j_u64(b, "rx_pkts", d->c.rx_pkts, net);
	j_u64(b, "tx_pkts", d->c.tx_pkts, net);
	j_dbl(b, "rd_bps", r->rd_bps, v);
	j_dbl(b, "wr_bps", r->wr_bps, v);
	j_dbl(b, "rx_bps", r->rx_bps, v);
	j_dbl(b, "tx_bps", r->tx_bps, v);
	j_vcpus(b, d, sl);
	j_sched(b, d);
	sb_add(b, "}", 1);
}

/* {"time": epoch seconds (float), "time_iso": UTC ISO-8601, "host": the
 * first connection, "hosts": [every connection], "domains": [every domain
 * of every connected host, the interactive filter ignored]} */
static const char *job_kind(const struct be_job_info *ji)
{
	if (ji->mig.on)
		return "migration";
	switch (ji->kind) {
	case BE_OP_CREATE: return "create";
	case BE_OP_SNAP_CREATE: case BE_OP_SNAP_REVERT: case BE_OP_SNAP_DELETE:
		return "snapshot";
	case BE_OP_SCHED: return "scheduling";
	default: return "operation";
	}
}

static const char *job_state(enum be_job_state st)
{
	static const char *const names[] = {
		[BE_JOB_RUNNING] = "running", [BE_JOB_DONE] = "done",
		[BE_JOB_FAILED] = "failed", [BE_JOB_CANCELLED] = "cancelled",
	};
	return st <= BE_JOB_CANCELLED ? names[st] : "?";
}

/* jobs[] while jobs exist (PRODUCT.md): a migration's figures from
 * virDomainGetJobStats, null where the job has none */
static void j_jobs(struct strbuf *b, struct app *a)
{
	struct be_job_info *v = NULL;
	size_t n = a->mgmt ? be_jobs_list(a->mgmt->jobs, &v) : 0, i;
	if (!n)
		return;
	sb_puts(b, ",\"jobs\":[");
	for (i = 0; i < n; i++) {
		const struct be_job_info *ji = &v[i];
		const struct be_job_mig *m = &ji->mig;
		if (i)
			sb_add(b, ",", 1);
		sb_puts(b, "{\"id\":");
		j_digits(b, ji->id);
		j_str(b, "kind", job_kind(ji));
		j_str(b, "domain", ji->domain);
		j_u64(b, "host", ji->host, true);
		j_str(b, "dest", ji->dest);
		j_str(b, "state", job_state(ji->state));
		j_dbl(b, "pct", ji->progress * 100, ji->progress >= 0);
		j_u64(b, "data_total", m->data_total, m->on && m->data_total);
		j_u64(b, "data_processed", m->data_processed, m->on);
		j_u64(b, "data_remaining", m->data_remaining, m->on);
		j_u64(b, "dirty_rate_bps", m->dirty_bps, m->on);
		j_u64(b, "iteration", m->iteration, m->on && m->iteration);
		j_u64(b, "downtime_ms", m->downtime_ms, m->on && m->downtime_ms);
		j_u64(b, "eta_s", (uint64_t)(m->eta_s > 0 ? m->eta_s : 0),
		      m->on && m->eta_s >= 0);
		j_str(b, "error", ji->state == BE_JOB_FAILED ? ji->message : NULL);
		sb_add(b, "}", 1);
	}
	sb_add(b, "]", 1);
	be_job_infos_free(v, n);
}

void batch_json(FILE *f, struct app *a)
{
	struct strbuf b = { 0 };
	int64_t wall = 0;
	time_t sec;
	struct tm tm;
	char iso[64];
	bool first = true;
	size_t h, i;

	for (h = 0; h < a->nhosts && !wall; h++)
		if (host_up(a->hosts[h]))
			wall = ((const struct be_sample *)a->hosts[h]->src.sample)->wall_ns;
	if (!wall) {
		/* no host answered: the line stands for the samples under way,
		 * so it has the time the newest of them began; the time of the
		 * sample that arrives late (taken after that) is later, and the
		 * lines' times never go back */
		struct timespec ts;
		int64_t since = -1;
		clock_gettime(CLOCK_REALTIME, &ts);
		wall = (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
		for (h = 0; h < a->nhosts; h++) {
			int64_t w = be_conn_waiting_ns(a->hosts[h]->conn);
			if (w > 0 && (since < 0 || w < since))
				since = w;
		}
		if (since > 0)
			wall -= since;
	}
	sec = (time_t)(wall / 1000000000LL);
	gmtime_r(&sec, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%S", &tm);

	sb_printf(&b, "{\"time\":%lld.%03lld", (long long)sec,
		  (long long)(wall % 1000000000LL / 1000000));
	sb_printf(&b, ",\"time_iso\":\"%s.%03lldZ\"", iso,
		  (long long)(wall % 1000000000LL / 1000000));
	sb_puts(&b, ",\"host\":");
	if (a->nhosts)
		j_host(a, &b, 0);
	else
		sb_puts(&b, "null");
	sb_puts(&b, ",\"hosts\":[");
	for (h = 0; h < a->nhosts; h++) {
		if (h)
			sb_add(&b, ",", 1);
		j_host(a, &b, h);
	}
	sb_puts(&b, "],\"domains\":[");
	for (h = 0; h < a->nhosts; h++) {
		const struct be_sample *s = a->hosts[h]->src.sample;
		if (!host_up(a->hosts[h]))
			continue;
		for (i = 0; i < s->ndomains; i++) {
			if (!first)
				sb_add(&b, ",", 1);
			first = false;
			j_domain(&b, s, &s->domains[i], be_slice_hist_last(a->slices));
		}
	}
	sb_add(&b, "]", 1);
	j_jobs(&b, a);
	sb_puts(&b, "}\n");
	sb_write(f, &b);
}

/* --- slices (--slices) ----------------------------------------------------- */

void batch_slices_header(FILE *f)
{
	fputs("pcpu,start_ns,end_ns,domain,vcpu,end\n", f);
}

struct slices_csv {
	struct strbuf b;
	int64_t after; /* samples up to this one were written */
};

static void slice_line(void *arg, const struct be_slices *s,
		       const struct be_slice *sl)
{
	struct slices_csv *c = arg;
	const struct be_sched_thread *t;
	if (s->mono_ns <= c->after || sl->who < 0 || (size_t)sl->who >= s->nthreads)
		return;
	t = &s->threads[sl->who];
	sb_printf(&c->b, "%u,%lld,%lld,", sl->pcpu, (long long)sl->start_ns,
		  (long long)sl->end_ns);
	sb_csv_str(&c->b, t->name);
	sb_printf(&c->b, ",%d,%s\n", t->vcpu, be_slice_end_name(sl->end));
}

/* The followed threads' slices of every tracer sample not written yet (the
 * others, idle and unfollowed host threads, have no domain): a sample may
 * come between two lines as well as with one. */
void batch_slices(FILE *f, struct app *a)
{
	const struct be_slices *last = be_slice_hist_last(a->slices);
	struct slices_csv c = { .after = a->slices_written };
	if (!last || last->mono_ns <= a->slices_written)
		return;
	be_slice_hist_each(a->slices, INT64_MIN, INT64_MAX, slice_line, &c);
	a->slices_written = last->mono_ns;
	sb_write(f, &c.b);
}
