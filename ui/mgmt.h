/* The management side of the app: its jobs, the dialog waiting for an
 * answer and what it is about, the snapshot tree shown in view 4 and the
 * shutdowns in progress.  One struct hung off the app (a->mgmt), made on
 * first use; only the UI thread touches it. */
#ifndef HVTOP_MGMT_H
#define HVTOP_MGMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/jobs.h"
#include "backend/ops.h"

struct app;
struct action;
struct be_domain;
struct be_snapshot_list;

/* A domain as an action saw it: looked up again by UUID when the job runs */
struct ui_target {
	unsigned host;
	char uuid[40];
	char name[256];
};

#define UI_MENU_MAX 48

struct ui_mgmt {
	struct be_jobs *jobs;
	uint64_t jobs_gen;          /* last generation drawn */
	/* what the balloon dialog's job is about */
	struct ui_target pending;
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
	/* the action menu's entries */
	const struct action *menu[UI_MENU_MAX];
	size_t nmenu;
	/* view 5's selected row */
	size_t job_sel;
};

struct ui_mgmt *ui_mgmt(struct app *a);
/* Every turn of the main loop: runs the follow-ups of finished jobs.
 * Cheap when nothing happened. */
void ui_mgmt_tick(struct app *a);
/* View 4's tick: (re-)reads the selected domain's snapshot tree when the
 * selection moved, a refresh came or it changed. */
void ui_snapshots_tick(struct app *a);
/* At exit: stops and waits for the jobs. */
void ui_mgmt_free(struct app *a);

struct view_target;
void ui_target_of(struct ui_target *t, const struct be_domain *d);
/* the domain of an action's target */
void ui_target_from(struct ui_target *t, const struct view_target *vt);
/* For backend calls: valid while t lives. */
struct be_op_target ui_op_target(struct app *a, const struct ui_target *t);

/* Reports a finished job in the status line and the message log, and
 * refreshes its host now if it changed something. */
void ui_job_report(struct app *a, const struct be_job_info *ji);
/* A follow-up that only reports (be_job_done_fn; ui is the app). */
void ui_job_done(void *ui, struct be_job_info *ji);

/* The state a row shows while an operation on it is under way (BE_ST_SHUTDOWN
 * while a shutdown waits), or -1.  Cheap: the domains view asks per row. */
int ui_domain_busy_state(const struct app *a, const struct be_domain *d);
void ui_shutting_add(struct app *a, const struct ui_target *t);
void ui_shutting_remove(struct app *a, unsigned host, const char *uuid);

/* View 4 wants the snapshots of the selected domain read again now. */
void ui_snapshots_refresh(struct app *a);

#endif
