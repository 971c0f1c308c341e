/* m: live migration.  The form picks the destination among the other
 * connections or takes a typed URI, and the options; the migration then
 * runs as a job (backend/migrate.c) that view 5 shows, with its levers on
 * keys there (D max downtime, S speed, P post-copy, A auto-converge; x
 * aborts, as it cancels any job).  While it runs the guest's row says so
 * on both hosts; when it succeeds the selection follows it. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/input.h"
#include "ui/mgmt.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/migrate.h"
#include "backend/source.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const storage_modes[] = {
	"shared (both hosts see the disks)", "copy all disks", "copy incremental",
};

/* at most this many other hosts offered by name */
#define DEST_MAX 32

struct mig_ctx {
	struct ui_target t;
	size_t ndest;
	unsigned dest_host[DEST_MAX];
	char *dest_uri[DEST_MAX];
	const char *labels[DEST_MAX + 1];
};

static void mig_ctx_free(void *p)
{
	struct mig_ctx *c = p;
	size_t i;
	for (i = 0; i < c->ndest; i++)
		free(c->dest_uri[i]);
	free(c);
}

static const char *src_uri(struct app *a, unsigned host)
{
	const struct ui_host *h = ui_host_by_id(a, host);
	return h && h->conn ? be_conn_uri(h->conn) : "";
}

static bool check_uri(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	struct mig_ctx *c = ui_form_ctx(f);
	if (!*text) {
		snprintf(err, errsz, "type the destination's libvirt URI (qemu+ssh://host/system)");
		return false;
	}
	if (!strstr(text, "://")) {
		snprintf(err, errsz, "'%s' is not a libvirt URI (driver://[host]/path)", text);
		return false;
	}
	if (strcmp(text, src_uri(a, c->t.host)) == 0) {
		snprintf(err, errsz, "that is the guest's own host");
		return false;
	}
	return true;
}

static bool check_data_uri(struct app *a, struct ui_form *f, const char *text,
			   char *err, size_t errsz)
{
	(void)a;
	(void)f;
	if (*text && strncmp(text, "tcp://", 6) != 0 && strncmp(text, "unix://", 7) != 0 &&
	    strncmp(text, "rdma://", 7) != 0) {
		snprintf(err, errsz, "empty (libvirt picks), or tcp://HOST[:PORT], unix:///PATH or rdma://HOST");
		return false;
	}
	return true;
}

static bool parse_u64(const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;
	if (!*text || *text == '-')
		return false;
	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

static bool check_bw(struct app *a, struct ui_form *f, const char *text,
		     char *err, size_t errsz)
{
	uint64_t v;
	(void)a;
	(void)f;
	if (!parse_u64(text, 1000000, &v)) {
		snprintf(err, errsz, "MiB/s from 0 (no cap) to 1000000, not '%s'", text);
		return false;
	}
	return true;
}

static bool check_downtime(struct app *a, struct ui_form *f, const char *text,
			   char *err, size_t errsz)
{
	uint64_t v;
	(void)a;
	(void)f;
	if (!parse_u64(text, 600000, &v)) {
		snprintf(err, errsz, "ms from 0 (libvirt's default) to 600000, not '%s'", text);
		return false;
	}
	return true;
}

/* --- the guest's rows while it migrates --------------------------------- */

static void migrating_add(struct app *a, const struct ui_target *t, unsigned dest)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_migrating *g;
	m->migrating = xrealloc(m->migrating, (m->nmigrating + 1) * sizeof(*m->migrating));
	g = &m->migrating[m->nmigrating++];
	memset(g, 0, sizeof(*g));
	g->src = t->host;
	g->dest = dest;
	snprintf(g->uuid, sizeof(g->uuid), "%s", t->uuid);
	/* the selection stays with the guest while it migrates: its source
	 * may stop listing it before the job's end is reaped */
	if (strcmp(a->sel_uuid, t->uuid) == 0)
		a->follow_until = UINT64_MAX;
	a->redraw = true;
}

