/* Help: generated from the key table, the action table and the views. */
#include <config.h>
#include "views/view.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/script.h"
#include "ui/theme.h"

#include <stdio.h>
#include <string.h>

/* all keys bound to act, "P" or "<Up> k" */
static void keys_of(const struct app *a, const struct action *act, char *buf,
		    size_t n)
{
	size_t i, len = 0;
	buf[0] = '\0';
	for (i = 0; i < a->keymap->n; i++) {
		char name[32];
		if (a->keymap->b[i].act != act)
			continue;
		ui_key_name(a->keymap->b[i].key, name, sizeof(name));
		len += (size_t)snprintf(buf + len, n > len ? n - len : 0, "%s%s",
					len ? " " : "", name);
		if (len >= n)
			break;
	}
}

/* -r: what would change something is neither shown nor run */
static const struct action *shown_action(const struct app *a, size_t k)
{
	size_t i;
	for (i = 0; i < ui_nactions; i++) {
		if ((ui_actions[i].flags & ACT_MUTATES) && a->readonly)
			continue;
		if (k-- == 0)
			return &ui_actions[i];
	}
	return NULL;
}

static void help_draw(struct app *a, WINDOW *w, int y0, int h)
{
	char line[512], keys[128];
	size_t nv;
	int y;

	for (nv = 0; ui_views[nv]; nv++)
		;
	/* views first, then each action with its keys */
	for (y = 0; y < h; y++) {
		int idx = y + a->scroll;
		line[0] = '\0';
		if (idx == 0) {
			wattrset(w, th_attr(TH_COLHEAD));
			snprintf(line, sizeof(line), "hvtop help  (Esc or h: back; arrows scroll)%s",
				 a->readonly ? "  read-only (-r): no action that changes anything" : "");
		} else if (idx >= 1 && (size_t)idx < 1 + nv) {
			size_t k = (size_t)idx - 1;
			wattrset(w, A_NORMAL);
			if (k < nv) {
				const struct view *v = ui_views[k];
				char kn[32] = "";
				if (v->key)
					ui_key_name(v->key, kn, sizeof(kn));
				else if (v == &view_detail)
					snprintf(kn, sizeof(kn), "<Enter>");
				else if (v == &view_log)
					snprintf(kn, sizeof(kn), "L");
				else
					snprintf(kn, sizeof(kn), "h ?");
				snprintf(line, sizeof(line), "  %-14s view: %s", kn, v->title);
			}
		} else {
			const struct action *act = shown_action(a, (size_t)idx - 1 - nv);
			wattrset(w, A_NORMAL);
			if (act) {
				keys_of(a, act, keys, sizeof(keys));
				snprintf(line, sizeof(line), "  %-14s %-16s %s", keys[0] ? keys : "-",
					 act->name, act->help);
			}
		}
		ui_draw_text(a, w, y0 + y, 0, a->cols, line, false);
	}
	wattrset(w, A_NORMAL);
}

static int help_key(struct app *a, int key)
{
	switch (key) {
	case UI_FN(KEY_DOWN): case 'j':
		a->scroll++;
		return UI_HANDLED;
	case UI_FN(KEY_UP): case 'k':
		if (a->scroll > 0)
			a->scroll--;
		return UI_HANDLED;
	case UI_KEY_ESC: case 'h': case '?':
		a->scroll = 0;
		ui_set_view(a, a->back_view ? a->back_view : &view_domains);
		return UI_HANDLED;
	default:
		return UI_UNHANDLED;
	}
}

const struct view view_help = {
	.name = "help",
	.title = "keys and views (this screen)",
	.key = 0,
	.needs = 0,
	.draw = help_draw,
	.key_fn = help_key,
	.needs_fn = NULL,
};
