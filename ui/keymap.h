/* Key bindings as data: default bindings are written as key-script key
 * names ("<C-l>", "q") and parsed by the same code that reads the user's
 * config bindings. */
#ifndef HVTOP_KEYMAP_H
#define HVTOP_KEYMAP_H

#include <stddef.h>

struct action;

struct ui_binding {
	int key;
	const struct action *act;
};

struct ui_keymap {
	struct ui_binding *b;
	size_t n;
};

/* The default bindings; NULL-terminated {key name, action name}. */
extern const char *const ui_default_bindings[][2];

struct ui_keymap *ui_keymap_new(void);
void ui_keymap_free(struct ui_keymap *m);
/* Binds key (a key-script key name) to action; replaces an existing
 * binding of that key.  -1 with err set for an unknown key or action. */
int ui_keymap_bind(struct ui_keymap *m, const char *key, const char *action,
		   char *err, size_t errsz);
const struct action *ui_keymap_lookup(const struct ui_keymap *m, int key);
/* The first key bound to action, or 0. */
int ui_keymap_key_of(const struct ui_keymap *m, const struct action *act);

#endif