static void migrating_remove(struct app *a, unsigned src, const char *uuid)
{
	struct ui_mgmt *m = ui_mgmt(a);
	size_t i;
	for (i = 0; i < m->nmigrating; i++)
		if (m->migrating[i].src == src && strcmp(m->migrating[i].uuid, uuid) == 0) {
			m->migrating[i] = m->migrating[--m->nmigrating];
			a->redraw = true;
			return;
		}
}

static void kick(struct app *a, unsigned host)
{
	const struct ui_host *h = ui_host_by_id(a, host);
	if (h)
		be_source_kick(h->src.src);
}

static void mig_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	ui_job_report(a, ji);
	migrating_remove(a, ji->host, ji->uuid);
	/* the guest left its host: the selection goes with it to the
	 * destination (ui_rows_rebuild finds it there by UUID) */
	a->follow_until = 0;
	if (ji->state == BE_JOB_DONE && ji->dest_host &&
	    strcmp(a->sel_uuid, ji->uuid) == 0) {
		a->sel_host = ji->dest_host;
		a->follow_until = a->refreshes + 20;
	}
	kick(a, ji->host);
	if (ji->dest_host)
		kick(a, ji->dest_host);
}

static bool mig_submit(struct app *a, struct ui_form *f)
{
	struct mig_ctx *c = ui_form_ctx(f);
	struct be_mig_req *r = xcalloc(1, sizeof(*r));
	struct be_op_target o = ui_op_target(a, &c->t);
	size_t to = ui_form_choice(f, "to");
	const struct ui_host *dh = NULL;
	char *cmd;

	if (to < c->ndest) {
		dh = ui_host_by_id(a, c->dest_host[to]);
		if (!dh || !dh->conn) {
			ui_form_error(f, "to", "that host is gone");
			be_mig_req_free(r);
			return false;
		}
		r->dest = dh->conn;
		r->dest_host = dh->id;
		r->dest_uri = xstrdup(be_conn_uri(dh->conn));
	} else {
		r->dest_uri = xstrdup(ui_form_get(f, "uri"));
	}
	if (*ui_form_get(f, "datauri"))
		r->migrate_uri = xstrdup(ui_form_get(f, "datauri"));
	r->live = ui_form_on(f, "live");
	r->auto_converge = ui_form_on(f, "autoconv");
	r->postcopy = ui_form_on(f, "postcopy");
	r->storage = (enum be_mig_storage)ui_form_choice(f, "storage");
	parse_u64(ui_form_get(f, "bandwidth"), 1000000, &r->bandwidth_mibs);
	parse_u64(ui_form_get(f, "downtime"), 600000, &r->downtime_ms);
	cmd = be_mig_virsh(r, c->t.name);
	if (be_mig_start(ui_mgmt(a)->jobs, &o, r, mig_done)) {
		migrating_add(a, &c->t, dh ? dh->id : 0);
		ui_status(a, false, "migrating '%s' (view 5): %s", c->t.name, cmd);
	} else {
		ui_status(a, true, "cannot start the migration of '%s'", c->t.name);
	}
	free(cmd);
	return true;
}

ACT_ON(act_migrate)
{
	struct mig_ctx *c = xcalloc(1, sizeof(*c));
	struct ui_form *f;
	char title[400], uri_hint[80];
	size_t i;
	int to, uri;

	(void)answer;
	ui_target_from(&c->t, t);
	for (i = 0; i < a->nhosts && c->ndest < DEST_MAX; i++) {
		const struct ui_host *h = a->hosts[i];
		if (h->id == c->t.host || !h->conn || h->readonly)
			continue;
		c->dest_host[c->ndest] = h->id;
		c->dest_uri[c->ndest] = xstrdup(be_conn_uri(h->conn));
		c->labels[c->ndest] = c->dest_uri[c->ndest];
		c->ndest++;
	}
	c->labels[c->ndest] = "a URI typed below";
	snprintf(title, sizeof(title), "Migrate '%s' from %s", c->t.name,
		 src_uri(a, c->t.host));
	f = ui_form_new(title, c, mig_ctx_free);
	ui_form_set_action(f, "migrate");
	to = ui_form_add_choice(f, "to", "to", c->labels, c->ndest + 1, 0);
	snprintf(uri_hint, sizeof(uri_hint), "qemu+ssh://host/system");
	uri = ui_form_add_text(f, "uri", "URI", "", check_uri, uri_hint);
	ui_form_show_when(f, uri, to, 1u << c->ndest);
	ui_form_add_text(f, "datauri", "data URI", "", check_data_uri,
			 "empty: libvirt picks; tcp://HOST or unix:///PATH");
	ui_form_add_toggle(f, "live", "live", true);
	ui_form_add_text(f, "bandwidth", "MiB/s cap", "0", check_bw, "0: no cap");
	ui_form_add_text(f, "downtime", "max downtime ms", "0", check_downtime,
			 "0: libvirt's default");
	ui_form_add_toggle(f, "autoconv", "auto-converge", false);
	/* allowed by default: the switch is only ever made from view 5 (P),
	 * and without the flag at the start it cannot be made at all */
	ui_form_add_toggle(f, "postcopy", "allow post-copy", true);
	ui_form_add_choice(f, "storage", "storage", storage_modes,
			   ARRAY_SIZE(storage_modes), 0);
	ui_form_open(a, f, mig_submit);
}

