/* The domains view's columns and the sort keys (views/columns.h). */
#include <config.h>
#include "views/columns.h"
#include "backend/model.h"
#include "views/state.h"
#include "common/format.h"
#include "common/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double cpu_shown(const struct app *a, const struct be_domain *d)
{
	const struct be_sample *s = ui_host_of(a, d);
	if (!d->r.valid || d->r.cpu_pct < 0)
		return -1;
	if (a->set.cpu_one || !s || !s->cpus)
		return d->r.cpu_pct;
	return d->r.cpu_pct / s->cpus;
}

static double steal_shown(const struct app *a, const struct be_domain *d)
{
	const struct be_sample *s = ui_host_of(a, d);
	if (!d->r.valid || d->r.steal_pct < 0)
		return -1;
	if (a->set.cpu_one || !s || !s->cpus)
		return d->r.steal_pct;
	return d->r.steal_pct / s->cpus;
}

static void c_host(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	const struct be_sample *s = ui_host_of(a, d);
	snprintf(b, n, "%s", s ? s->hostname : "?");
}

static void c_id(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	if (d->id >= 0)
		snprintf(b, n, "%d", d->id);
	else
		snprintf(b, n, "-");
}

static void c_state(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	/* a shutdown under way shows as virt-top's D before libvirt says so */
	int busy = ui_domain_busy_state(a, d);
	snprintf(b, n, "%c", be_state_letter(busy >= 0 ? busy : d->state));
}

/* only live, valid rates are numbers; anything else is "-" */
static double live(const struct be_domain *d, double v)
{
	return d->r.valid ? v : -1;
}

static void c_rdrq(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_size(b, n, live(d, a->set.io_bytes ? d->r.rd_bps : d->r.rd_rps));
}

static void c_wrrq(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_size(b, n, live(d, a->set.io_bytes ? d->r.wr_bps : d->r.wr_rps));
}

static void c_rxby(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_size(b, n, live(d, a->set.io_bytes ? d->r.rx_pps : d->r.rx_bps));
}

static void c_txby(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_size(b, n, live(d, a->set.io_bytes ? d->r.tx_pps : d->r.tx_bps));
}

static void c_cpu(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_pct(b, n, cpu_shown(a, d));
}

static void c_steal(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	fmt_pct(b, n, steal_shown(a, d));
}

static void c_shares(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	if ((d->have & BE_NEED_SCHED) && (d->sched.have & BE_SCHED_SHARES))
		snprintf(b, n, "%llu", (unsigned long long)d->sched.shares);
	else
		snprintf(b, n, "-");
}

/* "none" is a cap known to be absent; "-" not known */
static void c_cap(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	double cap = be_sched_cap_pct(&d->sched);
	(void)a;
	if (!(d->have & BE_NEED_SCHED) || !(d->sched.have & BE_SCHED_CAP))
		snprintf(b, n, "-");
	else if (cap < 0)
		snprintf(b, n, "none");
	else
		fmt_pct(b, n, cap);
}

static void c_mempct(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	fmt_pct(b, n, d->id >= 0 ? d->mem_pct : -1);
}

static void c_vcpu(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	snprintf(b, n, "%u", d->vcpus);
}

static void c_mem(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	fmt_size(b, n, (double)d->mem_kib * 1024);
}

static void c_balloon(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	fmt_size(b, n, d->bal_available_kib ? (double)d->bal_available_kib * 1024 : -1);
}

static void c_time(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	(void)a;
	if (d->have & BE_NEED_CPU)
		fmt_time(b, n, d->c.cpu_time_ns);
	else
		snprintf(b, n, "-");
}

static void c_name(const struct app *a, const struct be_domain *d, char *b, size_t n)
{
	/* virt-top's convention: inactive domains in parentheses */
	const char *mig = ui_domain_migrating(a, d);
	if (d->id >= 0 && d->stuck_ms > 0)
		/* its QEMU keeps libvirt waiting: no numbers, and how long */
		snprintf(b, n, "%s  [not answering %lld s]", d->name,
			 (long long)(d->stuck_ms / 1000));
	else if (d->id >= 0 && mig)
		snprintf(b, n, "%s  [migrating %s]", d->name, mig);
	else if (d->id >= 0)
		snprintf(b, n, "%s%s", d->name,
			 ui_domain_busy_state(a, d) == BE_ST_SHUTDOWN ?
			 "  [shutting down]" : "");
	else
		snprintf(b, n, "(%s)", d->name);
}

