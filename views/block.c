/* View 3: one line per disk of every domain: I/O rates, latency, space. */
#include <config.h>
#include "views/view.h"
#include "ui/app.h"
#include "ui/format.h"
#include "ui/theme.h"

#include <stdio.h>
#include <string.h>

#define HOST_W 12
#define NAME_MIN 6
#define NAME_MAX 24
#define DEV_MIN 4
#define DEV_MAX 10

struct blk_col {
	const char *title;
	int width;
	void (*cell)(const struct be_disk *k, char *buf, size_t n);
};

static void c_rdby(const struct be_disk *k, char *b, size_t n)
{
	fmt_size(b, n, k->rd_bps);
}

static void c_wrby(const struct be_disk *k, char *b, size_t n)
{
	fmt_size(b, n, k->wr_bps);
}

static void c_rdrq(const struct be_disk *k, char *b, size_t n)
{
	fmt_count(b, n, k->rd_rps);
}

static void c_wrrq(const struct be_disk *k, char *b, size_t n)
{
	fmt_count(b, n, k->wr_rps);
}

/* milliseconds in at most 6 cells, keeping sub-ms precision for SSDs */
static void fmt_ms(char *b, size_t n, double v)
{
	if (v < 0)
		snprintf(b, n, "-");
	else if (v < 10)
		snprintf(b, n, "%.2f", v);
	else if (v < 1000)
		snprintf(b, n, "%.1f", v);
	else
		snprintf(b, n, "%.0f", v);
}

static void c_rdlat(const struct be_disk *k, char *b, size_t n)
{
	fmt_ms(b, n, k->rd_lat_ms);
}

static void c_wrlat(const struct be_disk *k, char *b, size_t n)
{
	fmt_ms(b, n, k->wr_lat_ms);
}

static void c_space(const struct be_disk *k, char *b, size_t n)
{
	char al[16], cap[16];
	if (!k->capacity) {
		snprintf(b, n, "-");
		return;
	}
	snprintf(b, n, "%s/%s", fmt_size(al, sizeof(al), (double)k->allocation),
		 fmt_size(cap, sizeof(cap), (double)k->capacity));
}

static void c_used(const struct be_disk *k, char *b, size_t n)
{
	fmt_pct(b, n, k->capacity ?
		(double)k->allocation * 100.0 / (double)k->capacity : -1);
}

/* Allocation and capacity are kept even for inactive domains: how much
 * space a stopped guest holds is a question asked often. */
static const struct blk_col blk_cols[] = {
	{ "RDBY", 5, c_rdby },
	{ "WRBY", 5, c_wrby },
	{ "RDRQ", 5, c_rdrq },
	{ "WRRQ", 5, c_wrrq },
	{ "RDms", 6, c_rdlat },
	{ "WRms", 6, c_wrlat },
	{ "ALLOC/CAP", 11, c_space },
	{ "%USED", 5, c_used },
};
#define BLK_NCOLS (sizeof(blk_cols) / sizeof(blk_cols[0]))

struct blk_layout {
	bool host;
	int name_w, dev_w;
	int total;
	int sel_first;
	int sel_lines;
};

/* An inactive domain reporting no disk says nothing (its devices may
 * simply not have been asked for), so it takes no line; an active one
 * with none takes one, so it is not mistaken for missing. */
