#include <config.h>
#include "ui/mgmt.h"
#include "ui/app.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/source.h"
#include "backend/snapshot.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_mgmt *ui_mgmt(struct app *a)
{
	if (!a->mgmt) {
		a->mgmt = xcalloc(1, sizeof(*a->mgmt));
		a->mgmt->jobs = be_jobs_new(a->wake[1]);
	}
	return a->mgmt;
}

void ui_mgmt_free(struct app *a)
{
	struct ui_mgmt *m = a->mgmt;
	size_t n;
	if (!m)
		return;
	n = be_jobs_running(m->jobs);
	if (n)
		fprintf(stderr, "hvtop: waiting for %zu job%s to finish\n", n,
			n == 1 ? "" : "s");
	be_jobs_free(m->jobs);
	be_snapshot_list_free(m->snaps);
	be_addrs_free(m->addrs);
	free(m->shutting);
	free(m->migrating);
	free(m);
	a->mgmt = NULL;
}

void ui_target_of(struct ui_target *t, const struct be_domain *d)
{
	t->host = d->host;
	snprintf(t->uuid, sizeof(t->uuid), "%s", d->uuid);
	snprintf(t->name, sizeof(t->name), "%s", d->name);
}

void ui_target_from(struct ui_target *t, const struct view_target *vt)
{
	t->host = vt->host;
	snprintf(t->uuid, sizeof(t->uuid), "%s", vt->uuid);
	snprintf(t->name, sizeof(t->name), "%s", vt->name);
}

struct be_op_target ui_op_target(struct app *a, const struct ui_target *t)
{
	const struct ui_host *h = ui_host_by_id(a, t->host);
	struct be_op_target o = {
		.conn = h ? h->conn : NULL,
		.host = t->host, .uuid = t->uuid, .name = t->name,
	};
	return o;
}

static bool changes_things(int kind)
{
	return kind != BE_OP_MEMINFO && kind != BE_OP_ADDRS && kind != BE_OP_STORAGE &&
	       kind != BE_OP_HOSTINFO && kind != BE_OP_SNAP_LIST &&
	       kind != BE_OP_SCHEDINFO;
}

void ui_job_report(struct app *a, const struct be_job_info *ji)
{
	const struct ui_host *h;
	if (ji->state != BE_JOB_DONE || !ji->quiet)
		ui_status(a, ji->state != BE_JOB_DONE, "%s",
			  ji->message ? ji->message : ji->title);
	/* the screen teaches the CLI: the log says what this was in virsh */
	if (ji->virsh)
		ui_log(a, "  = %s", ji->virsh);
	/* show the outcome at once, not at the next refresh */
	if (changes_things(ji->kind) && (h = ui_host_by_id(a, ji->host)))
		be_source_kick(h->src.src);
	if (ji->kind >= BE_OP_SNAP_CREATE && ji->kind <= BE_OP_SNAP_DELETE &&
	    a->mgmt)
		a->mgmt->snaps_stale = true;
}

void ui_job_done(void *ui, struct be_job_info *ji)
{
	ui_job_report(ui, ji);
}

/* --- shutdowns under way ------------------------------------------------ */


void ui_shutting_add(struct app *a, const struct ui_target *t)
{
	struct ui_mgmt *m = ui_mgmt(a);
	m->shutting = xrealloc(m->shutting, (m->nshutting + 1) * sizeof(*m->shutting));
	m->shutting[m->nshutting++] = *t;
	a->redraw = true;
}

void ui_shutting_remove(struct app *a, unsigned host, const char *uuid)
{
	struct ui_mgmt *m = ui_mgmt(a);
	size_t i;
	for (i = 0; i < m->nshutting; i++)
		if (m->shutting[i].host == host && strcmp(m->shutting[i].uuid, uuid) == 0) {
			m->shutting[i] = m->shutting[--m->nshutting];
			a->redraw = true;
			return;
		}
}

/* --- the snapshot tree of view 4 ---------------------------------------- */

static bool same_target(const struct ui_target *t, unsigned host, const char *uuid)
{
	return t->host == host && strcmp(t->uuid, uuid) == 0;
}

