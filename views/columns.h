/* The domains view's columns and the sort keys, one table each.  The
 * domains view, the batch text frames, the settings (columns, sort), the
 * F and f menus and --help-config all read these tables: adding a column
 * or a sort key is one row in views/columns.c (and its name in
 * views/colids.h). */
#ifndef HVTOP_COLUMNS_H
#define HVTOP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include "views/colids.h"

struct app;
struct be_domain;


struct view_column {
	const char *title, *alt_title; /* alt: with B (bytes/packets) */
	int width;                     /* 0: the rest of the line */
	bool right;
	unsigned needs;                /* BE_NEED_* to fill it */
	bool shown;                    /* shown by default */
	/* optional columns (f, the columns setting): the setting's name, the
	 * place in the f menu and the setting's list (1 first), and the f
	 * menu's words; NULL name: always shown when shown */
	const char *name;
	int field;
	const char *help;
	/* on a narrow terminal, columns are dropped by this rank, 1 first;
	 * 0: never */
	int drop;
	/* the cell's text; "-" for what is unknown */
	void (*cell)(const struct app *a, const struct be_domain *d, char *buf,
		     size_t n);
};

struct view_sort {
	const char *name;   /* in the settings file */
	enum ui_col col;    /* the column it sorts: its title names the sort */
	/* biggest first, by value; or NULL and cmp (smallest first) */
	double (*value)(const struct app *a, const struct be_domain *d);
	int (*cmp)(const struct be_domain *x, const struct be_domain *y);
};

extern const struct view_column view_columns[COL_COUNT];
extern const struct view_sort view_sorts[SORT_COUNT];

/* the columns shown by default, and those f and the setting may toggle */
unsigned view_cols_default(void);
unsigned view_cols_optional(void);
#define COLS_DEFAULT view_cols_default()
#define COLS_OPTIONAL view_cols_optional()
/* the i-th optional column in f-menu order, or -1 past the last */
int view_col_field(size_t i);
/* an optional column by its setting name, or -1 */
int view_col_find(const char *name);
/* "%CPU": what the F menu, the status line and messages call a sort */
const char *view_sort_label(enum ui_sort s);
/* the sort key's order of x and y (before reversing and tie-breaks) */
int view_sort_cmp(const struct app *a, enum ui_sort s,
		  const struct be_domain *x, const struct be_domain *y);

#endif
