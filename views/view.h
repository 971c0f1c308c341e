/* One view per file in views/, listed once in views/registry.c.  A view
 * reads the app's snapshots and draws; it never calls libvirt.  What it
 * shows selected is its selection(); the keys it handles are rows of its
 * key table, which the keymap (ui/keymap.c) reads like the global one. */
#ifndef HVTOP_VIEW_H
#define HVTOP_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

struct app;

/* What an action acts on (struct action's target) and what a view has
 * selected (a set of them: view 4 selects a domain and its snapshot). */
enum view_target_kind {
	VT_NONE,     /* nothing: global actions */
	VT_HOST,
	VT_DOMAIN,
	VT_VCPU,
	VT_SNAPSHOT,
	VT_JOB,
	VT_COUNT
};
#define VT_BIT(k) (1u << (k))

struct view_target {
	unsigned kinds;   /* VT_BIT() of each kind selected; 0: none */
	unsigned host;    /* VT_HOST and everything on a host */
	char uuid[40];    /* VT_DOMAIN and below: the domain */
	char name[256];   /* its name, for questions and messages */
	char snapshot[256];     /* VT_SNAPSHOT */
	int64_t snap_created;   /* its creation time (s), 0 unknown */
	size_t snap_below;      /* snapshots below it */
	unsigned job;     /* VT_JOB: the job's id */
	int vcpu;         /* VT_VCPU: the vCPU's index */
};

/* One row of a view's key table: key (a key-script key name) runs the
 * action named; help says what it does in this view. */
struct view_key {
	const char *key;
	const char *action;
	const char *help;
};

/* Commands a view may have of its own, run by the actions of the same
 * names (ui/action_table.c) through view.command. */
enum view_cmd {
	VIEW_CMD_ZOOM_IN,
	VIEW_CMD_ZOOM_OUT,
	VIEW_CMD_FREEZE,       /* toggles: the picture stops, data keeps coming */
	VIEW_CMD_SCROLL_LEFT,  /* back in time */
	VIEW_CMD_SCROLL_RIGHT,
	VIEW_CMD_COUNT
};

struct be_slice_hist;

struct view {
	const char *name;  /* "domains": also the config's start view name */
	const char *title; /* one line for help */
	int key;           /* '0'; 0 = reached otherwise (detail, help) */
	unsigned needs;    /* BE_NEED_* the view shows */
	/* draws the body: rows [y0, y0+h) of w, full width */
	void (*draw)(struct app *a, WINDOW *w, int y0, int h);
	/* extra needs depending on the app's settings (visible columns) */
	unsigned (*needs_fn)(const struct app *a);
	/* what is selected here; NULL: nothing */
	void (*selection)(const struct app *a, struct view_target *t);
	/* shown, hidden (ui_set_view), and every turn of the main loop while
	 * shown; each may be NULL */
	void (*enter)(struct app *a);
	void (*leave)(struct app *a);
	void (*tick)(struct app *a);
	/* moves the view's own cursor (or scrolls) by delta rows, for the
	 * up/down/page/home/end actions; false or NULL: the domain list moves */
	bool (*cursor)(struct app *a, long delta);
	/* keys of this view, looked up before the global ones; {NULL} ends */
	const struct view_key *keys;
	/* runs cmd and says what it did in msg (one sentence, for the status
	 * line; err: it is an error); false or NULL: no such command here */
	bool (*command)(struct app *a, enum view_cmd cmd, char *msg, size_t n,
			bool *err);
	/* the time slices the view shows, live or frozen (what `w` writes);
	 * NULL: a->slices */
	const struct be_slice_hist *(*slices_shown)(const struct app *a);
	/* VIEW_WANTS_*: data beyond the samples that ui/ fetches while the
	 * view is shown (a view asks; it never fetches) */
	unsigned wants;
};

/* the selected domain's snapshot tree, in a->mgmt->snaps */
#define VIEW_WANTS_SNAPSHOTS (1u << 0)
/* per-domain-only data (vCPU pinning) of the domain selection() names */
#define VIEW_WANTS_FOCUS     (1u << 1)
/* the IP addresses of the domain selection() names, in a->mgmt->addrs */
#define VIEW_WANTS_ADDRS     (1u << 2)

extern const struct view view_domains, view_net, view_block, view_detail,
	view_help;
extern const struct view view_snapshots, view_jobs, view_log;
extern const struct view view_slices, view_hosts;

/* views/registry.c */
extern const struct view *const ui_views[];
const struct view *ui_view_by_key(int key);
const struct view *ui_view_by_name(const char *name);
/* selection() of the views about the domain list: the selected domain */
void view_select_domain(const struct app *a, struct view_target *t);
/* fills t with domain d (host, uuid, name) */
struct be_domain;
void view_target_domain(struct view_target *t, const struct be_domain *d);

#endif
