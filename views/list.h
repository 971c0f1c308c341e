/* The scrolling selection list the domain-based views share. */
#ifndef HVTOP_LIST_H
#define HVTOP_LIST_H

struct app;

/* Adjusts a->top so the selection is visible in h rows; returns the
 * index of the first row to draw. */
size_t view_list_top(struct app *a, int h);

#endif
