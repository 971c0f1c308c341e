/* View 0: virt-top's domain list. */
#include <config.h>
#include "views/view.h"
#include "views/list.h"
#include "views/domains.h"
#include "views/state.h"
#include "common/format.h"
#include "views/attr.h"

#include <stdio.h>
#include <string.h>

size_t view_list_top(struct app *a, int h)
{
	if (h < 1)
		h = 1;
	if (a->sel < a->top)
		a->top = a->sel;
	if (a->sel >= a->top + (size_t)h)
		a->top = a->sel - (size_t)h + 1;
	if (a->top + (size_t)h > a->nrows)
		a->top = a->nrows > (size_t)h ? a->nrows - (size_t)h : 0;
	return a->top;
}

struct column {
	struct view_column c;
	void (*cell)(const struct app *a, const struct be_domain *d, char *buf,
		     size_t n);
};

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
	if (d->id >= 0)
		snprintf(b, n, "%s%s", d->name,
			 ui_domain_busy_state(a, d) == BE_ST_SHUTDOWN ?
			 "  [shutting down]" : "");
	else
		snprintf(b, n, "(%s)", d->name);
}

static const struct column columns[COL_COUNT] = {
	{ { COL_HOST, "HOST", NULL, 12, false, SORT_HOST, 0 }, c_host },
	{ { COL_ID, "ID", NULL, 5, true, SORT_ID, 0 }, c_id },
	{ { COL_S, "S", NULL, 1, false, -1, 0 }, c_state },
	{ { COL_RDRQ, "RDRQ", "RDBY", 5, true, SORT_RDRQ, BE_NEED_BLOCK }, c_rdrq },
	{ { COL_WRRQ, "WRRQ", "WRBY", 5, true, SORT_WRRQ, BE_NEED_BLOCK }, c_wrrq },
	{ { COL_RXBY, "RXBY", "RXPK", 5, true, SORT_RXBY, BE_NEED_NET }, c_rxby },
	{ { COL_TXBY, "TXBY", "TXPK", 5, true, SORT_TXBY, BE_NEED_NET }, c_txby },
	{ { COL_CPU, "%CPU", NULL, 5, true, SORT_CPU, BE_NEED_CPU }, c_cpu },
	{ { COL_STEAL, "%STEAL", NULL, 6, true, SORT_STEAL, BE_NEED_VCPU }, c_steal },
	{ { COL_MEMPCT, "%MEM", NULL, 5, true, SORT_MEM, BE_NEED_BALLOON }, c_mempct },
	{ { COL_VCPU, "VCPU", NULL, 4, true, -1, 0 }, c_vcpu },
	{ { COL_MEM, "MEM", NULL, 5, true, -1, BE_NEED_BALLOON }, c_mem },
	{ { COL_BALLOON, "BALLOON", NULL, 7, true, -1, BE_NEED_BALLOON }, c_balloon },
	{ { COL_TIME, "TIME", NULL, 10, true, SORT_TIME, BE_NEED_CPU }, c_time },
	{ { COL_NAME, "NAME", NULL, 0, false, SORT_NAME, 0 }, c_name },
};

const struct view_column *view_domains_column(enum ui_col c)
{
	return c < COL_COUNT ? &columns[c].c : NULL;
}

bool view_domains_visible(const struct app *a, enum ui_col c)
{
	/* HOST is how rows of several connections are told apart */
	if (c == COL_HOST && a->nhosts > 1)
		return true;
	return a->set.columns & COL_BIT(c);
}

static unsigned domains_needs(const struct app *a)
{
	unsigned n = 0;
	int c;
	for (c = 0; c < COL_COUNT; c++)
		if (view_domains_visible(a, (enum ui_col)c))
			n |= columns[c].c.needs;
	return n;
}

