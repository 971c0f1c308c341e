/* The app's state as the views read it: the hosts and their newest
 * samples, the shared domain list and its selection, the settings, the
 * jobs and snapshot lists, the terminal's size.  One struct, owned and
 * changed by ui/ (the main loop, keys and actions: ui/app.h); views read
 * it and draw, and write only their own cursors.  No libvirt here. */
#ifndef HVTOP_VIEWS_STATE_H
#define HVTOP_VIEWS_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "backend/model.h"
#include "views/attr.h"
#include "views/colids.h"

#define UI_LINE_MAX 1024
#define HEADER_LINES 3

struct be_jobs;
struct be_snapshot_list;
struct kvm_qmp;
struct action;
struct app;

/* A source the loop runs, and the newest sample taken from it. */
struct ui_source {
	struct be_source *src;
	void *sample;  /* the app's reference; NULL before the first */
	/* after a new sample is taken, on the UI thread (may be NULL) */
	void (*took)(struct app *a, struct ui_source *s);
};

struct ui_host {
	unsigned id;
	struct be_conn *conn;
	struct ui_source src; /* the connection; samples are struct be_sample */
	bool readonly;        /* nothing that changes it is offered or run */
	/* not answering: a libvirt call (open or sample) has been waiting
	 * for silent_ns, longer than the app waits (ui_hosts_poll), or, in
	 * batch output, no sample came for this round.  Its domains are not
	 * shown, never its last numbers as if live. */
	bool silent;
	int64_t silent_ns;
	/* batch output: a sample came since the last line; late: none came
	 * for the last one, so this round does not wait for it */
	bool fresh, late;
	/* the QMP commands its libvirt sent per sample over the last few
	 * (ui/qmp.c), < 0 unknown; qmp_pid: the process that sends them
	 * (0 not known yet, -1 none: not a local QEMU host); the window's
	 * start: its sample seq (0: none yet) and that process's count */
	double qmp_per_sample;
	long qmp_pid;
	uint64_t qmp_seq, qmp_sent;
};

/* A domain as an action saw it: looked up again by UUID when the job runs */
struct ui_target {
	unsigned host;
	char uuid[40];
	char name[256];
};

#define UI_MENU_MAX 48

/* a guest migrating from host src to host dest (0: not one of ours) */
struct ui_migrating {
	unsigned src, dest;
	char uuid[40];
};

struct ui_mgmt {
	struct be_jobs *jobs;
	uint64_t jobs_gen;          /* last generation drawn */
	/* what the balloon dialog's job is about */
	struct ui_target pending;
	/* the detail view: its domain's IP addresses (VIEW_WANTS_ADDRS) */
	struct be_addrs *addrs;
	struct ui_target addrs_of;
	bool addrs_loading;
	uint64_t addrs_at;          /* a->refreshes when last asked */
	/* view 4: the selected domain's snapshots */
	struct be_snapshot_list *snaps;
	struct ui_target snaps_of;  /* the domain they are (being) read for */
	bool snaps_loading, snaps_stale;
	uint64_t snaps_at;          /* a->refreshes when last asked */
	char snaps_error[512];
	size_t snap_sel;
	/* domains being shut down: their rows say so */
	struct ui_target *shutting;
	size_t nshutting;
	/* domains migrating: their rows say so, on both hosts */
	struct ui_migrating *migrating;
	size_t nmigrating;
	/* the migration a lever's prompt is about (its source domain) */
	struct ui_target lever_of;
	/* the action menu's entries */
	const struct action *menu[UI_MENU_MAX];
	size_t nmenu;
	/* view 5's selected row */
	size_t job_sel;
};

struct be_conn;
struct be_history;
struct be_slice_hist;
struct view;
struct ui_script;
struct ui_trace;
struct ui_input;
struct ui_keymap;
struct ui_config;

struct ui_settings {
	int delay_ms;
	enum ui_sort sort;
	bool sort_reverse;
	bool cpu_one;   /* %CPU: 100 = one CPU (top); false: whole host (virt-top) */
	bool io_bytes;  /* I/O columns in bytes rather than requests (B) */
	bool show_cost; /* the header says what watching costs ($) */
	unsigned columns; /* COL_BIT set of visible domain columns */
	unsigned history; /* samples kept for sparklines */
	char start_view[32];
	char theme[64];
};

struct app {
	/* the hosts, each with its connection and newest sample, and every
	 * source the loop runs (ui/hosts.h) */
	size_t nhosts;
	struct ui_host **hosts;
	unsigned next_host_id;
	size_t nsources;
	struct ui_source **sources;
	bool sources_started;
	unsigned needs;        /* BE_NEED_* last pushed to the sources */
	unsigned dialog_needs; /* BE_NEED_* an open dialog adds (ui_form_set_needs) */
	/* the domain whose per-domain-only data an open dialog wants
	 * fetched (ui_form_set_needs), when the view has no focus */
	unsigned dialog_host;
	char dialog_uuid[40];
	bool readonly; /* -r: every host */
	bool batch;    /* -b, --json, --csv, --slices: no screen */

