/* The domains view's columns and the sort keys, one table each.  The
 * domains view, the batch text frames, virt-top's CSV (--csv), the
 * settings (columns, sort), the F and f menus and --help-config all read
 * these tables: adding a column or a sort key is one row in
 * views/columns.c (and its name in views/colids.h). */
#ifndef HVTOP_COLUMNS_H
#define HVTOP_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>
#include "views/colids.h"

struct app;
struct be_domain;
struct be_sample;
struct strbuf;


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
	/* its field in the per-domain group of virt-top's CSV (--csv): the
	 * heading (alt: with B), the place in the group (1 first; 0: not in
	 * the CSV) and the value, appended to b.  The headings are virt-top's,
	 * not the view's titles: --csv is virt-top's format, and what reads
	 * virt-top's CSV (scripts, spreadsheets, plotting tools) finds its
	 * fields by those names.  The values are virt-top's too: counts over
	 * the sample's interval where the view shows rates; nothing when
	 * unknown, and only the name for an inactive domain */
	const char *csv, *csv_alt;
	int csv_pos;
	void (*csv_value)(const struct app *a, const struct be_sample *s,
			  const struct be_domain *d, struct strbuf *b);
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
/* the column at the i-th place of virt-top's CSV group (csv_pos i + 1),
 * or -1 past the last */
int view_col_csv(size_t i);
/* virt-top's CSV (ui/batch.c writes the host's fields before them): the
 * per-domain group's headings, and d's fields (s: d's host's sample),
 * each after a comma */
void view_csv_headings(const struct app *a, struct strbuf *b);
void view_csv_fields(const struct app *a, const struct be_sample *s,
		     const struct be_domain *d, struct strbuf *b);
/* "%CPU": what the F menu, the status line and messages call a sort */
const char *view_sort_label(enum ui_sort s);
/* the sort key's order of x and y (before reversing and tie-breaks) */
int view_sort_cmp(const struct app *a, enum ui_sort s,
		  const struct be_domain *x, const struct be_domain *y);

#endif
