/* The one app context, passed everywhere; no other mutable global state. */
#ifndef HVTOP_APP_H
#define HVTOP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "backend/model.h"
#include "ui/theme.h"
#include "views/columns.h"
#include "ui/settings.h"

struct be_conn;
struct be_history;
struct view;
struct ui_script;
struct ui_input;
struct ui_keymap;
struct ui_config;
struct ui_mgmt;

struct app {
	/* connections, by host index */
	size_t nhosts;
	struct be_conn **conns;
	struct be_snap **snaps; /* newest taken per host; NULL before the first */
	bool readonly;

	/* the domain list all views share: pointers into snaps, filtered by
	 * name and sorted; rebuilt whenever a snapshot or the sort changes */
	const struct be_domain **rows;
	size_t nrows;
	size_t sel, top;       /* selected row and first row shown */
	char sel_uuid[40];     /* the selection follows its domain on resorts */
	unsigned sel_host;
	char filter[128];
	/* the domain the detail view shows: fixed when it opens, so a domain
	 * that vanishes is reported, not replaced by its neighbour */
	char detail_uuid[40];
	unsigned detail_host;

	struct ui_settings set;
	const struct view *view, *back_view;
	int scroll; /* first line shown by scrolling views (help, detail) */
	struct be_history *hist;

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
	int wake[2];        /* the samplers' wake-up pipe */

	struct ui_input *input; /* the prompt or menu that has the keyboard */
	struct ui_keymap *keymap;
	struct ui_config *cfg; /* the settings file as loaded, for W */
	char cfg_path[4096];   /* where W writes; "" if unknown */
	struct ui_script *script;
	struct ui_mgmt *mgmt;   /* jobs and management dialogs (ui/mgmt.h) */
	int64_t script_wait_until; /* <wait:MS> */
	uint64_t script_sync_at;   /* <sync>: wait until refreshes reach it */
};

/* the selected domain, or NULL */
const struct be_domain *ui_selected(const struct app *a);
/* a domain by connection and uuid in the newest snapshots, or NULL */
const struct be_domain *ui_find_domain(const struct app *a, unsigned host,
				       const char *uuid);
#define UI_LINE_MAX 1024
#define HEADER_LINES 3
/* The header's lines as text, with their colour slots (an enum th_slot
 * each): the screen and the batch text frames both print these. */
int ui_header_text(const struct app *a, char lines[][UI_LINE_MAX],
		   enum th_slot slots[]);
/* lines between the header and the status line */
int ui_body_lines(const struct app *a);
/* rebuild a->rows from the snapshots, filter and sort */
void ui_rows_rebuild(struct app *a);
/* a message in the status line, kept in the log; err colours it */
void ui_status(struct app *a, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ui_set_view(struct app *a, const struct view *v);
/* the needs of the current view and settings, pushed to the samplers */
void ui_update_needs(struct app *a);
unsigned ui_needs(const struct app *a);
/* handles one key (typed or scripted) */
void ui_key(struct app *a, int key);
/* full-screen loop; returns the exit status */
int ui_run(struct app *a);
/* draw helpers shared by views */
void ui_draw_text(struct app *a, WINDOW *w, int y, int x, int width,
		  const char *s,
		  bool right);
/* host snapshot of a domain */
const struct be_snap *ui_host_of(const struct app *a, const struct be_domain *d);

#endif
