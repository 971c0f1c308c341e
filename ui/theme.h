/* Colours by meaning.  One table in theme_file.c holds each slot's name (as used
 * in theme files), its default colours and attributes, and its rendering
 * without colours.  Theme files (libconfig) override slots:
 *
 *   name = "light";
 *   slots = {
 *     header = { fg = "blue"; bg = "default"; attrs = ["bold"]; };
 *   };
 *
 * Themes are looked up by name, first match wins:
 *   1. $XDG_CONFIG_HOME/hvtop/themes/NAME.conf (~/.config when unset)
 *   2. $HVTOP_THEME_DIR/NAME.conf, when that is set (the source tree's
 *      themes/ for tests and uninstalled runs)
 *   3. HVTOP_DATADIR/themes/NAME.conf (the installed, shipped themes)
 *   4. built in: "default" (the slot table) and "mono" (its mono column)
 * A name containing '/' is a file path. */
#ifndef HVTOP_THEME_H
#define HVTOP_THEME_H

#include <stddef.h>
#include <stdio.h>
#include <curses.h>
#include "ui/theme_file.h"
#include "views/attr.h"

/* Parses and validates the named theme and keeps it for th_init/th_apply.
 * Needs no terminal (use it to refuse a bad theme before initscr).
 * -1 with err "FILE:LINE: unknown slot 'x' (allowed: ...)", "FILE:LINE:
 * unknown colour 'y' (allowed: ...)", or "unknown theme 'z' (allowed: ...)". */
int th_load(const char *name, char *err, size_t errsz);

/* After initscr: sets up colour pairs for the named theme (NULL: the one
 * th_load kept, else "default").  Mono when NO_COLOR is set or the terminal
 * has no colours; bright and 256-colour values are mapped to the 8 basic
 * colours on terminals with fewer than 16.  -1 if the theme cannot be
 * loaded: the built-in default is used instead. */
int th_init(const char *name);

/* Live switch after th_init: re-initialises the colour pairs; the caller
 * redraws the whole screen.  -1 with err (the old theme stays). */
int th_apply(const char *name, char *err, size_t errsz);

/* The theme in use (as named, even when rendered mono), and whether colours
 * are off (NO_COLOR, no colour terminal, or no th_init yet). */
const char *th_current(void);
int th_is_mono(void);

/* The theme after current in th_list order (wrapping); for the T key.
 * Points to a static buffer valid until the next call. */
const char *th_next(const char *current);
/* T: applies the theme after the current one, skipping ones that fail to
 * load (the first failure is left in err).  The name applied, or NULL if
 * none could be (the old theme stays). */
const char *th_apply_next(char *err, size_t errsz);


#endif