/* ---- the fields of virt-top's CSV (--csv) ---- */

/* CPU figures need two samples; virt-top lists only active domains */
static bool csv_cpu_known(const struct be_sample *s, const struct be_domain *d)
{
	return d->id >= 0 && d->r.valid && d->r.cpu_pct >= 0 &&
	       s->interval_ns > 0;
}

static bool csv_mem_known(const struct be_domain *d)
{
	return d->id >= 0 && (d->have & BE_NEED_BALLOON);
}

/* a per-second rate back to the count over the interval, as virt-top
 * prints */
static void csv_count(const struct be_sample *s, const struct be_domain *d,
		      double rate, struct strbuf *b)
{
	if (d->id >= 0 && d->r.valid && rate >= 0 && isfinite(rate) &&
	    s->interval_ns > 0)
		sb_printf(b, "%.0f", rate * (double)s->interval_ns / 1e9);
}

static void v_id(const struct app *a, const struct be_sample *s,
		 const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	(void)s;
	if (d->id >= 0)
		sb_printf(b, "%d", d->id);
}

static void v_name(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	(void)s;
	sb_csv_str(b, d->name);
}

/* TIME's counter over the interval: the CPU time the domain used */
static void v_time(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	if (csv_cpu_known(s, d))
		sb_printf(b, "%.0f", d->r.cpu_pct / 100.0 * (double)s->interval_ns);
}

/* of the whole host, as virt-top, whatever cpu_scale says */
static void v_cpu(const struct app *a, const struct be_sample *s,
		  const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	if (csv_cpu_known(s, d))
		sb_printf(b, "%.1f", s->cpus ? d->r.cpu_pct / s->cpus : d->r.cpu_pct);
}

static void v_mem(const struct app *a, const struct be_sample *s,
		  const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	(void)s;
	if (csv_mem_known(d))
		sb_printf(b, "%llu", (unsigned long long)d->mem_kib * 1024ULL);
}

/* whole percent of the host's memory */
static void v_mempct(const struct app *a, const struct be_sample *s,
		     const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	if (csv_mem_known(d))
		sb_printf(b, "%llu", s->mem_kib ? (unsigned long long)
			  (100 * d->mem_kib / s->mem_kib) : 0ULL);
}

/* block: requests, or bytes with B */
static void v_rdrq(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	csv_count(s, d, a->set.io_bytes ? d->r.rd_bps : d->r.rd_rps, b);
}

static void v_wrrq(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	csv_count(s, d, a->set.io_bytes ? d->r.wr_bps : d->r.wr_rps, b);
}

/* net: bytes whatever B says (virt-top's CSV has no packets) */
static void v_rxby(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	csv_count(s, d, d->r.rx_bps, b);
}

static void v_txby(const struct app *a, const struct be_sample *s,
		   const struct be_domain *d, struct strbuf *b)
{
	(void)a;
	csv_count(s, d, d->r.tx_bps, b);
}

