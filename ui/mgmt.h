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
#include "views/state.h"

struct app;
struct action;
struct be_domain;
struct be_snapshot_list;


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

void ui_shutting_add(struct app *a, const struct ui_target *t);
void ui_shutting_remove(struct app *a, unsigned host, const char *uuid);

/* View 4 wants the snapshots of the selected domain read again now. */
void ui_snapshots_refresh(struct app *a);

#endif
