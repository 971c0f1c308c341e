/* The engine behind views 2 and 3: one line per device of every domain,
 * the domain named on the first line of its group. */
#include <config.h>
#include "views/devlist.h"
#include "views/state.h"
#include "common/format.h"
#include "views/attr.h"

#include <stdio.h>
#include <string.h>

#define HOST_W 12
#define NAME_MIN 6
#define NAME_MAX 24

struct layout {
	bool host;        /* several connections: a HOST column */
	int name_w, dev_w;
	int total;        /* lines of the body */
	int sel_first;    /* first line of the selected domain, or -1 */
	int sel_lines;
};

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static int max_int(int x, int y)
{
	return x > y ? x : y;
}

const char *view_devlist_name(const struct devlist *dl, const void *dev)
{
	const char *name = dl->name(dev);
	return name ? name : "?";
}

int view_devlist_name_width(const struct devlist *dl, const struct be_domain *d)
{
	size_t i, n = dl->count(d);
	int w = 0;

	for (i = 0; i < n; i++) {
		const char *name = dl->name(dl->get(d, i));
		if (name)
			w = max_int(w, fmt_width(name));
	}
	return w;
}

const char *view_devlist_note(const struct devlist *dl,
			      const struct be_domain *d)
{
	bool sampled = d->have & dl->sampled;

	if (d->id < 0 && !dl->show_inactive)
		return "(not running)";
	if (dl->count(d) && (sampled || dl->list_unsampled))
		return NULL;
	return sampled ? dl->none : "(not sampled yet)";
}

/* An active domain without devices still takes a line, so it is not
 * mistaken for missing; an inactive one without any says nothing (its
 * devices may simply not have been asked for). */
static int dom_lines(const struct devlist *dl, const struct be_domain *d)
{
	size_t n;

	if (d->id < 0 && !dl->show_inactive)
		return 0;
	n = dl->count(d);
	if (n)
		return (int)n;
	return d->id >= 0 ? 1 : 0;
}

/* virt-top's convention: inactive domains in parentheses */
static const char *name_of(const struct devlist *dl, const struct be_domain *d,
			   char *b, size_t n)
{
	if (d->id >= 0 || !dl->show_inactive)
		return d->name;
	snprintf(b, n, "(%s)", d->name);
	return b;
}

static void measure(const struct app *a, const struct devlist *dl,
		    struct layout *l)
{
	/* the parentheses of inactive names, wherever they may appear */
	int paren = dl->show_inactive ? 2 : 0;
	int name_w = 0, dev_w = 0;
	size_t i;

	memset(l, 0, sizeof(*l));
	l->host = a->nhosts > 1;
	l->sel_first = -1;
	for (i = 0; i < a->nrows; i++) {
		const struct be_domain *d = a->rows[i];
		int n = dom_lines(dl, d);
		/* a selected domain without lines still has a place: End
		 * on an inactive one scrolls to the bottom */
		if (i == a->sel) {
			l->sel_first = l->total;
			l->sel_lines = n ? n : 1;
		}
		if (!n)
			continue;
		l->total += n;
		name_w = max_int(name_w, fmt_width(d->name) + paren);
		dev_w = max_int(dev_w, view_devlist_name_width(dl, d));
	}
	/* the name must never crowd out every number */
	l->name_w = clamp(name_w, NAME_MIN,
			  clamp(a->cols / 3, NAME_MIN, NAME_MAX));
	l->dev_w = clamp(dev_w, dl->dev_min, dl->dev_max);
}

/* The selected domain's lines stay on screen: all of them when they fit,
 * its first one at least. */
static void follow_selection(struct app *a, const struct layout *l, int body)
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

/* One line.  d NULL: the column header; dev NULL: a note in place of the
 * numbers. */
static void draw_line(struct app *a, WINDOW *w, int y, const struct layout *l,
		      const struct devlist *dl, const struct be_domain *d,
		      const char *name, const char *label, const void *dev,
		      bool live)
{
	int x = 0;
	size_t c;

	if (l->host) {
		const struct be_sample *s = d ? ui_host_of(a, d) : NULL;
		ui_draw_text(a, w, y, x, HOST_W,
			     d ? (s && s->hostname ? s->hostname : "?") : "HOST",
			     false);
		x += HOST_W + 1;
	}
	ui_draw_text(a, w, y, x, l->name_w, name, false);
	x += l->name_w + 1;
	if (x >= a->cols)
		return;
	if (d && !dev) {
		/* a note such as "(no interfaces)" spans the number columns */
		ui_draw_text(a, w, y, x, a->cols - x, label, false);
		return;
	}
	ui_draw_text(a, w, y, x, l->dev_w, label, false);
	x += l->dev_w + 1;
	for (c = 0; c < dl->ncols; c++) {
		const struct devlist_col *col = &dl->cols[c];
		char buf[48];
		/* a number cut at the edge would read as a smaller one */
		if (x + col->width > a->cols)
			break;
		if (!d)
			snprintf(buf, sizeof(buf), "%s", col->title);
		else if (live)
			col->cell(dev, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "-");
		ui_draw_text(a, w, y, x, col->width, buf, true);
		x += col->width + 1;
	}
}

static void draw_domain(struct app *a, WINDOW *w, int y0, int body,
			const struct layout *l, const struct devlist *dl,
			const struct be_domain *d, bool sel, int line)
{
	const struct be_sample *s = ui_host_of(a, d);
	bool live = s && s->state == BE_CONN_UP;
	const char *note = view_devlist_note(dl, d);
	int n = dom_lines(dl, d), k;
	bool named = false;
	char buf[512];
	const char *name = name_of(dl, d, buf, sizeof(buf));

	wattrset(w, sel ? th_attr(TH_SELECTION) :
		 live ? th_attr(th_state_slot(d->state)) : th_attr(TH_DIM));
	for (k = 0; k < n; k++, line++) {
		int y = line - a->scroll;
		const void *dev;
		/* the name goes on the first line shown, scrolled or not */
		if (y < 0 || y >= body)
			continue;
		if (sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		dev = note ? NULL : dl->get(d, (size_t)k);
		draw_line(a, w, y0 + y, l, dl, d, named ? "" : name,
			  note ? note : view_devlist_name(dl, dev), dev, live);
		named = true;
	}
}

void view_devlist_draw(struct app *a, WINDOW *w, int y0, int h,
		       const struct devlist *dl)
{
	struct layout l;
	int body = h - 1, line = 0;
	size_t i;

	if (h < 2)
		return;
	measure(a, dl, &l);
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	draw_line(a, w, y0, &l, dl, NULL, "DOMAIN", dl->title, NULL, true);
	wattrset(w, A_NORMAL);
	follow_selection(a, &l, body);
	for (i = 0; i < a->nrows && line < a->scroll + body; i++) {
		const struct be_domain *d = a->rows[i];
		int n = dom_lines(dl, d);
		if (n && line + n > a->scroll)
			draw_domain(a, w, y0 + 1, body, &l, dl, d, i == a->sel,
				    line);
		line += n;
	}
	wattrset(w, A_NORMAL);
	if (!l.total)
		ui_draw_text(a, w, y0 + 2 < y0 + h ? y0 + 2 : y0 + 1, 2,
			     a->cols - 2,
			     a->filter[0] && !a->nrows ?
				     "no domain matches the filter (Esc clears it)" :
				     dl->empty, false);
}
