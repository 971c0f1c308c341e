/* The message log (L): every status message since start, oldest first,
 * following the newest; arrows scroll back. */
#include <config.h>
#include "views/view.h"
#include "views/state.h"
#include "views/attr.h"

#include <stdio.h>

static void log_draw(struct app *a, WINDOW *w, int y0, int h)
{
	size_t first, i;
	int y, rows = h - 1;
	char line[128];
	if (h < 2)
		return;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	snprintf(line, sizeof(line), "messages: %zu  (Up/Down scroll, Esc or L back)",
		 a->nlog);
	ui_draw_text(a, w, y0, 0, a->cols, line, false);
	wattrset(w, th_attr(TH_NORMAL));
	if (a->scroll < 0)
		a->scroll = 0;
	if ((size_t)a->scroll > a->nlog)
		a->scroll = (int)a->nlog;
	/* the newest at the bottom, unless scrolled back */
	first = a->nlog > (size_t)rows + (size_t)a->scroll ?
		a->nlog - (size_t)rows - (size_t)a->scroll : 0;
	for (y = 1, i = first; y < h && i < a->nlog; y++, i++)
		ui_draw_text(a, w, y0 + y, 0, a->cols, a->log[i], false);
	if (!a->nlog) {
		wattrset(w, th_attr(TH_DIM));
		ui_draw_text(a, w, y0 + 2, 2, a->cols - 2, "no messages yet", false);
	}
	wattrset(w, A_NORMAL);
}

/* the newest at the bottom: up goes back in time */
static bool log_move(struct app *a, long delta)
{
	long s = a->scroll - delta;
	a->scroll = s < 0 ? 0 : s > (long)a->nlog ? (int)a->nlog : (int)s;
	return true;
}

static const struct view_key log_keys[] = {
	{ "<Up>", "up", "scroll back to older messages" },
	{ "k", "up", "scroll back to older messages" },
	{ "<Down>", "down", "scroll on to newer messages" },
	{ "j", "down", "scroll on to newer messages" },
	{ "<Esc>", "back", "back to the view the log was opened from" },
	{ "L", "back", "back to the view the log was opened from" },
	{ NULL, NULL, NULL },
};

const struct view view_log = {
	.name = "messages",
	.title = "the message log",
	.key = 0,
	.needs = 0,
	.draw = log_draw,
	.needs_fn = NULL,
	.cursor = log_move,
	.keys = log_keys,
};