/* --- the levers (view 5) ------------------------------------------------- */

/* the selected job, if it is a running migration; its info in *out */
static bool running_mig(struct app *a, const struct view_target *t,
			struct be_job_info *out)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_job_info *v;
	size_t n = be_jobs_list(m->jobs, &v), i;
	bool ok = false;
	for (i = 0; i < n && v[i].id != t->job; i++)
		;
	if (i == n)
		ui_status(a, true, "job %u is gone", t->job);
	else if (v[i].kind != BE_OP_MIGRATE)
		ui_status(a, true, "job %u (%s) is not a migration", v[i].id, v[i].title);
	else if (v[i].state != BE_JOB_RUNNING)
		ui_status(a, true, "job %u (%s) has ended", v[i].id, v[i].title);
	else
		ok = true;
	if (ok) {
		*out = v[i];
		out->domain = xstrdup(v[i].domain ? v[i].domain : "?");
		out->title = out->phase = out->message = out->dest = NULL;
	}
	be_job_infos_free(v, n);
	return ok;
}

static void lever_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	ui_status(a, ji->state != BE_JOB_DONE, "%s", ji->message ? ji->message : ji->title);
}

static void pull(struct app *a, enum be_mig_lever l, uint64_t v)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_op_target o = ui_op_target(a, &m->lever_of);
	if (!be_mig_lever(m->jobs, &o, l, v, lever_done))
		ui_status(a, true, "cannot start a job");
}

static void downtime_done(struct app *a, const char *text)
{
	uint64_t v;
	if (!text)
		return;
	if (!parse_u64(text, 600000, &v) || !v) {
		ui_status(a, true, "max downtime must be 1 to 600000 ms, not '%s'", text);
		return;
	}
	ui_status(a, false, "raising the max downtime of '%s' to %llu ms "
		  "(virsh migrate-setmaxdowntime %s %llu)", ui_mgmt(a)->lever_of.name,
		  (unsigned long long)v, ui_mgmt(a)->lever_of.name, (unsigned long long)v);
	pull(a, BE_LEVER_DOWNTIME, v);
}

static void speed_done(struct app *a, const char *text)
{
	uint64_t v;
	if (!text)
		return;
	if (!parse_u64(text, 1000000, &v)) {
		ui_status(a, true, "speed must be 0 (unlimited) to 1000000 MiB/s, not '%s'", text);
		return;
	}
	ui_status(a, false, "setting the migration speed of '%s' to %llu MiB/s "
		  "(virsh migrate-setspeed %s %llu)", ui_mgmt(a)->lever_of.name,
		  (unsigned long long)v, ui_mgmt(a)->lever_of.name, (unsigned long long)v);
	pull(a, BE_LEVER_SPEED, v);
}

