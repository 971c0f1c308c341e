/* Help: the lines ui/ generates from its key tables, the action table
 * and the views (a->help_line, ui/help.c), scrolled. */
#include <config.h>
#include "views/view.h"
#include "views/state.h"
#include "views/attr.h"

#include <stdio.h>
#include <string.h>

static void help_draw(struct app *a, WINDOW *w, int y0, int h)
{
	char line[512];
	int y;
	bool head;

	for (y = 0; y < h; y++) {
		line[0] = '\0';
		if (!a->help_line || !a->help_line(a, y + a->scroll, line, sizeof(line), &head))
			head = false;
		wattrset(w, head ? th_attr(TH_COLHEAD) : A_NORMAL);
		ui_draw_text(a, w, y0 + y, 0, a->cols, line, false);
	}
	wattrset(w, A_NORMAL);
}

static bool help_move(struct app *a, long delta)
{
	long s = a->scroll + delta;
	a->scroll = s < 0 ? 0 : s > 10000 ? 10000 : (int)s;
	return true;
}

static const struct view_key help_keys[] = {
	{ "<Up>", "up", "scroll up" },
	{ "k", "up", "scroll up" },
	{ "<Down>", "down", "scroll down" },
	{ "j", "down", "scroll down" },
	{ "<Esc>", "back", "back to the view help was opened from" },
	{ "h", "back", "back to the view help was opened from" },
	{ "?", "back", "back to the view help was opened from" },
	{ NULL, NULL, NULL },
};

const struct view view_help = {
	.name = "help",
	.title = "keys and views (this screen)",
	.key = 0,
	.needs = 0,
	.draw = help_draw,
	.needs_fn = NULL,
	.cursor = help_move,
	.keys = help_keys,
};
