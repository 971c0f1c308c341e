/* Snapshot actions (n; Enter and x in view 4) and cancelling a job (x in
 * view 5). */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/input.h"
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

void act_snapshot_create(struct app *a)
{
	struct snap_ctx *c = xcalloc(1, sizeof(*c));
	const struct be_snapshot_list *l;
	const struct be_domain *d = ui_selected(a);
	struct ui_form *f;
	char title[400], name[64];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;

	if (!ui_target_selected(a, &c->t)) {
		free(c);
		return;
	}
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

/* the snapshot selected in view 4, or NULL with the reason said */
static const struct be_snapshot *selected_snapshot(struct app *a,
						   struct ui_target *t)
{
	struct ui_mgmt *m = ui_mgmt(a);
	const struct be_snapshot_list *l;
	if (!ui_target_selected(a, t))
		return NULL;
	l = shown_list(a, t);
	if (a->view != &view_snapshots || !l) {
		ui_status(a, true, "select a snapshot in view 4 first");
		return NULL;
	}
	if (!l->n || m->snap_sel >= l->n) {
		ui_status(a, true, "'%s' has no snapshots", t->name);
		return NULL;
	}
	return &l->v[m->snap_sel];
}

static void revert_answer(struct app *a, bool yes)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_op_target o = ui_op_target(a, &m->pending);
	if (!yes) {
		ui_status(a, false, "revert cancelled");
		return;
	}
	if (be_snap_op_revert(m->jobs, &o, m->pending_snap, ui_job_done))
		ui_status(a, false, "reverting '%s' to '%s'...", m->pending.name,
			  m->pending_snap);
}

void act_snapshot_revert(struct app *a)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target t;
	const struct be_snapshot *s = selected_snapshot(a, &t);
	char q[700], when[32] = "?";
	if (!s)
		return;
	m->pending = t;
	snprintf(m->pending_snap, sizeof(m->pending_snap), "%s", s->name);
	if (s->created) {
		time_t c = (time_t)s->created;
		struct tm tm;
		localtime_r(&c, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	}
	snprintf(q, sizeof(q), "Revert '%s' to snapshot '%s' of %s? What changed since is lost",
		 t.name, s->name, when);
	ui_confirm_open(a, q, revert_answer);
}

static void delete(struct app *a, bool subtree)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_op_target o = ui_op_target(a, &m->pending);
	if (be_snap_op_delete(m->jobs, &o, m->pending_snap, subtree, ui_job_done))
		ui_status(a, false, "deleting snapshot '%s' of '%s'...", m->pending_snap,
			  m->pending.name);
}

static void delete_answer(struct app *a, bool yes)
{
	if (yes)
		delete(a, false);
	else
		ui_status(a, false, "delete cancelled");
}

static void delete_menu_done(struct app *a, int i)
{
	if (i == 0 || i == 1)
		delete(a, i == 1);
	else
		ui_status(a, false, "delete cancelled");
}

void act_snapshot_delete(struct app *a)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target t;
	const struct be_snapshot *s = selected_snapshot(a, &t);
	char q[700], i0[200], i1[200];
	const char *items[3];
	if (!s)
		return;
	m->pending = t;
	snprintf(m->pending_snap, sizeof(m->pending_snap), "%s", s->name);
	m->pending_ndesc = s->ndesc;
	if (!s->ndesc) {
		snprintf(q, sizeof(q), "Delete snapshot '%s' of '%s'?", s->name, t.name);
		ui_confirm_open(a, q, delete_answer);
		return;
	}
	/* children kept as libvirt does (they move up to its parent), or the
	 * whole subtree */
	snprintf(q, sizeof(q), "Delete snapshot '%s' of '%s' (%zu below it)?",
		 s->name, t.name, s->ndesc);
	snprintf(i0, sizeof(i0), "keep  delete it; its children move up");
	snprintf(i1, sizeof(i1), "all   delete it and the %zu below it", s->ndesc);
	items[0] = i0;
	items[1] = i1;
	items[2] = "no    cancel";
	ui_menu_open(a, q, items, 3, 0, false, delete_menu_done, NULL);
}

void act_job_cancel(struct app *a)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_job_info *v;
	size_t n = be_jobs_list(m->jobs, &v);
	if (a->view != &view_jobs || m->job_sel >= n) {
		ui_status(a, true, "select a job in view 5 first");
	} else if (v[m->job_sel].state != BE_JOB_RUNNING) {
		ui_status(a, true, "job %u has ended", v[m->job_sel].id);
	} else if (be_jobs_cancel(m->jobs, v[m->job_sel].id) < 0) {
		ui_status(a, true, "job %u (%s) cannot be cancelled", v[m->job_sel].id,
			  v[m->job_sel].title);
	} else {
		ui_status(a, false, "cancelling job %u (%s)", v[m->job_sel].id,
			  v[m->job_sel].title);
	}
	be_job_infos_free(v, n);
}
