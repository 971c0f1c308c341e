/* The help's text, generated from the key tables, the action table and
 * the views' registry; views/help.c shows it through a->help_line. */
#include <config.h>
#include "ui/help.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/script.h"
#include "views/view.h"

#include <stdio.h>
#include <string.h>

/* all keys bound to act in v's table (NULL: the global one), "P" or
 * "<Up> k"; with help, only the rows that say help */
static void keys_of(const struct app *a, const struct view *v,
		    const struct action *act, const char *help, char *buf, size_t n)
{
	size_t i, len = 0;
	buf[0] = '\0';
	for (i = 0; i < a->keymap->n; i++) {
		const struct ui_binding *b = &a->keymap->b[i];
		char name[32];
		if (b->act != act || b->view != v ||
		    (help && (!b->help || strcmp(b->help, help) != 0)))
			continue;
		ui_key_name(b->key, name, sizeof(name));
		len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "%s%s",
					len ? " " : "", name);
		if (len >= n)
			break;
	}
}

/* -r: what would change something is neither shown nor run */
static bool hidden(const struct app *a, const struct action *act)
{
	return (act->flags & ACT_MUTATES) && a->readonly;
}

/* The help's lines, one at a time: line idx into buf; false past the end.
 * First the keys of the view help was opened from (its own table, each
 * action and help once), then the views, then every global action. */
bool ui_help_line(const struct app *a, int idx, char *line, size_t n,
		  bool *head)
{
	const struct view *from = a->prev_view;
	char keys[128];
	size_t i, nv;
	bool any = false;

	*head = false;
	line[0] = '\0';
	if (idx-- == 0) {
		*head = true;
		snprintf(line, n, "hvtop help  (Esc or h: back; arrows scroll)%s",
			 a->readonly ? "  read-only (-r): no action that changes anything" : "");
		return true;
	}
	for (i = 0; from && from->keys && i < a->keymap->n; i++) {
		const struct ui_binding *b = &a->keymap->b[i];
		size_t j;
		if (b->view != from || hidden(a, b->act))
			continue;
		/* once per action and help: the first of its keys says it */
		for (j = 0; j < i; j++)
			if (a->keymap->b[j].view == from && a->keymap->b[j].act == b->act &&
			    (a->keymap->b[j].help == b->help ||
			     (b->help && a->keymap->b[j].help &&
			      strcmp(a->keymap->b[j].help, b->help) == 0)))
				break;
		if (j < i)
			continue;
		if (!any) {
			any = true;
			if (idx-- == 0) {
				*head = true;
				snprintf(line, n, "in view %s:", from->name);
				return true;
			}
		}
		if (idx-- == 0) {
			keys_of(a, from, b->act, b->help, keys, sizeof(keys));
			snprintf(line, n, "  %-14s %-16s %s", keys, b->act->name,
				 b->help ? b->help : b->act->help);
			return true;
		}
	}
	for (nv = 0; ui_views[nv]; nv++)
		;
	if ((size_t)idx < nv) {
		const struct view *v = ui_views[idx];
		char kn[64] = "";
		if (v->key) {
			ui_key_name(v->key, kn, sizeof(kn));
		} else {
			/* an overlay opens by the action of its name */
			const struct action *act = ui_action_find(v->name);
			if (act)
				keys_of(a, NULL, act, NULL, kn, sizeof(kn));
		}
		snprintf(line, n, "  %-14s view: %s", kn, v->title);
		return true;
	}
	idx -= (int)nv;
	for (i = 0; i < ui_nactions; i++) {
		if (hidden(a, &ui_actions[i]))
			continue;
		if (idx-- == 0) {
			keys_of(a, NULL, &ui_actions[i], NULL, keys, sizeof(keys));
			snprintf(line, n, "  %-14s %-16s %s", keys[0] ? keys : "-",
				 ui_actions[i].name, ui_actions[i].help);
			return true;
		}
	}
	return false;
}

