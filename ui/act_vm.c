/* Lifecycle, balloon and undefine actions, and the action menu.  Each
 * gets its domain (host + UUID) as ui_action_run resolved it when the key
 * was pressed and hands the libvirt work to a job; the confirmation keeps
 * that target, never "whatever is selected when y is pressed". */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/mgmt.h"
#include "ui/script.h"
#include "ui/validate.h"
#include "views/view.h"
#include "backend/ops.h"
#include "common/util.h"
#include "common/test_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the dialog a job's follow-up opens is about the job's domain */
static void pending_from(struct ui_mgmt *m, const struct be_job_info *ji)
{
	m->pending.host = ji->host;
	snprintf(m->pending.uuid, sizeof(m->pending.uuid), "%s", ji->uuid);
	snprintf(m->pending.name, sizeof(m->pending.name), "%s",
		 ji->domain ? ji->domain : "?");
}

static int shutdown_timeout(void)
{
	/* tests shorten it; a config setting could replace this */
	const char *e = getenv(TEST_HOOK_SHUTDOWN_TIMEOUT);
	int s = e ? atoi(e) : 0;
	return s > 0 ? s : UI_SHUTDOWN_TIMEOUT_S;
}

static void lifecycle(struct app *a, const struct view_target *vt,
		      enum be_op_kind kind, const char *doing, be_job_done_fn done)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target t;
	struct be_op_target o;
	ui_target_from(&t, vt);
	o = ui_op_target(a, &t);
	if (!be_op_lifecycle(m->jobs, &o, kind, shutdown_timeout(),
			     done ? done : ui_job_done)) {
		ui_status(a, true, "cannot start a job for '%s'", t.name);
		return;
	}
	if (kind == BE_OP_SHUTDOWN)
		ui_shutting_add(a, &t);
	ui_status(a, false, "%s '%s'...", doing, t.name);
}

ACT_ON(act_start)
{
	(void)answer;
	lifecycle(a, t, BE_OP_START, "starting", NULL);
}

ACT_ASK(ask_destroy)
{
	(void)a;
	snprintf(q->text, sizeof(q->text),
		 "Destroy '%s' (force off, as pulling the plug)?", t->name);
	snprintf(q->cancelled, sizeof(q->cancelled), "destroy of '%s' cancelled",
		 t->name);
}

ACT_ON(act_destroy)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target u;
	struct be_op_target o;
	(void)answer;
	ui_target_from(&u, t);
	o = ui_op_target(a, &u);
	if (be_op_lifecycle(m->jobs, &o, BE_OP_DESTROY, 0, ui_job_done))
		ui_status(a, false, "destroying '%s'...", u.name);
	else
		ui_status(a, true, "cannot start a job for '%s'", u.name);
}

static void shutdown_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct view_target t;
	char q[512];
	ui_shutting_remove(a, ji->host, ji->uuid);
	ui_job_report(a, ji);
	if (ji->outcome != BE_OUT_TIMEOUT || ui_host_readonly(a, ji->host))
		return;
	if (a->input) {
		/* never snatch the keyboard from a dialog being typed into */
		ui_status(a, true, "'%s' did not power off in %d s: X destroys it",
			  ji->domain ? ji->domain : "?", shutdown_timeout());
		return;
	}
	/* the guest ignored the power button: offer the hard way, as the
	 * destroy action, with its checks and its one confirmation */
	memset(&t, 0, sizeof(t));
	t.kinds = VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN);
	t.host = ji->host;
	snprintf(t.uuid, sizeof(t.uuid), "%s", ji->uuid);
	snprintf(t.name, sizeof(t.name), "%s", ji->domain ? ji->domain : "?");
	snprintf(q, sizeof(q), "'%s' did not power off in %d s. Destroy it (force off)?",
		 t.name, shutdown_timeout());
	ui_action_run_asking(a, ui_action_find("destroy"), &t, q);
}

ACT_ON(act_shutdown)
{
	(void)answer;
	lifecycle(a, t, BE_OP_SHUTDOWN, "shutting down (ACPI power button)",
		  shutdown_done);
}

ACT_ON(act_reboot)
{
	(void)answer;
	lifecycle(a, t, BE_OP_REBOOT, "rebooting", NULL);
}

ACT_ON(act_pause)
{
	(void)answer;
	lifecycle(a, t, BE_OP_SUSPEND, "pausing", NULL);
}

