#include <config.h>
#include "ui/keymap.h"
#include "ui/actions.h"
#include "ui/script.h"
#include "ui/keys.h"
#include "views/view.h"
#include "common/util.h"

#define UI_FN_ENTER_ALIAS UI_FN(KEY_ENTER)

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const ui_default_bindings[][2] = {
	{ "q", "quit" },
	{ "<Space>", "refresh" },
	{ "<C-l>", "redraw" },
	{ "d", "delay" },
	{ "s", "delay" },
	{ "P", "sort-cpu" },
	{ "M", "sort-mem" },
	{ "T", "sort-time" },
	{ "W", "write-settings" },
	/* PRODUCT.md gives T to both sort-by-TIME (virt-top) and the next
	 * theme: virt-top's meaning keeps T, the theme takes t */
	{ "t", "next-theme" },
	{ "N", "sort-id" },
	{ "F", "sort-menu" },
	{ "I", "sort-invert" },
	{ "B", "io-units" },
	{ "C", "cpu-scale" },
	{ "$", "show-cost" },
	{ "f", "fields" },
	{ "/", "filter" },
	{ "<Esc>", "clear-filter" },
	{ "<Up>", "up" },
	{ "k", "up" },
	{ "<Down>", "down" },
	{ "j", "down" },
	{ "<PgUp>", "page-up" },
	{ "<PgDn>", "page-down" },
	{ "<Home>", "home" },
	{ "<End>", "end" },
	{ "<Enter>", "detail" },
	{ "h", "help" },
	{ "?", "help" },
	{ "<F1>", "help" },
	{ "L", "messages" },
	{ "a", "action-menu" },
	{ "<F2>", "action-menu" },
	{ "c", "create" },
	{ "u", "start" },
	{ "o", "shutdown" },
	{ "r", "reboot" },
	{ "p", "pause-resume" },
	{ "X", "destroy" },
	{ "D", "undefine" },
	{ "b", "balloon" },
	{ "e", "scheduling" },
	{ "n", "snapshot-create" },
	{ "m", "migrate" },
	{ NULL, NULL },
};

#define NOT_ONE_KEY (-2)

/* key code of a key-script key name; -1 with err, or NOT_ONE_KEY */
static int parse_key(const char *key, char *err, size_t errsz)
{
	struct ui_script *s = ui_script_parse(key, err, errsz);
	int k;
	if (!s)
		return -1;
	if (s->n != 1 || s->steps[0].op != UI_SCRIPT_KEY) {
		snprintf(err, errsz, "'%s' is not one key", key);
		ui_script_free(s);
		return NOT_ONE_KEY;
	}
	k = s->steps[0].key;
	ui_script_free(s);
	return k;
}

static void bind_code(struct ui_keymap *m, const struct view *v, int k,
		      const struct action *act, const char *help)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (m->b[i].key == k && m->b[i].view == v) {
			m->b[i].act = act;
			m->b[i].help = help;
			return;
		}
	m->b = xrealloc(m->b, (m->n + 1) * sizeof(*m->b));
	m->b[m->n].key = k;
	m->b[m->n].act = act;
	m->b[m->n].view = v;
	m->b[m->n].help = help;
	m->n++;
}

/* key bound to action in v's table (NULL: the global one) */
static int bind_in(struct ui_keymap *m, const struct view *v, const char *key,
		   const char *action, const char *help, char *err, size_t errsz)
{
	const struct action *act = ui_action_find(action);
	int k;
	if (!act) {
		snprintf(err, errsz, "unknown action '%s'", action);
		return -1;
	}
	k = parse_key(key, err, errsz);
	if (k < 0)
		return -1;
	bind_code(m, v, k, act, help);
	return 0;
}

struct ui_keymap *ui_keymap_new(void)
{
	struct ui_keymap *m = xcalloc(1, sizeof(*m));
	char err[256];
	size_t i, v;
	for (i = 0; ui_default_bindings[i][0]; i++)
		if (bind_in(m, NULL, ui_default_bindings[i][0],
			    ui_default_bindings[i][1], NULL, err, sizeof(err)) < 0)
			goto broken;
	for (v = 0; ui_views[v]; v++) {
		const struct view_key *k = ui_views[v]->keys;
		for (; k && k->key; k++)
			if (bind_in(m, ui_views[v], k->key, k->action, k->help,
				    err, sizeof(err)) < 0)
				goto broken;
	}
	return m;
broken:
	/* a broken built-in table is a programming error */
	fprintf(stderr, "hvtop: %s\n", err);
	abort();
}

void ui_keymap_free(struct ui_keymap *m)
{
	if (!m)
		return;
	free(m->b);
	free(m);
}

static bool bound_globally(const char *action)
{
	size_t i;
	for (i = 0; ui_default_bindings[i][0]; i++)
		if (strcmp(ui_default_bindings[i][1], action) == 0)
			return true;
	return false;
}

