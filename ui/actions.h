/* Actions: the table (ui_actions[], in ui/action_table.c) is the only
 * place an action is declared, and ui/actions.c runs them.  Keys bind to
 * action names (ui/keymap.c); the help view and the action menu are
 * generated from the table.  Each row says what the action acts on
 * (target) and whether it asks first (ACT_CONFIRM, with its question);
 * ui_action_run resolves the target from the view shown, refuses what is
 * not selected there, and asks the one confirmation. */
#ifndef HVTOP_ACTIONS_H
#define HVTOP_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include "views/view.h"

struct app;

#define ACT_MUTATES      (1u << 1) /* changes something: not with -r */
#define ACT_CONFIRM      (1u << 2) /* asks first: y, n / Esc (row's ask) */
#define ACT_MENU         (1u << 3) /* listed in the action menu (a, F2) */

/* valid_states: bit (1 << state) per enum be_state; 0 means any */
#define ACT_ST(s) (1u << (s))

/* The question of a confirming action, written by its row's ask(). */
struct act_ask {
	char text[768];      /* "Destroy 'vm1' (force off...)?" */
	char cancelled[320]; /* the status when answered n or Esc */
	int extra_key;       /* 0, or a third answer beside y and n */
	char extra[128];     /* what that answer does */
};

struct action {
	const char *name; /* also the name used for key bindings */
	const char *help;
	unsigned flags;
	unsigned valid_states; /* of the target's domain */
	/* an action about nothing in particular */
	void (*exec)(struct app *a);
	/* what it acts on: a view must have it selected */
	enum view_target_kind target;
	/* an action with a target (or that reads the selection, target
	 * VT_NONE): t is what was selected when its key was pressed; answer
	 * is 'y' or the ask's extra_key for a confirming one, else 0 */
	void (*exec_on)(struct app *a, const struct view_target *t, int answer);
	/* ACT_CONFIRM: writes the question about t */
	void (*ask)(const struct app *a, const struct view_target *t,
		    struct act_ask *q);
};

extern const struct action ui_actions[];
extern const size_t ui_nactions;

const struct action *ui_action_find(const char *name);
/* What the view shown has selected. */
void ui_selection(const struct app *a, struct view_target *t);
/* Runs act on the view's selection if allowed (read-only, target kind
 * selected, valid state), asking first if it confirms; otherwise says
 * why in the status line.  Returns true if it ran or asks. */
bool ui_action_run(struct app *a, const struct action *act);
/* The same on a given target (a dialog's, a job follow-up's). */
bool ui_action_run_on(struct app *a, const struct action *act,
		      const struct view_target *t);
/* The same, a confirming act asking question instead of its row's (a
 * follow-up offer: "'vm1' did not power off in 120 s. Destroy it?"). */
bool ui_action_run_asking(struct app *a, const struct action *act,
			  const struct view_target *t, const char *question);
/* Whether act applies to the selection now (for menus). */
bool ui_action_valid(const struct app *a, const struct action *act);

#endif