ACT_ON(act_resume)
{
	(void)answer;
	lifecycle(a, t, BE_OP_RESUME, "resuming", NULL);
}

ACT_ON(act_pause_resume)
{
	const struct be_domain *d = ui_find_domain(a, t->host, t->uuid);
	if (d && (d->state == BE_ST_PAUSED || d->state == BE_ST_PMSUSPENDED))
		act_resume(a, t, answer);
	else
		act_pause(a, t, answer);
}

/* --- undefine ------------------------------------------------------------ */

/* y undefines and keeps the storage; s also deletes the storage of its
 * own (the volumes and files the storage job finds), which the result
 * then names */
#define UNDEFINE_STORAGE 's'

ACT_ASK(ask_undefine)
{
	(void)a;
	snprintf(q->text, sizeof(q->text), "Undefine '%s' (y keeps its storage)?",
		 t->name);
	snprintf(q->cancelled, sizeof(q->cancelled), "undefine of '%s' cancelled",
		 t->name);
	q->extra_key = UNDEFINE_STORAGE;
	snprintf(q->extra, sizeof(q->extra), "undefine and delete its storage");
}

static void undefine_go(struct app *a, const struct ui_target *t,
			const struct be_storage *remove)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_op_target o = ui_op_target(a, t);
	char paths[700] = "";
	size_t i, len = 0;
	for (i = 0; remove && i < remove->n && len < sizeof(paths); i++)
		len += (size_t)snprintf(paths + len, sizeof(paths) - len, " %s",
					remove->paths[i]);
	if (be_op_undefine(m->jobs, &o, remove, ui_job_done))
		ui_status(a, false, "undefining '%s'%s%s...", t->name,
			  remove ? (remove->n ? " and deleting its storage:" :
				    " (it has no storage of its own)") : "", paths);
	else
		ui_status(a, true, "cannot start a job for '%s'", t->name);
}

static void undefine_storage_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct be_storage *s = ji->data;
	struct ui_target t;

	if (ji->state != BE_JOB_DONE || !s) {
		ui_job_report(a, ji);
		return;
	}
	t.host = ji->host;
	snprintf(t.uuid, sizeof(t.uuid), "%s", ji->uuid);
	snprintf(t.name, sizeof(t.name), "%s", ji->domain ? ji->domain : "?");
	undefine_go(a, &t, s);
}

ACT_ON(act_undefine)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target u;
	struct be_op_target o;
	ui_target_from(&u, t);
	if (answer != UNDEFINE_STORAGE) {
		undefine_go(a, &u, NULL);
		return;
	}
	/* what is its own storage is the host's to say: a job asks */
	o = ui_op_target(a, &u);
	if (!be_op_storage(m->jobs, &o, undefine_storage_done))
		ui_status(a, true, "cannot start a job for '%s'", u.name);
}

/* --- balloon ------------------------------------------------------------- */

struct balloon_ctx {
	struct ui_target t;
	uint64_t max_kib, used_kib;
};

static bool balloon_check(struct app *a, struct ui_form *f, const char *text,
			  char *err, size_t errsz)
{
	struct balloon_ctx *c = ui_form_ctx(f);
	uint64_t kib;
	(void)a;
	return ui_valid_balloon(text, c->max_kib, c->used_kib, &kib, err, errsz) == 0;
}

static bool balloon_submit(struct app *a, struct ui_form *f)
{
	struct balloon_ctx *c = ui_form_ctx(f);
	struct be_op_target o = ui_op_target(a, &c->t);
	uint64_t kib;
	char err[256], h[32];
	if (ui_valid_balloon(ui_form_get(f, "size"), c->max_kib, c->used_kib, &kib,
			     err, sizeof(err)) < 0) {
		ui_form_error(f, "size", "%s", err);
		return false;
	}
	if (be_op_setmem(ui_mgmt(a)->jobs, &o, kib, ui_job_done))
		ui_status(a, false, "setting the memory of '%s' to %s...", c->t.name,
			  ui_human_kib(h, sizeof(h), kib));
	return true;
}

