/* View 2: one line per network interface of every active domain. */
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
#define DEV_MIN 5
#define DEV_MAX 12

struct net_col {
	const char *title;
	int width;
	void (*cell)(const struct be_iface *f, char *buf, size_t n);
};

static void c_rxby(const struct be_iface *f, char *b, size_t n)
{
	fmt_size(b, n, f->rx_bps);
}

static void c_txby(const struct be_iface *f, char *b, size_t n)
{
	fmt_size(b, n, f->tx_bps);
}

static void c_rxpk(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, f->rx_pps);
}

static void c_txpk(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, f->tx_pps);
}

static void c_rxdrop(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, (double)f->rx_drop);
}

static void c_txdrop(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, (double)f->tx_drop);
}

static void c_rxerr(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, (double)f->rx_errs);
}

static void c_txerr(const struct be_iface *f, char *b, size_t n)
{
	fmt_count(b, n, (double)f->tx_errs);
}

/* rates per second first, then the cumulative counters: on a narrow
 * terminal the columns on the right are the ones cut */
static const struct net_col net_cols[] = {
	{ "RXBY", 5, c_rxby },
	{ "TXBY", 5, c_txby },
	{ "RXPK", 5, c_rxpk },
	{ "TXPK", 5, c_txpk },
	{ "RXDROP", 6, c_rxdrop },
	{ "TXDROP", 6, c_txdrop },
	{ "RXERR", 5, c_rxerr },
	{ "TXERR", 5, c_txerr },
};
#define NET_NCOLS (sizeof(net_cols) / sizeof(net_cols[0]))

struct net_layout {
	bool host;        /* several connections: a HOST column */
	int name_w, dev_w;
	int total;        /* lines of the body */
	int sel_first;    /* first line of the selected domain, or -1 */
	int sel_lines;
};

/* Inactive domains have no interfaces, so they take no line; an active
 * one without any still takes one, so it is not mistaken for missing. */
static int dom_lines(const struct be_domain *d)
{
	if (d->id < 0)
		return 0;
	return d->niface ? (int)d->niface : 1;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int max_int(int x, int y)
{
	return x > y ? x : y;
}

static void measure(const struct app *a, struct net_layout *l)
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
		name_w = max_int(name_w, fmt_width(d->name));
		for (k = 0; k < d->niface; k++)
			if (d->ifaces[k].name)
				dev_w = max_int(dev_w, fmt_width(d->ifaces[k].name));
	}
	/* the name must never crowd out every number */
	l->name_w = clamp(name_w, NAME_MIN,
			  clamp(a->cols / 3, NAME_MIN, NAME_MAX));
	l->dev_w = clamp(dev_w, DEV_MIN, DEV_MAX);
}

/* The selected domain's lines stay on screen: all of them when they fit,
 * its first one at least. */
static void follow_selection(struct app *a, const struct net_layout *l,
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

/* One line: the domain name only on the first line of its group (or the
 * first one visible), f NULL for a header or a note in place of numbers. */
static void draw_line(struct app *a, WINDOW *w, int y,
		      const struct net_layout *l, const struct be_domain *d,
		      const char *name, const char *dev,
		      const struct be_iface *f, bool live)
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
	if (d && !f) {
		/* a note such as "(no interfaces)" spans the number columns */
		ui_draw_text(a, w, y, x, a->cols - x, dev, false);
		return;
	}
	ui_draw_text(a, w, y, x, l->dev_w, dev, false);
	x += l->dev_w + 1;
	for (c = 0; c < NET_NCOLS; c++) {
		char buf[32];
		/* a number cut at the edge would read as a smaller one */
		if (x + net_cols[c].width > a->cols)
			break;
		if (!d)
			snprintf(buf, sizeof(buf), "%s", net_cols[c].title);
		else if (live)
			net_cols[c].cell(f, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "-");
		ui_draw_text(a, w, y, x, net_cols[c].width, buf, true);
		x += net_cols[c].width + 1;
	}
}

static void draw_domain(struct app *a, WINDOW *w, int y0, int body,
			const struct net_layout *l, const struct be_domain *d,
			bool sel, int line)
{
	const struct be_snap *s = ui_host_of(a, d);
	bool live = s && s->state == BE_CONN_UP;
	int n = dom_lines(d), k;
	bool named = false;

	wattrset(w, sel ? th_attr(TH_SELECTION) :
		 live ? th_attr(th_state_slot(d->state)) : th_attr(TH_DIM));
	for (k = 0; k < n; k++, line++) {
		int y = line - a->scroll;
		const char *name = named ? "" : d->name;
		if (y < 0 || y >= body)
			continue;
		named = true;
		if (sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		if (!(d->have & BE_NEED_NET))
			draw_line(a, w, y0 + y, l, d, name, "(not sampled yet)",
				  NULL, live);
		else if (!d->niface)
			draw_line(a, w, y0 + y, l, d, name, "(no interfaces)",
				  NULL, live);
		else
			draw_line(a, w, y0 + y, l, d, name,
				  d->ifaces[k].name ? d->ifaces[k].name : "?",
				  &d->ifaces[k], live);
	}
}

static void net_draw(struct app *a, WINDOW *w, int y0, int h)
{
	struct net_layout l;
	int body = h - 1, line = 0;
	size_t i;

	if (h < 2)
		return;
	measure(a, &l);
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	draw_line(a, w, y0, &l, NULL, "DOMAIN", "IFACE", NULL, true);
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
				     "no active domains", false);
}

const struct view view_net = {
	.name = "network",
	.title = "network: per interface rates, drops and errors",
	.key = '2',
	.needs = BE_NEED_STATE | BE_NEED_NET,
	.draw = net_draw,
	.key_fn = NULL,
	.needs_fn = NULL,
};
