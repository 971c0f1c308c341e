/* Theme files without curses: the slot table, the theme search path and
 * the parser, giving plain colours and attribute bits.  ui/theme.c puts
 * them on the terminal; the theme fuzzer uses this alone. */
#ifndef HVTOP_THEME_FILE_H
#define HVTOP_THEME_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "views/slots.h"


/* a colour: -1 the terminal's default, 0..255 an xterm palette index, or
 * TH_RGB(r, g, b) mapped to the nearest the terminal has */
#define TH_RGB(r, g, b) (0x1000000 | ((r) << 16) | ((g) << 8) | (b))
#define TH_IS_RGB(c) ((c) >= 0x1000000)
/* the basic colours, numbered as curses numbers them */
enum {
	TH_C_BLACK, TH_C_RED, TH_C_GREEN, TH_C_YELLOW, TH_C_BLUE, TH_C_MAGENTA,
	TH_C_CYAN, TH_C_WHITE
};

/* attributes, as bits (curses' A_* in ui/theme.c) */
#define TH_A_NORMAL 0u
#define TH_A_BOLD (1u << 0)
#define TH_A_DIM (1u << 1)
#define TH_A_UNDERLINE (1u << 2)
#define TH_A_REVERSE (1u << 3)
#define TH_A_STANDOUT (1u << 4)
#define TH_A_BLINK (1u << 5)
#define TH_A_ITALIC (1u << 6)

/* The one table of slots: name in theme files, default colours and
 * attributes (the "default" theme), the mono rendering, and what it is. */
struct th_slot_def {
	const char *name;
	short fg, bg;
	unsigned attr;
	unsigned mono;
	const char *help;
};
extern const struct th_slot_def th_slots[TH_COUNT];

struct th_style {
	int fg, bg;
	unsigned attr;
};

/* a theme as parsed: every slot's colours and attributes */
struct th_theme {
	char name[4096]; /* PATH_MAX: a name may be a file path */
	struct th_style s[TH_COUNT];
};

/* t = the built-in default (or its mono column), named name */
void th_builtin(struct th_theme *t, const char *name, bool as_mono);
/* Finds the named theme (see ui/theme.h for where) and parses it into t,
 * over the default.  -1 with err "FILE:LINE: unknown slot 'x' (allowed:
 * ...)", "FILE:LINE: unknown colour 'y' (allowed: ...)", or "unknown theme
 * 'z' (allowed: ...)". */
int th_theme_load(const char *name, struct th_theme *t, char *err, size_t errsz);

/* Every theme that can be found (shipped, user, built-in), sorted by name
 * and without duplicates; NULL-terminated, free with th_list_free. */
char **th_list(void);
void th_list_free(char **names);

/* The slot table, for a help view and --help-config. */
const char *th_slot_name(enum th_slot slot);
const char *th_slot_help(enum th_slot slot);
/* Theme file format: slots, colours and attributes. */
void th_help(FILE *f);

#endif
