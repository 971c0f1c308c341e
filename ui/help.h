/* The help view's lines (views/help.c draws them). */
#ifndef HVTOP_UI_HELP_H
#define HVTOP_UI_HELP_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* Line idx of the help into line; false past the end.  *head: a heading.
 * First the keys of the view help was opened from (its own table, each
 * action and help once), then the views, then every global action. */
bool ui_help_line(const struct app *a, int idx, char *line, size_t n,
		  bool *head);

#endif