void view_domains_cell(const struct app *a, const struct be_domain *d,
		       enum ui_col c, char *buf, size_t n)
{
	const struct be_sample *s = ui_host_of(a, d);
	/* a lost connection's numbers are not live: dashes, name kept */
	if (c != COL_NAME && (!s || s->state != BE_CONN_UP))
		snprintf(buf, n, "-");
	else
		columns[c].cell(a, d, buf, n);
}

const char *view_domains_title(const struct app *a, enum ui_col c)
{
	const struct view_column *col = &columns[c].c;
	return a->set.io_bytes && col->alt_title ? col->alt_title : col->title;
}

/* The NAME column keeps at least this many cells on a narrow terminal. */
#define NAME_MIN 12

/* The visible columns that fit beside NAME_MIN cells of NAME: on a narrow
 * terminal the least needed are dropped first (as top drops fields), so
 * that the rows still say which domain they are. */
static unsigned fitting_columns(const struct app *a)
{
	static const enum ui_col drop[] = {
		COL_BALLOON, COL_MEM, COL_VCPU, COL_STEAL, COL_TXBY, COL_RXBY,
		COL_WRRQ, COL_RDRQ, COL_MEMPCT, COL_TIME, COL_HOST, COL_ID,
	};
	unsigned mask = 0;
	int need = NAME_MIN, c;
	size_t i;
	for (c = 0; c < COL_COUNT; c++)
		if (c != COL_NAME && view_domains_visible(a, (enum ui_col)c)) {
			mask |= COL_BIT(c);
			need += columns[c].c.width + 1;
		}
	for (i = 0; i < sizeof(drop) / sizeof(drop[0]) && need > a->cols; i++)
		if (mask & COL_BIT(drop[i])) {
			mask &= ~COL_BIT(drop[i]);
			need -= columns[drop[i]].c.width + 1;
		}
	return mask | COL_BIT(COL_NAME);
}

static void draw_row(struct app *a, WINDOW *w, int y, const struct be_domain *d,
		     unsigned shown)
{
	int x = 0, c;
	for (c = 0; c < COL_COUNT && x < a->cols; c++) {
		const struct view_column *col = &columns[c].c;
		char buf[512];
		int width = col->width ? col->width : a->cols - x;
		bool sorted = !d && col->sort == (int)a->set.sort;
		if (!(shown & COL_BIT(col->col)))
			continue;
		if (d)
			view_domains_cell(a, d, col->col, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%s", view_domains_title(a, col->col));
		if (sorted)
			wattron(w, A_BOLD | A_UNDERLINE);
		ui_draw_text(a, w, y, x, width, buf, col->right);
		if (sorted)
			wattroff(w, A_BOLD | A_UNDERLINE);
		x += width + 1;
	}
}

static void domains_draw(struct app *a, WINDOW *w, int y0, int h)
{
	unsigned shown = fitting_columns(a);
	size_t top, i;
	int y;
	if (h < 2)
		return;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	draw_row(a, w, y0, NULL, shown);
	wattrset(w, A_NORMAL);
	top = view_list_top(a, h - 1);
	for (y = 1, i = top; y < h && i < a->nrows; y++, i++) {
		const struct be_domain *d = a->rows[i];
		attr_t at = i == a->sel ? th_attr(TH_SELECTION) :
			    th_attr(th_state_slot(d->state));
		wattrset(w, at);
		if (i == a->sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		draw_row(a, w, y0 + y, d, shown);
	}
	wattrset(w, A_NORMAL);
	if (!a->nrows)
		ui_draw_text(a, w, y0 + 2, 2, a->cols - 2,
			     a->filter[0] ? "no domain matches the filter (Esc clears it)" :
					    "no domains", false);
}

const struct view view_domains = {
	.name = "domains",
	.title = "domains: virt-top's list",
	.key = '0',
	.needs = BE_NEED_STATE | BE_NEED_CPU,
	.draw = domains_draw,
	.selection = view_select_domain,
	.needs_fn = domains_needs,
};