static void balloon_info_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_meminfo *mi = ji->data;
	struct balloon_ctx *c;
	struct ui_form *f;
	char title[400], cur[32], mx[32], g1[32], g2[32], guest[160], init[32];
	int fi;

	if (ji->state != BE_JOB_DONE || !mi) {
		ui_job_report(a, ji);
		return;
	}
	if (a->input) /* the user went on to another dialog meanwhile */
		return;
	pending_from(m, ji);
	c = xcalloc(1, sizeof(*c));
	c->t = m->pending;
	c->max_kib = mi->max_kib;
	/* what the guest has in use: below it the guest would have to swap
	 * or kill; only known when it reports its balloon statistics */
	if (mi->available_kib && mi->usable_kib && mi->available_kib > mi->usable_kib)
		c->used_kib = mi->available_kib - mi->usable_kib;
	snprintf(title, sizeof(title), "Memory of '%s' (balloon)", c->t.name);
	f = ui_form_new(title, c, free);
	ui_form_add_info(f, "cur", "current", ui_human_kib(cur, sizeof(cur), mi->cur_kib));
	ui_form_add_info(f, "max", "maximum", ui_human_kib(mx, sizeof(mx), mi->max_kib));
	if (mi->available_kib)
		snprintf(guest, sizeof(guest), "available %s, usable %s",
			 ui_human_kib(g1, sizeof(g1), mi->available_kib),
			 mi->usable_kib ? ui_human_kib(g2, sizeof(g2), mi->usable_kib) : "?");
	else
		snprintf(guest, sizeof(guest), "not reported (no balloon statistics)");
	ui_form_add_info(f, "guest", "guest sees", guest);
	snprintf(init, sizeof(init), "%llu", (unsigned long long)(mi->cur_kib / 1024));
	fi = ui_form_add_text(f, "size", "new size", init, balloon_check,
			      "MiB, or with M/G; +/- steps 64 MiB");
	ui_form_set_step(f, fi, (uint64_t)UI_BALLOON_STEP_KIB << 10, 1ULL << 20,
			 (uint64_t)UI_MEM_MIN_KIB << 10, mi->max_kib << 10);
	ui_form_set_action(f, "set");
	ui_form_open(a, f, balloon_submit);
}

ACT_ON(act_balloon)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct be_op_target o;
	(void)answer;
	ui_target_from(&m->pending, t);
	o = ui_op_target(a, &m->pending);
	if (!be_op_meminfo(m->jobs, &o, balloon_info_done))
		ui_status(a, true, "cannot start a job for '%s'", m->pending.name);
}

/* --- the action menu ----------------------------------------------------- */

static void menu_done(struct app *a, int i)
{
	struct ui_mgmt *m = ui_mgmt(a);
	if (i >= 0 && (size_t)i < m->nmenu)
		ui_action_run(a, m->menu[i]);
}

ACT_ON(act_action_menu)
{
	struct ui_mgmt *m = ui_mgmt(a);
	const struct be_domain *d = ui_find_domain(a, t->host, t->uuid);
	char *items[UI_MENU_MAX], title[400];
	size_t i;

	(void)answer;
	if (!d)
		return;
	m->nmenu = 0;
	for (i = 0; i < ui_nactions && m->nmenu < UI_MENU_MAX; i++) {
		const struct action *act = &ui_actions[i];
		char key[32] = "";
		int k;
		if (!(act->flags & ACT_MENU) || !ui_action_valid(a, act))
			continue;
		k = ui_keymap_key_of(a->keymap, act);
		/* pause and resume are one key */
		if (!k && (strcmp(act->name, "pause") == 0 || strcmp(act->name, "resume") == 0))
			k = ui_keymap_key_of(a->keymap, ui_action_find("pause-resume"));
		if (k)
			ui_key_name(k, key, sizeof(key));
		items[m->nmenu] = xasprintf("%-5s %-16s %s", key, act->name, act->help);
		m->menu[m->nmenu++] = act;
	}
	if (!m->nmenu) {
		ui_status(a, true, "no action possible on '%s' while it is %s%s",
			  d->name, be_state_name(d->state),
			  a->readonly ? " (read-only: -r)" : "");
		return;
	}
	snprintf(title, sizeof(title), "Actions for '%s' (%s)", d->name,
		 be_state_name(d->state));
	ui_menu_open(a, title, (const char *const *)items, m->nmenu, 0, false,
		     menu_done, NULL);
	for (i = 0; i < m->nmenu; i++)
		free(items[i]);
}

void act_messages(struct app *a)
{
	ui_set_view(a, &view_log);
}
