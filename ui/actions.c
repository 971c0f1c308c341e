#include <config.h>
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/input.h"
#include "views/view.h"
#include "backend/conn.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct action *ui_action_find(const char *name)
{
	size_t i;
	for (i = 0; i < ui_nactions; i++)
		if (strcmp(ui_actions[i].name, name) == 0)
			return &ui_actions[i];
	return NULL;
}

/* --- running an action: target, checks, the one confirmation ---------- */

void ui_selection(const struct app *a, struct view_target *t)
{
	memset(t, 0, sizeof(*t));
	if (a->view && a->view->selection)
		a->view->selection(a, t);
}

/* what a kind is called in a refusal, and where it can be selected */
static const char *const kind_names[VT_COUNT] = {
	[VT_NONE] = "target",
	[VT_HOST] = "host",
	[VT_DOMAIN] = "domain",
	[VT_VCPU] = "vCPU",
	[VT_SNAPSHOT] = "snapshot",
	[VT_JOB] = "job",
};
static const char *const kind_where[VT_COUNT] = {
	[VT_SNAPSHOT] = " (view 4 lists them)",
	[VT_JOB] = " (view 5 lists them)",
};

/* NULL if act may run on t now, else why not (one sentence) */
static const char *refusal(const struct app *a, const struct action *act,
			   const struct view_target *t, char *why, size_t n)
{
	const struct be_domain *d;
	if ((act->flags & ACT_MUTATES) && a->readonly) {
		snprintf(why, n, "%s: not allowed on a read-only connection (-r)", act->name);
		return why;
	}
	/* read-only is per host: an action on one host's domain or snapshot
	 * asks that host */
	if ((act->flags & ACT_MUTATES) &&
	    (t->kinds & (VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN))) &&
	    ui_host_readonly(a, t->host)) {
		const struct ui_host *h = ui_host_by_id(a, t->host);
		snprintf(why, n, "%s: not allowed on read-only host '%s'", act->name,
			 h && h->conn ? be_conn_uri(h->conn) : "?");
		return why;
	}
	if (act->target != VT_NONE && !(t->kinds & VT_BIT(act->target))) {
		bool known = act->target < VT_COUNT;
		snprintf(why, n, "%s: no %s selected here%s", act->name,
			 known ? kind_names[act->target] : "target",
			 known && kind_where[act->target] ? kind_where[act->target] : "");
		return why;
	}
	if (!act->valid_states || !(t->kinds & VT_BIT(VT_DOMAIN)))
		return NULL;
	d = ui_find_domain(a, t->host, t->uuid);
	if (!d) {
		snprintf(why, n, "%s: '%s' no longer exists", act->name, t->name);
		return why;
	}
	if (!(act->valid_states & ACT_ST(d->state))) {
		snprintf(why, n, "%s: not possible while '%s' is %s", act->name,
			 d->name, be_state_name(d->state));
		return why;
	}
	return NULL;
}

bool ui_action_valid(const struct app *a, const struct action *act)
{
	struct view_target t;
	char why[512];
	ui_selection(a, &t);
	return !refusal(a, act, &t, why, sizeof(why));
}

static void exec(struct app *a, const struct action *act,
		 const struct view_target *t, int answer)
{
	if (act->exec_on)
		act->exec_on(a, t, answer);
	else
		act->exec(a);
	a->redraw = true;
}

static bool run_checked(struct app *a, const struct action *act,
			const struct view_target *t, const char *question,
			bool asked, int answer);

/* what the dialog is about, until it is answered */
struct asked {
	const struct action *act;
	struct view_target t;
	char cancelled[320];
};

static void confirm_answer(struct app *a, void *ctx, int answer)
{
	struct asked *q = ctx;
	if (!answer) {
		ui_status(a, false, "%s", q->cancelled);
		return;
	}
	/* the same checks again: read-only, and the domain's state may have
	 * changed while the question was up */
	run_checked(a, q->act, &q->t, NULL, true, answer);
}

/* the one confirmation dialog: asks question (NULL: the row's) about t
 * and runs act on t if answered y (or the extra answer) */
static void confirm(struct app *a, const struct action *act,
		    const struct view_target *t, const char *question)
{
	struct asked *q = xcalloc(1, sizeof(*q));
	struct act_ask ask;
	memset(&ask, 0, sizeof(ask));
	if (act->ask)
		act->ask(a, t, &ask);
	if (question)
		snprintf(ask.text, sizeof(ask.text), "%s", question);
	if (!ask.text[0])
		snprintf(ask.text, sizeof(ask.text), "%s?", act->name);
	if (!ask.cancelled[0])
		snprintf(ask.cancelled, sizeof(ask.cancelled), "%s cancelled", act->name);
	q->act = act;
	q->t = *t;
	snprintf(q->cancelled, sizeof(q->cancelled), "%s", ask.cancelled);
	ui_confirm_open(a, ask.text, ask.extra_key, ask.extra, confirm_answer, q);
}

/* asked: answered already, runs without asking again */
static bool run_checked(struct app *a, const struct action *act,
			const struct view_target *t, const char *question,
			bool asked, int answer)
{
	char why[512];
	if (refusal(a, act, t, why, sizeof(why))) {
		ui_status(a, true, "%s", why);
		return false;
	}
	if ((act->flags & ACT_CONFIRM) && !asked) {
		confirm(a, act, t, question);
		a->redraw = true;
		return true;
	}
	exec(a, act, t, answer);
	return true;
}

bool ui_action_run_on(struct app *a, const struct action *act,
		      const struct view_target *t)
{
	return run_checked(a, act, t, NULL, false, 0);
}

bool ui_action_run_asking(struct app *a, const struct action *act,
			  const struct view_target *t, const char *question)
{
	return run_checked(a, act, t, question, false, 0);
}

bool ui_action_run(struct app *a, const struct action *act)
{
	struct view_target t;
	ui_selection(a, &t);
	return ui_action_run_on(a, act, &t);
}