/* the first row of v's default table naming action, or NULL */
static const struct view_key *view_row(const struct view *v, const char *action)
{
	const struct view_key *k = v->keys;
	for (; k && k->key; k++)
		if (strcmp(k->action, action) == 0)
			return k;
	return NULL;
}

int ui_keymap_bind(struct ui_keymap *m, const char *key, const char *action,
		   char *err, size_t errsz)
{
	bool in_view = false;
	size_t v;
	if (bound_globally(action) || !ui_action_find(action))
		return bind_in(m, NULL, key, action, NULL, err, errsz);
	/* an action of views' own: the user's key does it where they do */
	for (v = 0; ui_views[v]; v++) {
		const struct view_key *row = view_row(ui_views[v], action);
		if (!row)
			continue;
		if (bind_in(m, ui_views[v], key, action, row->help, err, errsz) < 0)
			return -1;
		in_view = true;
	}
	return in_view ? 0 : bind_in(m, NULL, key, action, NULL, err, errsz);
}

static int enter_alias(int key)
{
	return key == '\r' || key == UI_FN_ENTER_ALIAS ? '\n' : key;
}

const struct action *ui_keymap_lookup_view(const struct ui_keymap *m,
					   const struct view *v, int key)
{
	size_t i;
	key = enter_alias(key);
	for (i = 0; v && i < m->n; i++)
		if (m->b[i].view == v && m->b[i].key == key)
			return m->b[i].act;
	return NULL;
}

const struct action *ui_keymap_lookup(const struct ui_keymap *m, int key)
{
	size_t i;
	key = enter_alias(key);
	for (i = 0; i < m->n; i++)
		if (!m->b[i].view && m->b[i].key == key)
			return m->b[i].act;
	return NULL;
}

int ui_keymap_key_of(const struct ui_keymap *m, const struct action *act)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (!m->b[i].view && m->b[i].act == act)
			return m->b[i].key;
	return 0;
}

/* --- the settings file's bindings ---------------------------------------- */


/* key code of b->key, or -1 with err */
static int bind_key(const char *file, const struct ui_config_bind *b,
		    char *err, size_t errsz)
{
	char e[256], pr[64];
	const char *why = e;
	int k = parse_key(b->key, e, sizeof(e));

	if (k >= 0)
		return k;
	if (k == NOT_ONE_KEY)
		snprintf(e, sizeof(e), "not one key");
	if (strncmp(why, "key script: ", 12) == 0)
		why += 12;
	snprintf(err, errsz, "%s:%d: key '%s': %s (names: x, <F5>, <C-l>, "
		 "<Space>, ... as in key scripts)", file, b->line,
		 fmt_printable(b->key, pr, sizeof(pr)), why);
	return -1;
}

int ui_keymap_check(const struct ui_config_bind *binds, size_t n,
		    const char *file, char *err, size_t errsz)
{
	char pr[64], pr2[64], al[2048];
	int *keys = xcalloc(n + 1, sizeof(*keys));
	size_t i, j;
	int r = -1;

	if (!file)
		file = "(config)";
	for (i = 0; i < n; i++) {
		const struct ui_config_bind *b = &binds[i];
		if (!ui_action_find(b->action)) {
			size_t len = 0, k;
			al[0] = '\0';
			for (k = 0; k < ui_nactions && len < sizeof(al); k++)
				len += (size_t)snprintf(al + len, sizeof(al) - len, "%s%s",
							k ? ", " : "", ui_actions[k].name);
			snprintf(err, errsz, "%s:%d: unknown action '%s' (allowed: %s)",
				 file, b->line,
				 fmt_printable(b->action, pr, sizeof(pr)), al);
			goto cleanup;
		}
		keys[i] = bind_key(file, b, err, errsz);
		if (keys[i] < 0)
			goto cleanup;
		for (j = 0; j < i; j++)
			if (keys[j] == keys[i] &&
			    strcmp(binds[j].action, b->action) != 0) {
				snprintf(err, errsz, "%s:%d: key '%s' is bound twice: to '%s' "
					 "(line %d) and to '%s'", file, b->line,
					 fmt_printable(b->key, pr, sizeof(pr)),
					 binds[j].action, binds[j].line,
					 fmt_printable(b->action, pr2, sizeof(pr2)));
				goto cleanup;
			}
	}
	r = 0;
cleanup:
	free(keys);
	return r;
}

int ui_keymap_apply(struct ui_keymap *m, const struct ui_config_bind *b,
		    size_t n, const char *file, char *err, size_t errsz)
{
	char e[512];
	size_t i;
	if (ui_keymap_check(b, n, file, err, errsz) < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (ui_keymap_bind(m, b[i].key, b[i].action, e, sizeof(e)) < 0) {
			snprintf(err, errsz, "%s:%d: %s", file ? file : "(config)",
				 b[i].line, e);
			return -1;
		}
	return 0;
}
