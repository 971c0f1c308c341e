#include <config.h>
#include "ui/keymap.h"
#include "ui/actions.h"
#include "ui/script.h"
#include "ui/keys.h"
#include "common/util.h"

#define UI_FN_ENTER_ALIAS UI_FN(KEY_ENTER)

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
	{ "n", "snapshot-create" },
	{ NULL, NULL },
};

struct ui_keymap *ui_keymap_new(void)
{
	struct ui_keymap *m = xcalloc(1, sizeof(*m));
	char err[256];
	size_t i;
	for (i = 0; ui_default_bindings[i][0]; i++)
		if (ui_keymap_bind(m, ui_default_bindings[i][0],
				   ui_default_bindings[i][1], err, sizeof(err)) < 0) {
			/* a broken built-in table is a programming error */
			fprintf(stderr, "hvtop: %s\n", err);
			abort();
		}
	return m;
}

void ui_keymap_free(struct ui_keymap *m)
{
	if (!m)
		return;
	free(m->b);
	free(m);
}

int ui_keymap_bind(struct ui_keymap *m, const char *key, const char *action,
		   char *err, size_t errsz)
{
	const struct action *act = ui_action_find(action);
	struct ui_script *s;
	size_t i;
	int k;

	if (!act) {
		snprintf(err, errsz, "unknown action '%s'", action);
		return -1;
	}
	s = ui_script_parse(key, err, errsz);
	if (!s)
		return -1;
	if (s->n != 1 || s->steps[0].op != UI_SCRIPT_KEY) {
		snprintf(err, errsz, "'%s' is not one key", key);
		ui_script_free(s);
		return -1;
	}
	k = s->steps[0].key;
	ui_script_free(s);
	for (i = 0; i < m->n; i++)
		if (m->b[i].key == k) {
			m->b[i].act = act;
			return 0;
		}
	m->b = xrealloc(m->b, (m->n + 1) * sizeof(*m->b));
	m->b[m->n].key = k;
	m->b[m->n].act = act;
	m->n++;
	return 0;
}

const struct action *ui_keymap_lookup(const struct ui_keymap *m, int key)
{
	size_t i;
	if (key == '\r' || key == UI_FN_ENTER_ALIAS)
		key = '\n';
	for (i = 0; i < m->n; i++)
		if (m->b[i].key == key)
			return m->b[i].act;
	return NULL;
}

int ui_keymap_key_of(const struct ui_keymap *m, const struct action *act)
{
	size_t i;
	for (i = 0; i < m->n; i++)
		if (m->b[i].act == act)
			return m->b[i].key;
	return 0;
}
