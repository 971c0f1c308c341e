/* The main loop and what it offers the rest of ui/: status messages, the
 * header, view switching, needs, keys.  The app context itself (one
 * struct, passed everywhere; no other mutable global state) is defined in
 * views/state.h, where the views read it. */
#ifndef HVTOP_APP_H
#define HVTOP_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>
#include "backend/model.h"
#include "ui/hosts.h"
#include "views/state.h"


/* The header's lines as text, with their colour slots (an enum th_slot
 * each): the screen and the batch text frames both print these. */
int ui_header_text(const struct app *a, char lines[][UI_LINE_MAX],
		   enum th_slot slots[]);
/* rebuild a->rows from the samples, filter and sort */
void ui_rows_rebuild(struct app *a);
/* What watching costs is figured over this many refreshes, so one slow
 * refresh does not jump the figure and a change still shows within
 * seconds. */
#define UI_COST_REFRESHES 5

/* a refresh was taken: counts it (a->refreshes), what hvtop's own CPU
 * per refresh has been (a->cost_cpu_ns), and tells the kinds of source
 * (ui_kinds_refreshed: the QMP count, ui/qmp.h) */
void ui_refresh_done(struct app *a);
/* "cost: 1.2 ms CPU/refresh, sample 3.4 ms, QMP 2.8/refresh", "" when
 * not shown */
void ui_cost_text(const struct app *a, char *buf, size_t n);
/* a message in the status line, kept in the log; err colours it */
void ui_status(struct app *a, bool err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* a line in the message log only, not the status line */
void ui_log(struct app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ui_set_view(struct app *a, const struct view *v);
/* the needs of the current view and settings, pushed to the samplers */
void ui_update_needs(struct app *a);
unsigned ui_needs(const struct app *a);

#endif