const struct view_column view_columns[COL_COUNT] = {
	[COL_HOST] = { .title = "HOST", .width = 12, .cell = c_host,
		.name = "host", .field = 1, .help = "connection's host name",
		.drop = 11 },
	[COL_ID] = { .title = "ID", .width = 5, .right = true, .shown = true,
		.cell = c_id, .drop = 12,
		.csv = "Domain ID", .csv_pos = 1, .csv_value = v_id },
	[COL_S] = { .title = "S", .width = 1, .shown = true, .cell = c_state },
	[COL_RDRQ] = { .title = "RDRQ", .alt_title = "RDBY", .width = 5,
		.right = true, .needs = BE_NEED_BLOCK, .shown = true,
		.cell = c_rdrq, .drop = 8, .csv = "Block RDRQ",
		.csv_alt = "Block RDBY", .csv_pos = 7, .csv_value = v_rdrq },
	[COL_WRRQ] = { .title = "WRRQ", .alt_title = "WRBY", .width = 5,
		.right = true, .needs = BE_NEED_BLOCK, .shown = true,
		.cell = c_wrrq, .drop = 7, .csv = "Block WRRQ",
		.csv_alt = "Block WRBY", .csv_pos = 8, .csv_value = v_wrrq },
	[COL_RXBY] = { .title = "RXBY", .alt_title = "RXPK", .width = 5,
		.right = true, .needs = BE_NEED_NET, .shown = true,
		.cell = c_rxby, .drop = 6, .csv = "Net RXBY", .csv_pos = 9,
		.csv_value = v_rxby },
	[COL_TXBY] = { .title = "TXBY", .alt_title = "TXPK", .width = 5,
		.right = true, .needs = BE_NEED_NET, .shown = true,
		.cell = c_txby, .drop = 5, .csv = "Net TXBY", .csv_pos = 10,
		.csv_value = v_txby },
	[COL_CPU] = { .title = "%CPU", .width = 5, .right = true,
		.needs = BE_NEED_CPU, .shown = true, .cell = c_cpu,
		.csv = "%CPU", .csv_pos = 4, .csv_value = v_cpu },
	[COL_STEAL] = { .title = "%STEAL", .width = 6, .right = true,
		.needs = BE_NEED_VCPU, .cell = c_steal, .name = "steal",
		.field = 3, .help = "vCPU time waiting for a host CPU", .drop = 4 },
	[COL_SHARES] = { .title = "SHARES", .width = 6, .right = true,
		.needs = BE_NEED_SCHED, .cell = c_shares, .name = "shares",
		.field = 6, .help = "cpu shares: the weight against other VMs", .drop = 1 },
	[COL_CAP] = { .title = "CAP", .width = 5, .right = true,
		.needs = BE_NEED_SCHED, .cell = c_cap, .name = "cap",
		.field = 7, .help = "CPU cap, % of one core per vCPU", .drop = 1 },
	[COL_MEMPCT] = { .title = "%MEM", .width = 5, .right = true,
		.needs = BE_NEED_BALLOON, .shown = true, .cell = c_mempct,
		.drop = 9, .csv = "%Mem", .csv_pos = 6, .csv_value = v_mempct },
	[COL_VCPU] = { .title = "VCPU", .width = 4, .right = true,
		.cell = c_vcpu, .name = "vcpu", .field = 2,
		.help = "number of vCPUs", .drop = 3 },
	[COL_MEM] = { .title = "MEM", .width = 5, .right = true,
		.needs = BE_NEED_BALLOON, .cell = c_mem, .name = "mem",
		.field = 4, .help = "current memory", .drop = 2,
		.csv = "Mem (bytes)", .csv_pos = 5, .csv_value = v_mem },
	[COL_BALLOON] = { .title = "BALLOON", .width = 7, .right = true,
		.needs = BE_NEED_MEMSTATS, .cell = c_balloon, .name = "balloon",
		.field = 5, .help = "memory the guest reports available",
		.drop = 1 },
	[COL_TIME] = { .title = "TIME", .width = 10, .right = true,
		.needs = BE_NEED_CPU, .shown = true, .cell = c_time, .drop = 10,
		.csv = "CPU (ns)", .csv_pos = 3, .csv_value = v_time },
	[COL_NAME] = { .title = "NAME", .width = 0, .shown = true,
		.cell = c_name, .csv = "Domain name", .csv_pos = 2,
		.csv_value = v_name },
};

unsigned view_cols_default(void)
{
	unsigned m = 0;
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_columns[c].shown)
			m |= COL_BIT(c);
	return m;
}

unsigned view_cols_optional(void)
{
	unsigned m = 0;
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_columns[c].name)
			m |= COL_BIT(c);
	return m;
}

int view_col_field(size_t i)
{
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_columns[c].name && view_columns[c].field == (int)i + 1)
			return c;
	return -1;
}

int view_col_find(const char *name)
{
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_columns[c].name && strcmp(view_columns[c].name, name) == 0)
			return c;
	return -1;
}

int view_col_csv(size_t i)
{
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_columns[c].csv_pos == (int)i + 1)
			return c;
	return -1;
}

void view_csv_headings(const struct app *a, struct strbuf *b)
{
	const struct view_column *t;
	size_t i;
	int c;
	for (i = 0; (c = view_col_csv(i)) >= 0; i++) {
		t = &view_columns[c];
		sb_add(b, ",", 1);
		sb_csv_str(b, a->set.io_bytes && t->csv_alt ? t->csv_alt : t->csv);
	}
}

