/* Snapshot actions (n; Enter and x in view 4) and cancelling a job (x in
 * view 5).  Their targets (the snapshot, the job) are what the view
 * showing them selects (its selection()); revert and delete ask through
 * ui_action_run's confirmation, with the questions written here. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/mgmt.h"
#include "ui/validate.h"
#include "views/view.h"
#include "backend/snapshot.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const mem_modes[] = { "with memory", "disk only" };

struct snap_ctx {
	struct ui_target t;
	size_t nnames;
	char **names; /* the domain's snapshots, when view 4 has read them */
};

static void snap_ctx_free(void *p)
{
	struct snap_ctx *c = p;
	size_t i;
	for (i = 0; i < c->nnames; i++)
		free(c->names[i]);
	free(c->names);
	free(c);
}

static bool check_snap_name(struct app *a, struct ui_form *f, const char *text,
			    char *err, size_t errsz)
{
	struct snap_ctx *c = ui_form_ctx(f);
	(void)a;
	return ui_valid_name(text, (const char *const *)c->names, c->nnames,
			     "snapshot name", err, errsz) == 0;
}

static bool snap_submit(struct app *a, struct ui_form *f)
{
	struct snap_ctx *c = ui_form_ctx(f);
	struct be_op_target o = ui_op_target(a, &c->t);
	bool disk_only = ui_form_shown(f, "memory") && ui_form_choice(f, "memory") == 1;
	if (be_snap_op_create(ui_mgmt(a)->jobs, &o, ui_form_get(f, "name"),
			      ui_form_get(f, "desc"), disk_only, ui_job_done))
		ui_status(a, false, "creating snapshot '%s' of '%s'...",
			  ui_form_get(f, "name"), c->t.name);
	return true;
}

/* the snapshot list of view 4, if it is the selected domain's */
static const struct be_snapshot_list *shown_list(struct app *a,
						 const struct ui_target *t)
{
	const struct ui_mgmt *m = ui_mgmt(a);
	if (!m->snaps || m->snaps->host != t->host ||
	    strcmp(m->snaps->uuid, t->uuid) != 0)
		return NULL;
	return m->snaps;
}

ACT_ON(act_snapshot_create)
{
	struct snap_ctx *c = xcalloc(1, sizeof(*c));
	const struct be_snapshot_list *l;
	const struct be_domain *d = ui_find_domain(a, t->host, t->uuid);
	struct ui_form *f;
	char title[400], name[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	(void)answer;
	ui_target_from(&c->t, t);
	l = shown_list(a, &c->t);
	for (i = 0; l && i < l->n; i++) {
		c->names = xrealloc(c->names, (c->nnames + 1) * sizeof(*c->names));
		c->names[c->nnames++] = xstrdup(l->v[i].name);
	}
	localtime_r(&now, &tm);
	strftime(name, sizeof(name), "snap-%Y%m%d-%H%M%S", &tm);
	snprintf(title, sizeof(title), "New snapshot of '%s'", c->t.name);
	f = ui_form_new(title, c, snap_ctx_free);
	ui_form_set_action(f, "create");
	ui_form_add_text(f, "name", "name", name, check_snap_name,
			 "letters, digits, - _ . +");
	ui_form_add_text(f, "desc", "description", "", NULL, "any text");
	if (d && be_state_active(d->state))
		ui_form_add_choice(f, "memory", "keep", mem_modes, ARRAY_SIZE(mem_modes), 0);
	else
		ui_form_add_info(f, "keep", "keep", "disks only (the domain is off)");
	ui_form_open(a, f, snap_submit);
}

ACT_ASK(ask_snapshot_revert)
{
	char when[32] = "?";
	(void)a;
	if (t->snap_created) {
		time_t c = (time_t)t->snap_created;
		struct tm tm;
		localtime_r(&c, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	}
	snprintf(q->text, sizeof(q->text),
		 "Revert '%s' to snapshot '%s' of %s? What changed since is lost",
		 t->name, t->snapshot, when);
	snprintf(q->cancelled, sizeof(q->cancelled), "revert cancelled");
}

ACT_ON(act_snapshot_revert)
{
	struct ui_target u;
	struct be_op_target o;
	(void)answer;
	ui_target_from(&u, t);
	o = ui_op_target(a, &u);
	if (be_snap_op_revert(ui_mgmt(a)->jobs, &o, t->snapshot, ui_job_done))
		ui_status(a, false, "reverting '%s' to '%s'...", u.name, t->snapshot);
}

/* y deletes it (its children move up to its parent, as libvirt does);
 * a snapshot with children may go with all of them instead */
#define DELETE_SUBTREE 'a'

ACT_ASK(ask_snapshot_delete)
{
	(void)a;
	snprintf(q->cancelled, sizeof(q->cancelled), "delete cancelled");
	if (!t->snap_below) {
		snprintf(q->text, sizeof(q->text), "Delete snapshot '%s' of '%s'?",
			 t->snapshot, t->name);
		return;
	}
	snprintf(q->text, sizeof(q->text),
		 "Delete snapshot '%s' of '%s' (%zu below it)? y: its children move up",
		 t->snapshot, t->name, t->snap_below);
	q->extra_key = DELETE_SUBTREE;
	snprintf(q->extra, sizeof(q->extra), "delete it and the %zu below it",
		 t->snap_below);
}

ACT_ON(act_snapshot_delete)
{
	struct ui_target u;
	struct be_op_target o;
	ui_target_from(&u, t);
	o = ui_op_target(a, &u);
	if (be_snap_op_delete(ui_mgmt(a)->jobs, &o, t->snapshot,
			      answer == DELETE_SUBTREE, ui_job_done))
		ui_status(a, false, "deleting snapshot '%s' of '%s'...", t->snapshot,
			  u.name);
}

ACT_ON(act_job_cancel)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_job_info *v;
	size_t n = be_jobs_list(m->jobs, &v), i;
	(void)answer;
	for (i = 0; i < n && v[i].id != t->job; i++)
		;
	if (i == n) {
		ui_status(a, true, "job %u is gone", t->job);
	} else if (v[i].state != BE_JOB_RUNNING) {
		ui_status(a, true, "job %u has ended", v[i].id);
	} else if (be_jobs_cancel(m->jobs, v[i].id) < 0) {
		ui_status(a, true, "job %u (%s) cannot be cancelled", v[i].id,
			  v[i].title);
	} else {
		ui_status(a, false, "cancelling job %u (%s)", v[i].id, v[i].title);
	}
	be_job_infos_free(v, n);
}
