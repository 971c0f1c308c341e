/* Theme slots on the terminal: colour pairs and attributes made from a
 * theme that ui/theme_file.c found and parsed. */
#include <config.h>
#include "ui/theme.h"
#include "ui/theme_file.h"
#include "backend/model.h"
#include "common/util.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* the file's attribute bits as curses has them */
static attr_t curses_attr(unsigned a)
{
	static const struct { unsigned bit; attr_t attr; } map[] = {
		{ TH_A_BOLD, A_BOLD }, { TH_A_DIM, A_DIM },
		{ TH_A_UNDERLINE, A_UNDERLINE }, { TH_A_REVERSE, A_REVERSE },
		{ TH_A_STANDOUT, A_STANDOUT }, { TH_A_BLINK, A_BLINK },
		{ TH_A_ITALIC, A_ITALIC },
	};
	attr_t r = A_NORMAL;
	size_t i;
	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (a & map[i].bit)
			r |= map[i].attr;
	return r;
}

/* the table's basic colours are curses' */
_Static_assert(TH_C_BLACK == COLOR_BLACK && TH_C_RED == COLOR_RED &&
	       TH_C_GREEN == COLOR_GREEN && TH_C_YELLOW == COLOR_YELLOW &&
	       TH_C_BLUE == COLOR_BLUE && TH_C_MAGENTA == COLOR_MAGENTA &&
	       TH_C_CYAN == COLOR_CYAN && TH_C_WHITE == COLOR_WHITE,
	       "theme colours 0..7 are curses' COLOR_*");

/* xterm's default palette for 0..15 */
static const unsigned char basic_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

/* the theme th_load kept, and what th_init/th_apply made of it */
static struct th_theme loaded;
static bool loaded_ok;
static char current[PATH_MAX] = "default";
static bool inited, mono = true, default_colours;

static long dist2(const unsigned char *a, int r, int g, int b)
{
	long dr = a[0] - r, dg = a[1] - g, db = a[2] - b;
	return dr * dr + dg * dg + db * db;
}

static void index_rgb(int i, int *r, int *g, int *b)
{
	static const int level[6] = { 0, 95, 135, 175, 215, 255 };
	if (i < 16) {
		*r = basic_rgb[i][0];
		*g = basic_rgb[i][1];
		*b = basic_rgb[i][2];
	} else if (i < 232) {
		i -= 16;
		*r = level[i / 36];
		*g = level[(i / 6) % 6];
		*b = level[i % 6];
	} else {
		*r = *g = *b = 8 + 10 * (i - 232);
	}
}

static int nearest(int r, int g, int b, int from, int to)
{
	int i, best = from;
	long bd = -1;
	for (i = from; i < to; i++) {
		int ir, ig, ib;
		unsigned char c[3];
		long d;
		index_rgb(i, &ir, &ig, &ib);
		c[0] = (unsigned char)ir;
		c[1] = (unsigned char)ig;
		c[2] = (unsigned char)ib;
		d = dist2(c, r, g, b);
		if (bd < 0 || d < bd) {
			bd = d;
			best = i;
		}
	}
	return best;
}

/* a theme colour as the terminal can show it; bright colours on
 * 8-colour terminals become the basic one, bold in the foreground */
static short resolve(int c, bool fg, attr_t *extra)
{
	/* more than 256 is direct colour, where only 0..7 are palette
	 * indices: treat it as 8 */
	int ncol = COLORS == 256 ? 256 : COLORS >= 16 && COLORS < 256 ? 16 : 8;
	int r, g, b;

	if (c < 0)
		return default_colours ? -1 : fg ? COLOR_WHITE : COLOR_BLACK;
	if (TH_IS_RGB(c)) {
		r = (c >> 16) & 0xff;
		g = (c >> 8) & 0xff;
		b = c & 0xff;
		/* the cube and the greys: 0..15 vary with the terminal's palette */
		c = ncol == 256 ? nearest(r, g, b, 16, 256) : nearest(r, g, b, 0, 16);
	}
	if (c < ncol)
		return (short)c;
	if (c >= 16) {
		index_rgb(c, &r, &g, &b);
		c = nearest(r, g, b, 0, ncol);
	}
	if (c >= 8 && ncol == 8) {
		c -= 8;
		if (fg)
			*extra |= A_BOLD;
	}
	return (short)c;
}

static void apply(const struct th_theme *t)
{
	int i;
	for (i = 0; i < TH_COUNT; i++) {
		attr_t extra = 0;
		short fg, bg;
		if (mono || COLOR_PAIRS <= i + 1) {
			th_set_attr((enum th_slot)i, curses_attr(th_slots[i].mono));
			continue;
		}
		fg = resolve(t->s[i].fg, true, &extra);
		bg = resolve(t->s[i].bg, false, &extra);
		init_pair((short)(i + 1), fg, bg);
		th_set_attr((enum th_slot)i, COLOR_PAIR(i + 1) | curses_attr(t->s[i].attr) | extra);
	}
	snprintf(current, sizeof(current), "%s", t->name);
}

int th_init(const char *name)
{
	const char *nc = getenv("NO_COLOR");
	char err[1024];
	int r = 0;

	if (!name)
		name = loaded_ok ? loaded.name : "default";
	if (!loaded_ok || strcmp(loaded.name, name) != 0) {
		if (th_load(name, err, sizeof(err)) < 0) {
			th_builtin(&loaded, "default", false);
			loaded_ok = true;
			r = -1;
		}
	}
	mono = (nc && *nc) || !has_colors() || start_color() == ERR;
	default_colours = !mono && use_default_colors() == OK;
	inited = true;
	apply(&loaded);
	return r;
}

int th_apply(const char *name, char *err, size_t errsz)
{
	struct th_theme old;
	bool had = loaded_ok;

	old = loaded;
	if (th_load(name, err, errsz) < 0) {
		loaded = old;
		loaded_ok = had;
		return -1;
	}
	if (inited)
		apply(&loaded);
	else
		snprintf(current, sizeof(current), "%s", loaded.name);
	return 0;
}

const char *th_next(const char *cur)
{
	static char buf[64];
	char **names = th_list();
	size_t i, n;

	for (n = 0; names[n]; n++)
		;
	for (i = 0; i < n; i++)
		if (cur && strcmp(names[i], cur) == 0)
			break;
	buf[0] = '\0';
	if (n) /* never 0: default and mono are built in */
		snprintf(buf, sizeof(buf), "%s", names[i < n ? (i + 1) % n : 0]);
	th_list_free(names);
	return buf;
}

const char *th_apply_next(char *err, size_t errsz)
{
	char name[64], first[64], e[1024];
	int tries;

	first[0] = '\0';
	err[0] = '\0';
	for (tries = 0; tries < 256; tries++) {
		snprintf(name, sizeof(name), "%s", th_next(tries ? name : th_current()));
		if (strcmp(name, first) == 0)
			break; /* went round */
		if (!first[0])
			snprintf(first, sizeof(first), "%s", name);
		if (th_apply(name, e, sizeof(e)) == 0)
			return th_current();
		if (!err[0])
			snprintf(err, errsz, "%s", e);
	}
	return NULL;
}


const char *th_current(void)
{
	return current;
}

int th_is_mono(void)
{
	return mono;
}

int th_load(const char *name, char *err, size_t errsz)
{
	static struct th_theme t; /* large: not on the stack */

	if (th_theme_load(name, &t, err, errsz) < 0)
		return -1;
	loaded = t;
	loaded_ok = true;
	return 0;
}
