/* The action table: the only place an action is declared.  Keys bind to
 * action names (ui/keymap.c); the help view and the action menu are
 * generated from this table. */
#ifndef HVTOP_ACTIONS_H
#define HVTOP_ACTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct app;

#define ACT_NEEDS_DOMAIN (1u << 0) /* acts on the selected domain */
#define ACT_MUTATES      (1u << 1) /* changes something: not with -r */
#define ACT_DESTRUCTIVE  (1u << 2) /* asks y/n first */
#define ACT_MENU         (1u << 3) /* listed in the action menu (a, F2) */

/* valid_states: bit (1 << state) per enum be_state; 0 means any */
#define ACT_ST(s) (1u << (s))

struct action {
	const char *name; /* also the name used for key bindings */
	const char *help;
	unsigned flags;
	unsigned valid_states;
	void (*exec)(struct app *a);
};

extern const struct action ui_actions[];
extern const size_t ui_nactions;

const struct action *ui_action_find(const char *name);
/* Runs it if allowed (read-only, needs a domain, valid state); otherwise
 * says why in the status line.  Returns true if it ran. */
bool ui_action_run(struct app *a, const struct action *act);
/* Whether act applies to the selected domain now (for menus). */
bool ui_action_valid(const struct app *a, const struct action *act);

#endif
