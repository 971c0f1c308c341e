/* View 0: virt-top's domain list. */
#include <config.h>
#include "views/view.h"
#include "views/list.h"
#include "views/domains.h"
#include "views/state.h"
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
			n |= view_columns[c].needs;
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
		view_columns[c].cell(a, d, buf, n);
}

const char *view_domains_title(const struct app *a, enum ui_col c)
{
	const struct view_column *col = &view_columns[c];
	return a->set.io_bytes && col->alt_title ? col->alt_title : col->title;
}

/* The NAME column keeps at least this many cells on a narrow terminal. */
#define NAME_MIN 12

/* The visible columns that fit beside NAME_MIN cells of NAME: on a narrow
 * terminal the least needed are dropped first (as top drops fields), so
 * that the rows still say which domain they are. */
static unsigned fitting_columns(const struct app *a)
{
	unsigned mask = 0;
	int need = NAME_MIN, c, rank;
	for (c = 0; c < COL_COUNT; c++)
		if (c != COL_NAME && view_domains_visible(a, (enum ui_col)c)) {
			mask |= COL_BIT(c);
			need += view_columns[c].width + 1;
		}
	for (rank = 1; rank <= COL_COUNT && need > a->cols; rank++)
		for (c = 0; c < COL_COUNT; c++)
			if (view_columns[c].drop == rank && (mask & COL_BIT(c))) {
				mask &= ~COL_BIT(c);
				need -= view_columns[c].width + 1;
			}
	return mask | COL_BIT(COL_NAME);
}

static void draw_row(struct app *a, WINDOW *w, int y, const struct be_domain *d,
		     unsigned shown)
{
	int x = 0, c;
	for (c = 0; c < COL_COUNT && x < a->cols; c++) {
		const struct view_column *col = &view_columns[c];
		char buf[512];
		int width = col->width ? col->width : a->cols - x;
		bool sorted = !d && a->set.sort < SORT_COUNT &&
			      view_sorts[a->set.sort].col == (enum ui_col)c;
		if (!(shown & COL_BIT(c)))
			continue;
		if (d)
			view_domains_cell(a, d, (enum ui_col)c, buf, sizeof(buf));
		else
			snprintf(buf, sizeof(buf), "%s", view_domains_title(a, (enum ui_col)c));
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
		/* the whole row in its attribute, gaps included: the terminal
		 * then gets a row as one run, not a colour change per cell */
		wattrset(w, at);
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
