/* One view per file in views/, listed once in views/registry.c.  A view
 * reads the app's snapshots and draws; it never calls libvirt. */
#ifndef HVTOP_VIEW_H
#define HVTOP_VIEW_H

#include <curses.h>

struct app;

/* returned by key handlers */
#define UI_UNHANDLED 0
#define UI_HANDLED   1

struct view {
	const char *name;  /* "domains": also the config's start view name */
	const char *title; /* one line for help */
	int key;           /* '0'; 0 = reached otherwise (detail, help) */
	unsigned needs;    /* BE_NEED_* the view shows */
	/* draws the body: rows [y0, y0+h) of w, full width */
	void (*draw)(struct app *a, WINDOW *w, int y0, int h);
	/* view-specific keys; UI_UNHANDLED passes the key to the global map */
	int (*key_fn)(struct app *a, int ch);
	/* extra needs depending on the app's settings (visible columns) */
	unsigned (*needs_fn)(const struct app *a);
};

extern const struct view view_domains, view_net, view_block, view_detail,
	view_help;
extern const struct view view_snapshots, view_jobs, view_log;

/* views/registry.c */
extern const struct view *const ui_views[];
const struct view *ui_view_by_key(int key);
const struct view *ui_view_by_name(const char *name);

#endif
