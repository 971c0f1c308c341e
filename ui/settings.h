/* The configuration file (libconfig): one table of settings in settings.c
 * drives defaults, loading and validation, writing (W) and --help-config.
 *
 *   delay = 2.0;
 *   sort = "mem";
 *   columns = [ "host", "steal" ];
 *   keys = { x = "quit"; };                 # key = "action"
 *   bind = ( [ "<F5>", "refresh" ] );        # for keys no setting name fits
 */
#ifndef HVTOP_SETTINGS_H
#define HVTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include "views/state.h"
#include "ui/keymap.h"


/* one per setting; bit (1u << id) of ui_config.given */
enum ui_cfg_id {
	CFG_CONNECTIONS, CFG_DELAY, CFG_SORT, CFG_SORT_REVERSE, CFG_START_VIEW,
	CFG_COLUMNS, CFG_CPU_SCALE, CFG_IO_UNITS, CFG_SHOW_COST, CFG_THEME,
	CFG_HISTORY,
	CFG_ACCEL, CFG_DEMO_SIZE, CFG_KEYS, CFG_BIND,
	CFG_COUNT
};
#define CFG_GIVEN(cfg, id) (((cfg)->given >> (id)) & 1u)

struct ui_config {
	struct ui_settings set;
	char **connections;
	size_t nconnections;
	char accel[8];     /* "auto", "kvm" or "tcg" */
	int demo_size;
	struct ui_config_bind *binds; /* in file order: keys {}, then bind () */
	size_t nbinds;
	unsigned given;  /* settings present in the file, by enum ui_cfg_id */
	char *file;      /* the file loaded, for messages; NULL if none */
};

/* The table's defaults. */
void ui_config_defaults(struct ui_settings *set);
/* cfg = the defaults, nothing given, nothing allocated. */
void ui_config_init(struct ui_config *cfg);
void ui_config_free(struct ui_config *cfg);

/* Loads path into cfg (need not be initialised; ui_config_free it in any
 * case).  0: loaded; 1: path does not exist and missing_ok (cfg holds the
 * defaults); -1: error in err, "FILE:LINE: what is wrong (allowed: ...)",
 * cfg holds the defaults.  Unknown settings are passed to warn (may be
 * NULL) as "FILE:LINE: unknown setting 'x' (ignored)".  Key bindings are
 * checked here too: unknown action, a key that is not one key, one key
 * bound to two actions. */
int ui_config_load(const char *path, struct ui_config *cfg, bool missing_ok,
		   char *err, size_t errsz, void (*warn)(const char *msg));

/* cfg's bindings are applied by ui_keymap_apply (ui/keymap.h). */

/* Writes every setting of set (connections, accelerator, demo size and key
 * bindings from orig, which may be NULL) to path, atomically: a temporary
 * file in the same directory, fsync, rename.  Creates the directory (0700)
 * if needed; follows a symlinked file.  -1 with err. */
int ui_config_write(const char *path, const struct ui_settings *set,
		    const struct ui_config *orig, char *err, size_t errsz);

/* --help-config: every setting with type, default, allowed values, help. */
void ui_config_help(FILE *f);

#endif
