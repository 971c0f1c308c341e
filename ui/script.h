/* Key scripts (--keys, --keys-file): parsed fully before anything runs. */
#ifndef HVTOP_SCRIPT_H
#define HVTOP_SCRIPT_H

#include <stddef.h>

enum ui_script_op {
	UI_SCRIPT_KEY,  /* press key */
	UI_SCRIPT_WAIT, /* pause ms milliseconds */
	UI_SCRIPT_SYNC, /* wait for the next completed refresh */
};

struct ui_script_step {
	enum ui_script_op op;
	int key; /* ui/keys.h encoding, for UI_SCRIPT_KEY */
	int ms;  /* for UI_SCRIPT_WAIT */
};

struct ui_script {
	struct ui_script_step *steps;
	size_t n;
	size_t pos; /* next step to play (the app advances it) */
};

/* NULL on a malformed script, with err set to e.g.
 * "key script: position 7: unknown key name <Ennter>". */
struct ui_script *ui_script_parse(const char *text, char *err, size_t errsz);
/* Reads the file and parses it; errors name the file. */
struct ui_script *ui_script_load(const char *path, char *err, size_t errsz);
void ui_script_free(struct ui_script *s);
/* "<Enter>" for UI_KEY_ENTER, "a" for 'a', "<C-l>" ...; for help and
 * messages.  Returns buf. */
char *ui_key_name(int key, char *buf, size_t n);

#endif
