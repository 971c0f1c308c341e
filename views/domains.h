/* The domains view's cells as shown now (views/columns.h holds the
 * table), for the views and outputs that show them (batch text frames). */
#ifndef HVTOP_DOMAINS_H
#define HVTOP_DOMAINS_H

#include <stdbool.h>
#include <stddef.h>
#include "views/state.h"
#include "views/columns.h"

bool view_domains_visible(const struct app *a, enum ui_col c);
/* the title as shown now (B switches some) */
const char *view_domains_title(const struct app *a, enum ui_col c);
/* the cell's text; "-" for what is unknown or not live */
void view_domains_cell(const struct app *a, const struct be_domain *d,
		       enum ui_col c, char *buf, size_t n);

#endif
