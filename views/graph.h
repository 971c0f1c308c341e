/* Sparklines and bars as text: UTF-8 blocks, or ASCII on other locales. */
#ifndef HVTOP_GRAPH_H
#define HVTOP_GRAPH_H

#include <stdbool.h>
#include <stddef.h>

/* Writes the last `width` values (oldest left) as a sparkline into out;
 * values < 0 (unknown) show as a space.  max <= 0: scale to the largest
 * value.  Returns out. */
char *ui_sparkline(char *out, size_t outsz, const double *v, size_t nv,
		   int width, double max, bool ascii);

#endif