static int dom_lines(const struct be_domain *d)
{
	if (d->ndisk)
		return (int)d->ndisk;
	return d->id >= 0 ? 1 : 0;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int max_int(int x, int y)
{
	return x > y ? x : y;
}

static void name_of(const struct be_domain *d, char *b, size_t n)
{
	/* virt-top's convention: inactive domains in parentheses */
	if (d->id >= 0)
		snprintf(b, n, "%s", d->name);
	else
		snprintf(b, n, "(%s)", d->name);
}

static void measure(const struct app *a, struct blk_layout *l)
{
	int name_w = 0, dev_w = 0;
	size_t i, k;

	memset(l, 0, sizeof(*l));
	l->host = a->nhosts > 1;
	l->sel_first = -1;
	for (i = 0; i < a->nrows; i++) {
		const struct be_domain *d = a->rows[i];
		int n = dom_lines(d);
		/* a selected domain without lines still has a place: End
		 * on an inactive one scrolls to the bottom */
		if (i == a->sel) {
			l->sel_first = l->total;
			l->sel_lines = n ? n : 1;
		}
		if (!n)
			continue;
		l->total += n;
		/* + 2: inactive names are shown in parentheses */
		name_w = max_int(name_w, fmt_width(d->name) + 2);
		for (k = 0; k < d->ndisk; k++)
			if (d->disks[k].name)
				dev_w = max_int(dev_w, fmt_width(d->disks[k].name));
	}
	/* the name must never crowd out every number */
	l->name_w = clamp(name_w, NAME_MIN,
			  clamp(a->cols / 3, NAME_MIN, NAME_MAX));
	l->dev_w = clamp(dev_w, DEV_MIN, DEV_MAX);
}

/* The selected domain's lines stay on screen: all of them when they fit,
 * its first one at least. */
static void follow_selection(struct app *a, const struct blk_layout *l,
			     int body)
{
	int last;
	if (l->sel_first >= 0) {
		last = l->sel_first + l->sel_lines - 1;
		if (last >= a->scroll + body)
			a->scroll = last - body + 1;
		if (l->sel_first < a->scroll)
			a->scroll = l->sel_first;
	}
	if (a->scroll > l->total - body)
		a->scroll = l->total - body;
	if (a->scroll < 0)
		a->scroll = 0;
}

/* d NULL: the column header; k NULL: a note in place of the numbers */
static void draw_line(struct app *a, WINDOW *w, int y,
		      const struct blk_layout *l, const struct be_domain *d,
		      const char *name, const char *dev,
		      const struct be_disk *k, bool live)
{
	int x = 0;
	size_t c;

	if (l->host) {
		const struct be_snap *s = d ? ui_host_of(a, d) : NULL;
		ui_draw_text(a, w, y, x, HOST_W,
			     d ? (s && s->hostname ? s->hostname : "?") : "HOST",
			     false);
		x += HOST_W + 1;
	}
	ui_draw_text(a, w, y, x, l->name_w, name, false);
	x += l->name_w + 1;
	if (x >= a->cols)
		return;
	if (d && !k) {
		ui_draw_text(a, w, y, x, a->cols - x, dev, false);
		return;
	}
	ui_draw_text(a, w, y, x, l->dev_w, dev, false);
	x += l->dev_w + 1;
	for (c = 0; c < BLK_NCOLS; c++) {
		const struct blk_col *col = &blk_cols[c];
		char buf[48];
		/* a number cut at the edge would read as a smaller one */
		if (x + blk_cols[c].width > a->cols)
			break;
		if (!d)
			snprintf(buf, sizeof(buf), "%s", col->title);
		else if (live)
			col->cell(k, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "-");
		ui_draw_text(a, w, y, x, col->width, buf, true);
		x += col->width + 1;
	}
}

static void draw_domain(struct app *a, WINDOW *w, int y0, int body,
			const struct blk_layout *l, const struct be_domain *d,
			bool sel, int line)
{
	const struct be_snap *s = ui_host_of(a, d);
	bool live = s && s->state == BE_CONN_UP;
	int n = dom_lines(d), k;
	bool named = false;
	char name[512];

	name_of(d, name, sizeof(name));
	wattrset(w, sel ? th_attr(TH_SELECTION) :
		 live ? th_attr(th_state_slot(d->state)) : th_attr(TH_DIM));
	for (k = 0; k < n; k++, line++) {
		int y = line - a->scroll;
		if (y < 0 || y >= body)
			continue;
		if (sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		if (d->ndisk)
			draw_line(a, w, y0 + y, l, d, named ? "" : name,
				  d->disks[k].name ? d->disks[k].name : "?",
				  &d->disks[k], live);
		else
			draw_line(a, w, y0 + y, l, d, name,
				  d->have & BE_NEED_BLOCK ? "(no disks)" :
							    "(not sampled yet)",
				  NULL, live);
		named = true;
	}
}

static void block_draw(struct app *a, WINDOW *w, int y0, int h)
{
	struct blk_layout l;
	int body = h - 1, line = 0;
	size_t i;

	if (h < 2)
		return;
	measure(a, &l);
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	draw_line(a, w, y0, &l, NULL, "DOMAIN", "DISK", NULL, true);
	wattrset(w, A_NORMAL);
	follow_selection(a, &l, body);
	for (i = 0; i < a->nrows && line < a->scroll + body; i++) {
		const struct be_domain *d = a->rows[i];
		int n = dom_lines(d);
		if (n && line + n > a->scroll)
			draw_domain(a, w, y0 + 1, body, &l, d, i == a->sel, line);
		line += n;
	}
	wattrset(w, A_NORMAL);
	if (!l.total)
		ui_draw_text(a, w, y0 + 2 < y0 + h ? y0 + 2 : y0 + 1, 2,
			     a->cols - 2,
			     a->filter[0] && !a->nrows ?
				     "no domain matches the filter (Esc clears it)" :
				     "no domain with disks", false);
}

const struct view view_block = {
	.name = "block",
	.title = "block: per disk rates, latency, allocation",
	.key = '3',
	.needs = BE_NEED_STATE | BE_NEED_BLOCK,
	.draw = block_draw,
	.key_fn = NULL,
	.needs_fn = NULL,
};
