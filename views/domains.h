/* The domains view's columns, for the views and outputs that show the
 * same cells (batch text frames). */
#ifndef HVTOP_DOMAINS_H
#define HVTOP_DOMAINS_H

#include <stdbool.h>
#include <stddef.h>
#include "views/state.h"

struct view_column {
	enum ui_col col;
	const char *title, *alt_title; /* alt: with B (bytes/packets) */
	int width;                     /* 0: the rest of the line */
	bool right;
	int sort;                      /* enum ui_sort it sorts by, or -1 */
	unsigned needs;                /* BE_NEED_* to fill it */
};

const struct view_column *view_domains_column(enum ui_col c);
bool view_domains_visible(const struct app *a, enum ui_col c);
/* the title as shown now (B switches some) */
const char *view_domains_title(const struct app *a, enum ui_col c);
/* the cell's text; "-" for what is unknown or not live */
void view_domains_cell(const struct app *a, const struct be_domain *d,
		       enum ui_col c, char *buf, size_t n);

#endif