static void snaps_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_snapshot_list *l = ji->data;
	char keep[256] = "";
	size_t i;

	m->snaps_loading = false;
	if (!same_target(&m->snaps_of, ji->host, ji->uuid))
		return; /* the selection moved on meanwhile: read again */
	if (ji->state != BE_JOB_DONE || !l) {
		snprintf(m->snaps_error, sizeof(m->snaps_error), "%s",
			 ji->message ? ji->message : "cannot list the snapshots");
		be_snapshot_list_free(m->snaps);
		m->snaps = NULL;
		a->redraw = true;
		return;
	}
	/* the selection stays on the same snapshot */
	if (m->snaps && m->snap_sel < m->snaps->n)
		snprintf(keep, sizeof(keep), "%s", m->snaps->v[m->snap_sel].name);
	be_snapshot_list_free(m->snaps);
	m->snaps = l;
	ji->data = NULL;
	m->snaps_error[0] = '\0';
	for (i = 0; keep[0] && i < l->n; i++)
		if (strcmp(l->v[i].name, keep) == 0) {
			m->snap_sel = i;
			break;
		}
	if (m->snap_sel >= l->n)
		m->snap_sel = l->n ? l->n - 1 : 0;
	a->redraw = true;
}

void ui_snapshots_refresh(struct app *a)
{
	ui_mgmt(a)->snaps_stale = true;
}

void ui_snapshots_tick(struct app *a)
{
	struct ui_mgmt *m = ui_mgmt(a);
	const struct be_domain *d = ui_selected(a);
	struct be_op_target t;
	if (!d) {
		if (m->snaps) {
			be_snapshot_list_free(m->snaps);
			m->snaps = NULL;
			a->redraw = true;
		}
		m->snaps_of.uuid[0] = '\0';
		return;
	}
	if (!same_target(&m->snaps_of, d->host, d->uuid)) {
		be_snapshot_list_free(m->snaps);
		m->snaps = NULL;
		m->snap_sel = 0;
		m->snaps_error[0] = '\0';
		ui_target_of(&m->snaps_of, d);
		m->snaps_stale = true;
		a->redraw = true;
	}
	if (m->snaps_loading || (!m->snaps_stale && m->snaps_at == a->refreshes))
		return;
	t = ui_op_target(a, &m->snaps_of);
	if (!t.conn)
		return;
	if (be_snap_op_list(m->jobs, &t, snaps_done)) {
		m->snaps_loading = true;
		m->snaps_stale = false;
		m->snaps_at = a->refreshes;
	}
}

/* --- the shown domain's addresses (the detail view) --------------------- */

/* Addresses change seldom, and the agent may take a while to answer: read
 * them when the domain shown changes, then every this many refreshes. */
#define ADDRS_EVERY 10

static void addrs_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct ui_mgmt *m = ui_mgmt(a);
	m->addrs_loading = false;
	if (!same_target(&m->addrs_of, ji->host, ji->uuid) || !ji->data)
		return;
	be_addrs_free(m->addrs);
	m->addrs = ji->data;
	ji->data = NULL;
	a->redraw = true;
}

static void addrs_tick(struct app *a)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct view_target vt = { 0 };
	struct be_op_target t;
	if (a->view->selection)
		a->view->selection(a, &vt);
	if (!(vt.kinds & VT_BIT(VT_DOMAIN)))
		return;
	if (!same_target(&m->addrs_of, vt.host, vt.uuid)) {
		be_addrs_free(m->addrs);
		m->addrs = NULL;
		m->addrs_of.host = vt.host;
		snprintf(m->addrs_of.uuid, sizeof(m->addrs_of.uuid), "%s", vt.uuid);
		snprintf(m->addrs_of.name, sizeof(m->addrs_of.name), "%s", vt.name);
		m->addrs_at = 0;
		a->redraw = true;
	} else if (m->addrs_loading || (m->addrs_at &&
					a->refreshes < m->addrs_at + ADDRS_EVERY)) {
		return;
	}
	t = ui_op_target(a, &m->addrs_of);
	if (t.conn && be_op_addrs(m->jobs, &t, addrs_done)) {
		m->addrs_loading = true;
		m->addrs_at = a->refreshes ? a->refreshes : 1;
	}
}

void ui_mgmt_tick(struct app *a)
{
	if (a->mgmt)
		be_jobs_reap(a->mgmt->jobs, a);
	if (a->view && (a->view->wants & VIEW_WANTS_SNAPSHOTS))
		ui_snapshots_tick(a);
	if (a->view && (a->view->wants & VIEW_WANTS_ADDRS))
		addrs_tick(a);
}