void view_csv_fields(const struct app *a, const struct be_sample *s,
		     const struct be_domain *d, struct strbuf *b)
{
	size_t i;
	int c;
	for (i = 0; (c = view_col_csv(i)) >= 0; i++) {
		sb_add(b, ",", 1);
		view_columns[c].csv_value(a, s, d, b);
	}
}

/* ---- sort keys ---- */

static double host_cpus(const struct app *a, const struct be_domain *d)
{
	const struct be_sample *s = ui_host_of(a, d);
	return s && s->cpus ? s->cpus : 1;
}

static double s_cpu(const struct app *a, const struct be_domain *d)
{
	return d->r.valid ? d->r.cpu_pct / host_cpus(a, d) : -1;
}

static double s_mem(const struct app *a, const struct be_domain *d)
{
	(void)a;
	return d->mem_pct;
}

static double s_time(const struct app *a, const struct be_domain *d)
{
	(void)a;
	return (double)d->c.cpu_time_ns;
}

static double s_rdrq(const struct app *a, const struct be_domain *d)
{
	return a->set.io_bytes ? d->r.rd_bps : d->r.rd_rps;
}

static double s_wrrq(const struct app *a, const struct be_domain *d)
{
	return a->set.io_bytes ? d->r.wr_bps : d->r.wr_rps;
}

static double s_rxby(const struct app *a, const struct be_domain *d)
{
	return a->set.io_bytes ? d->r.rx_pps : d->r.rx_bps;
}

static double s_txby(const struct app *a, const struct be_domain *d)
{
	return a->set.io_bytes ? d->r.tx_pps : d->r.tx_bps;
}

static double s_steal(const struct app *a, const struct be_domain *d)
{
	(void)a;
	return d->r.steal_pct;
}

static int s_id(const struct be_domain *x, const struct be_domain *y)
{
	return x->id < y->id ? -1 : x->id > y->id;
}

static int s_name(const struct be_domain *x, const struct be_domain *y)
{
	return strcmp(x->name, y->name);
}

static int s_host(const struct be_domain *x, const struct be_domain *y)
{
	return x->host < y->host ? -1 : x->host > y->host;
}

const struct view_sort view_sorts[SORT_COUNT] = {
	[SORT_CPU] = { .name = "cpu", .col = COL_CPU, .value = s_cpu },
	[SORT_MEM] = { .name = "mem", .col = COL_MEMPCT, .value = s_mem },
	[SORT_TIME] = { .name = "time", .col = COL_TIME, .value = s_time },
	[SORT_ID] = { .name = "id", .col = COL_ID, .cmp = s_id },
	[SORT_NAME] = { .name = "name", .col = COL_NAME, .cmp = s_name },
	[SORT_RDRQ] = { .name = "rdrq", .col = COL_RDRQ, .value = s_rdrq },
	[SORT_WRRQ] = { .name = "wrrq", .col = COL_WRRQ, .value = s_wrrq },
	[SORT_RXBY] = { .name = "rxby", .col = COL_RXBY, .value = s_rxby },
	[SORT_TXBY] = { .name = "txby", .col = COL_TXBY, .value = s_txby },
	[SORT_STEAL] = { .name = "steal", .col = COL_STEAL, .value = s_steal },
	[SORT_HOST] = { .name = "host", .col = COL_HOST, .cmp = s_host },
};

const char *view_sort_label(enum ui_sort s)
{
	return s < SORT_COUNT ? view_columns[view_sorts[s].col].title : "?";
}

static double shown_digits(double v)
{
	char b[32];
	if (!(v > 0) || v >= 1e300)
		return v;
	snprintf(b, sizeof(b), "%.3g", v);
	return strtod(b, NULL);
}

int view_sort_cmp(const struct app *a, enum ui_sort s,
		  const struct be_domain *x, const struct be_domain *y)
{
	const struct view_sort *k = &view_sorts[s < SORT_COUNT ? s : SORT_CPU];
	double vx, vy;

	if (k->cmp)
		return k->cmp(x, y);
	/* biggest first, by the value as the column shows it (three
	 * significant digits): rows whose cells read the same keep their
	 * order (by name), instead of trading places on noise a user cannot
	 * see, which also rewrote their whole rows on the terminal */
	vx = shown_digits(k->value(a, x));
	vy = shown_digits(k->value(a, y));
	return vx > vy ? -1 : vx < vy;
}