static bool lever_target(struct app *a, const struct view_target *t,
			 struct be_job_info *ji)
{
	struct ui_mgmt *m = ui_mgmt(a);
	if (!running_mig(a, t, ji))
		return false;
	m->lever_of.host = ji->host;
	snprintf(m->lever_of.uuid, sizeof(m->lever_of.uuid), "%s", ji->uuid);
	snprintf(m->lever_of.name, sizeof(m->lever_of.name), "%s", ji->domain);
	free(ji->domain);
	ji->domain = NULL;
	return true;
}

ACT_ON(act_mig_downtime)
{
	struct be_job_info ji;
	char cur[32];
	uint64_t now;
	(void)answer;
	if (!lever_target(a, t, &ji))
		return;
	/* a guess worth accepting: the expected downtime, or four times the
	 * limit set now */
	now = ji.mig.max_downtime_ms ? ji.mig.max_downtime_ms : 300;
	snprintf(cur, sizeof(cur), "%llu", (unsigned long long)
		 (ji.mig.downtime_ms > now ? ji.mig.downtime_ms + 100 : now * 4));
	ui_prompt_open(a, "Max downtime (ms): ", cur, downtime_done, NULL);
}

ACT_ON(act_mig_speed)
{
	struct be_job_info ji;
	char cur[32];
	(void)answer;
	if (!lever_target(a, t, &ji))
		return;
	snprintf(cur, sizeof(cur), "%llu", (unsigned long long)
		 (ji.mig.speed_mibs ? ji.mig.speed_mibs * 4 : 0));
	ui_prompt_open(a, "Speed (MiB/s, 0: unlimited): ", cur, speed_done, NULL);
}

ACT_ASK(ask_mig_postcopy)
{
	(void)a;
	snprintf(q->text, sizeof(q->text),
		 "Switch the migration of '%s' (job %u) to post-copy? It runs on the "
		 "destination at once; if the link breaks before the rest arrives, "
		 "it is paused until recovered", t->name, t->job);
	snprintf(q->cancelled, sizeof(q->cancelled), "post-copy not started");
}

ACT_ON(act_mig_postcopy)
{
	struct be_job_info ji;
	(void)answer;
	if (!lever_target(a, t, &ji))
		return;
	if (!ji.mig.postcopy_allowed) {
		ui_status(a, true, "post-copy was not allowed when the migration of '%s' "
			  "started; libvirt cannot switch it now (abort with x and start "
			  "again with it)", ui_mgmt(a)->lever_of.name);
		return;
	}
	if (ji.mig.postcopy) {
		ui_status(a, false, "'%s' is already in post-copy", ui_mgmt(a)->lever_of.name);
		return;
	}
	ui_status(a, false, "switching '%s' to post-copy (virsh migrate-postcopy %s)",
		  ui_mgmt(a)->lever_of.name, ui_mgmt(a)->lever_of.name);
	pull(a, BE_LEVER_POSTCOPY, 0);
}

ACT_ASK(ask_mig_autoconverge)
{
	(void)a;
	/* libvirt 9.0 sets auto-converge only as a flag of the migration
	 * call (VIR_MIGRATE_AUTO_CONVERGE): there is no call to turn it on
	 * while the migration runs, so the lever restarts it */
	snprintf(q->text, sizeof(q->text),
		 "Restart the migration of '%s' (job %u) with auto-converge? libvirt "
		 "takes it only at the start: this attempt is aborted (the guest "
		 "stays where it runs) and a new one starts with it", t->name, t->job);
	snprintf(q->cancelled, sizeof(q->cancelled), "auto-converge not turned on");
}

ACT_ON(act_mig_autoconverge)
{
	struct be_job_info ji;
	int r;
	(void)answer;
	if (!lever_target(a, t, &ji))
		return;
	if (ji.mig.auto_converge) {
		ui_status(a, false, "the migration of '%s' runs with auto-converge already",
			  ui_mgmt(a)->lever_of.name);
		return;
	}
	r = be_mig_restart_autoconverge(ji.id);
	if (r < 0)
		ui_status(a, true, "job %u is no longer migrating", ji.id);
	else
		ui_status(a, false, "restarting the migration of '%s' with auto-converge "
			  "(virsh domjobabort %s, then virsh migrate --auto-converge ...)",
			  ui_mgmt(a)->lever_of.name, ui_mgmt(a)->lever_of.name);
}
