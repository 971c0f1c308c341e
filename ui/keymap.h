/* Key bindings as data: the global table and each view's own (struct
 * view's keys), written as key-script key names ("<C-l>", "q") and parsed
 * by the same code that applies the user's config bindings.  A key is
 * looked up in the shown view's table first, then in the global one. */
#ifndef HVTOP_KEYMAP_H
#define HVTOP_KEYMAP_H

#include <stddef.h>

struct action;
struct view;

struct ui_binding {
	int key;
	const struct action *act;
	const struct view *view; /* whose table; NULL: the global one */
	const char *help;        /* what it does there, or NULL: act's help */
};

struct ui_keymap {
	struct ui_binding *b;
	size_t n;
};

/* A binding as the settings file gives it (ui/settings.c reads them). */
struct ui_config_bind {
	char *key;    /* key-script key name: "x", "<F5>", "<C-l>" */
	char *action; /* action name */
	int line;     /* where in file */
};

/* The default global bindings; NULL-terminated {key name, action name}. */
extern const char *const ui_default_bindings[][2];

/* The defaults: the global table and every view's. */
struct ui_keymap *ui_keymap_new(void);
void ui_keymap_free(struct ui_keymap *m);
/* Binds key (a key-script key name) to action, replacing the binding of
 * that key in the same table.  An action that only views' tables name
 * (snapshot-delete, job-cancel, back) is bound in those views' tables;
 * any other in the global one.  -1 with err for an unknown key or action. */
int ui_keymap_bind(struct ui_keymap *m, const char *key, const char *action,
		   char *err, size_t errsz);
/* the global table's action for key, or NULL */
const struct action *ui_keymap_lookup(const struct ui_keymap *m, int key);
/* view v's own table's action for key, or NULL */
const struct action *ui_keymap_lookup_view(const struct ui_keymap *m,
					   const struct view *v, int key);
/* The first key bound to action in the global table, or 0. */
int ui_keymap_key_of(const struct ui_keymap *m, const struct action *act);

/* The settings file's bindings: each a key, a known action, no key bound
 * to two actions.  -1 with "FILE:LINE: ..." (file NULL: "(config)"). */
int ui_keymap_check(const struct ui_config_bind *b, size_t n, const char *file,
		    char *err, size_t errsz);
/* Checks them and binds them over the defaults in m. */
int ui_keymap_apply(struct ui_keymap *m, const struct ui_config_bind *b,
		    size_t n, const char *file, char *err, size_t errsz);

#endif