	/* the domain list all views share: pointers into snaps, filtered by
	 * name and sorted; rebuilt whenever a sample or the sort changes */
	const struct be_domain **rows;
	size_t nrows;
	size_t sel, top;       /* selected row and first row shown */
	char sel_uuid[40];     /* the selection follows its domain on resorts */
	unsigned sel_host;
	char filter[128];
	/* only this host's domains (view 6's Enter); Esc clears */
	bool host_only;
	unsigned host_only_id;
	size_t host_sel;       /* view 6's selected row */
	/* the domain the detail view shows: fixed when it opens, so a domain
	 * that vanishes is reported, not replaced by its neighbour */
	char detail_uuid[40];
	unsigned detail_host;

	struct ui_settings set;
	const struct view *view, *back_view;
	const struct view *prev_view; /* shown before view: what help is about */
	/* the help's line idx (ui/help.c): the key tables are ui's */
	bool (*help_line)(const struct app *a, int idx, char *line, size_t n,
			  bool *head);
	int scroll; /* first line shown by scrolling views (help, detail) */
	struct be_history *hist;
	/* the time-slice tracer's last 60 s (backend/slices.h); NULL while
	 * no tracer runs */
	struct be_slice_hist *slices;
	struct ui_source *tracer; /* its source (ui/tracer.c), or NULL */

	/* status line, and every message since start (the message log) */
	char status[512];
	bool status_err;
	int64_t status_until;
	char **log;
	size_t nlog;

	/* terminal */
	bool ascii;       /* non-UTF-8 locale: ASCII only */
	int lines, cols;
	bool redraw;      /* something changed: draw on the next loop turn */
	int64_t drawn_at; /* CLOCK_MONOTONIC of the last draw */
	bool quit;
	uint64_t refreshes; /* completed refreshes taken, for <sync> */
	/* hvtop's own CPU (user + system) per refresh over the last few
	 * refreshes, ns; < 0 before there are two (ui_refresh_done) */
	int64_t cost_cpu_ns;
	int64_t cost_cpu_at;       /* the process's CPU at cost_refreshes */
	/* QMP commands counted (ui/qmp.c) while the cost is shown or
	 * count_qmp (--json) holds; why not, when it cannot be */
	struct kvm_qmp *qmp;
	char qmp_why[200];
	bool count_qmp;
	/* --slices: mono_ns of the newest tracer sample written (0: none) */
	int64_t slices_written;
	uint64_t cost_refreshes;
	/* a migrated selection is looked for on its new host until then
	 * (refreshes), not given up when its old host no longer lists it */
	uint64_t follow_until;
	int wake[2];        /* the samplers' wake-up pipe */

	struct ui_input *input; /* the prompt or menu that has the keyboard */
	struct ui_keymap *keymap;
	struct ui_config *cfg; /* the settings file as loaded, for W */
	char cfg_path[4096];   /* where W writes; "" if unknown */
	struct ui_script *script;
	/* --trace FILE: every slice of the run goes there (ui/trace.h) */
	struct ui_trace *run_trace;
	struct ui_mgmt *mgmt;   /* jobs and management dialogs (ui/mgmt.h) */
	int64_t script_wait_until; /* <wait:MS> */
	uint64_t script_sync_at;   /* <sync>: wait until refreshes reach it */
};

/* the selected domain, or NULL */
const struct be_domain *ui_selected(const struct app *a);
/* a domain by host id and uuid in the newest samples, or NULL */
const struct be_domain *ui_find_domain(const struct app *a, unsigned host,
				       const char *uuid);
struct ui_host *ui_host_by_id(const struct app *a, unsigned id);
/* A host's newest sample, or NULL (none yet, or no such host). */
const struct be_sample *ui_host_sample(const struct app *a, unsigned id);
/* the newest sample of a domain's host */
const struct be_sample *ui_host_of(const struct app *a, const struct be_domain *d);
/* Read-only: hvtop's -r, or the host's own. */
bool ui_host_readonly(const struct app *a, unsigned id);
/* The state a row shows while an operation on it is under way (BE_ST_SHUTDOWN
 * while a shutdown waits), or -1.  Cheap: the domains view asks per row. */
int ui_domain_busy_state(const struct app *a, const struct be_domain *d);
/* Whether d is migrating (from or to its host): "out", "in" or NULL. */
const char *ui_domain_migrating(const struct app *a, const struct be_domain *d);
/* lines between the header and the status line */
int ui_body_lines(const struct app *a);
/* s fitted to width cells at (y, x), clipped to the screen */
void ui_draw_text(struct app *a, WINDOW *w, int y, int x, int width,
		  const char *s, bool right);

#endif
