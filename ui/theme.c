#include <config.h>
#include "ui/theme.h"
#include "ui/config.h"
#include "backend/model.h"
#include "common/util.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>

/* a colour: -1 the terminal's default, 0..255 an xterm palette index, or
 * TH_RGB(r, g, b) mapped to the nearest the terminal has */
#define TH_RGB(r, g, b) (0x1000000 | ((r) << 16) | ((g) << 8) | (b))
#define TH_IS_RGB(c) ((c) >= 0x1000000)

/* The one table of slots: name in theme files, default colours and
 * attributes (the "default" theme), the mono rendering, and what it is. */
struct th_slot_def {
	const char *name;
	short fg, bg;
	attr_t attr;
	attr_t mono;
	const char *help;
};

static const struct th_slot_def slots[TH_COUNT] = {
	[TH_NORMAL] = { .name = "normal", .fg = -1, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "plain text" },
	[TH_HEADER] = { .name = "header", .fg = COLOR_CYAN, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "the summary lines on top" },
	[TH_COLHEAD] = { .name = "column-head", .fg = COLOR_BLACK, .bg = COLOR_GREEN,
		.attr = A_NORMAL, .mono = A_REVERSE,
		.help = "column titles" },
	[TH_SELECTION] = { .name = "selection", .fg = COLOR_BLACK, .bg = COLOR_CYAN,
		.attr = A_NORMAL, .mono = A_REVERSE | A_BOLD,
		.help = "the selected row" },
	[TH_RUNNING] = { .name = "running", .fg = COLOR_GREEN, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "running domains" },
	[TH_PAUSED] = { .name = "paused", .fg = COLOR_YELLOW, .bg = -1,
		.attr = A_NORMAL, .mono = A_BOLD,
		.help = "paused or suspended domains" },
	[TH_SHUTOFF] = { .name = "shutoff", .fg = -1, .bg = -1,
		.attr = A_DIM, .mono = A_DIM,
		.help = "inactive domains" },
	[TH_CRASHED] = { .name = "crashed", .fg = COLOR_RED, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD,
		.help = "crashed domains" },
	[TH_OTHER] = { .name = "other-state", .fg = COLOR_MAGENTA, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "domains in other states" },
	[TH_STATUS] = { .name = "status", .fg = -1, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD,
		.help = "the status line" },
	[TH_WARNING] = { .name = "warning", .fg = COLOR_YELLOW, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD,
		.help = "warnings, questions" },
	[TH_ERROR] = { .name = "error", .fg = COLOR_WHITE, .bg = COLOR_RED,
		.attr = A_BOLD, .mono = A_REVERSE | A_BOLD,
		.help = "errors" },
	[TH_DIM] = { .name = "dim", .fg = -1, .bg = -1,
		.attr = A_DIM, .mono = A_DIM,
		.help = "not live: disconnected, unknown" },
	[TH_GRAPH_LOW] = { .name = "graph-low", .fg = COLOR_GREEN, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "graphs and bars, low values" },
	[TH_GRAPH_MID] = { .name = "graph-mid", .fg = COLOR_YELLOW, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "graphs and bars, middle values" },
	[TH_GRAPH_HIGH] = { .name = "graph-high", .fg = COLOR_RED, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD,
		.help = "graphs and bars, high values" },
	[TH_VM0] = { .name = "vm0", .fg = COLOR_RED, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD,
		.help = "time slices: the 1st VM (and 9th, ...)" },
	[TH_VM1] = { .name = "vm1", .fg = COLOR_GREEN, .bg = -1,
		.attr = A_BOLD, .mono = A_NORMAL,
		.help = "time slices: the 2nd VM" },
	[TH_VM2] = { .name = "vm2", .fg = COLOR_YELLOW, .bg = -1,
		.attr = A_BOLD, .mono = A_UNDERLINE,
		.help = "time slices: the 3rd VM" },
	[TH_VM3] = { .name = "vm3", .fg = COLOR_BLUE, .bg = -1,
		.attr = A_BOLD, .mono = A_REVERSE,
		.help = "time slices: the 4th VM" },
	[TH_VM4] = { .name = "vm4", .fg = COLOR_MAGENTA, .bg = -1,
		.attr = A_BOLD, .mono = A_BOLD | A_UNDERLINE,
		.help = "time slices: the 5th VM" },
	[TH_VM5] = { .name = "vm5", .fg = COLOR_CYAN, .bg = -1,
		.attr = A_BOLD, .mono = A_DIM,
		.help = "time slices: the 6th VM" },
	[TH_VM6] = { .name = "vm6", .fg = COLOR_WHITE, .bg = -1,
		.attr = A_BOLD, .mono = A_NORMAL,
		.help = "time slices: the 7th VM" },
	[TH_VM7] = { .name = "vm7", .fg = COLOR_RED, .bg = -1,
		.attr = A_NORMAL, .mono = A_UNDERLINE,
		.help = "time slices: the 8th VM" },
	[TH_IDLE] = { .name = "idle", .fg = -1, .bg = -1,
		.attr = A_DIM, .mono = A_DIM,
		.help = "time slices: a CPU running no vCPU" },
	[TH_HOST_SEEN] = { .name = "host-seen", .fg = COLOR_CYAN, .bg = -1,
		.attr = A_NORMAL, .mono = A_NORMAL,
		.help = "detail: numbers the hypervisor measures" },
	[TH_GUEST_REPORTED] = { .name = "guest-reported", .fg = COLOR_MAGENTA, .bg = -1,
		.attr = A_NORMAL, .mono = A_UNDERLINE,
		.help = "detail: numbers the guest reports" },
	[TH_BAR] = { .name = "bar", .fg = COLOR_BLACK, .bg = COLOR_BLUE,
		.attr = A_NORMAL, .mono = A_REVERSE,
		.help = "progress bars" },
};

static const char *const colour_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};
#define COLOURS_ALLOWED "default, black, red, green, yellow, blue, magenta, " \
	"cyan, white, bright-black ... bright-white, 0 to 255, \"#rrggbb\""

static const struct { const char *name; attr_t attr; } attr_names[] = {
	{ "normal", A_NORMAL }, { "bold", A_BOLD }, { "dim", A_DIM },
	{ "underline", A_UNDERLINE }, { "reverse", A_REVERSE },
	{ "standout", A_STANDOUT }, { "blink", A_BLINK }, { "italic", A_ITALIC },
};
#define ATTRS_ALLOWED "normal, bold, dim, underline, reverse, standout, " \
	"blink, italic"

/* xterm's default palette for 0..15 */
static const unsigned char basic_rgb[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

struct th_style {
	int fg, bg;
	attr_t attr;
};

struct th_theme {
	char name[PATH_MAX];
	struct th_style s[TH_COUNT];
};

/* the theme th_load kept, and what th_init/th_apply made of it */
static struct th_theme loaded;
static bool loaded_ok;
static attr_t attrs[TH_COUNT];
static char current[PATH_MAX] = "default";
static bool inited, mono = true, default_colours;

static void builtin(struct th_theme *t, const char *name, bool as_mono)
{
	int i;
	snprintf(t->name, sizeof(t->name), "%s", name);
	for (i = 0; i < TH_COUNT; i++) {
		t->s[i].fg = as_mono ? -1 : slots[i].fg;
		t->s[i].bg = as_mono ? -1 : slots[i].bg;
		t->s[i].attr = as_mono ? slots[i].mono : slots[i].attr;
	}
}

static bool valid_name(const char *n)
{
	size_t i, len = strlen(n);
	if (len == 0 || len > 63 || n[0] == '.' || n[0] == '-')
		return false;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)n[i]) && !strchr("._-", n[i]))
			return false;
	return true;
}

/* theme directories, most specific first */
static size_t theme_dirs(char dirs[3][PATH_MAX])
{
	const char *env = getenv("HVTOP_THEME_DIR");
	size_t n = 0;
	if (ui_config_dir(dirs[n], PATH_MAX - 8) == 0) {
		strcat(dirs[n], "/themes");
		n++;
	}
	if (env && *env && strlen(env) < PATH_MAX)
		snprintf(dirs[n++], PATH_MAX, "%s", env);
	snprintf(dirs[n++], PATH_MAX, "%s", HVTOP_DATADIR "/themes");
	return n;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **th_list(void)
{
	char dirs[3][PATH_MAX];
	size_t nd = theme_dirs(dirs), i, n = 0, cap = 8, j;
	char **v = xcalloc(cap, sizeof(*v));

	v[n++] = xstrdup("default");
	v[n++] = xstrdup("mono");
	for (i = 0; i < nd; i++) {
		DIR *d = opendir(dirs[i]);
		struct dirent *e;
		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t len = strlen(e->d_name);
			char name[64];
			if (len < 6 || len - 5 >= sizeof(name) ||
			    strcmp(e->d_name + len - 5, ".conf") != 0)
				continue;
			memcpy(name, e->d_name, len - 5);
			name[len - 5] = '\0';
			if (!valid_name(name))
				continue;
			if (n + 2 > cap) {
				cap *= 2;
				v = xrealloc(v, cap * sizeof(*v));
			}
			v[n++] = xstrdup(name);
		}
		closedir(d);
	}
	qsort(v, n, sizeof(*v), cmp_str);
	for (i = j = 0; i < n; i++) {
		if (j && strcmp(v[j - 1], v[i]) == 0)
			free(v[i]);
		else
			v[j++] = v[i];
	}
	v[j] = NULL;
	return v;
}

void th_list_free(char **names)
{
	char **p;
	if (!names)
		return;
	for (p = names; *p; p++)
		free(*p);
	free(names);
}

static void list_allowed(char *buf, size_t n)
{
	char **names = th_list(), **p;
	size_t len = 0;
	buf[0] = '\0';
	for (p = names; *p && len < n; p++) {
		int r = snprintf(buf + len, n - len, "%s%s", p == names ? "" : ", ", *p);
		if (r < 0)
			break;
		len += (size_t)r;
	}
	th_list_free(names);
}

static int parse_colour(const config_setting_t *s, const char *path,
			const char *slot, int *out, char *err, size_t errsz)
{
	const char *field = config_setting_name(s);
	char pr[64];
	const char *t;
	long long v;
	int i;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64:
		v = config_setting_get_int64(s);
		if (v < 0 || v > 255) {
			ui_libconfig_err(err, errsz, s, path,
					 "colour %lld out of range (allowed: 0 to 255)", v);
			return -1;
		}
		*out = (int)v;
		return 0;
	case CONFIG_TYPE_STRING:
		t = config_setting_get_string(s);
		if (strcmp(t, "default") == 0) {
			*out = -1;
			return 0;
		}
		for (i = 0; i < 16; i++)
			if (strcmp(t, colour_names[i]) == 0) {
				*out = i;
				return 0;
			}
		if (t[0] == '#' && strlen(t) == 7 &&
		    strspn(t + 1, "0123456789abcdefABCDEF") == 6) {
			unsigned long rgb = strtoul(t + 1, NULL, 16);
			*out = TH_RGB((int)(rgb >> 16), (int)(rgb >> 8) & 0xff,
				      (int)rgb & 0xff);
			return 0;
		}
		ui_libconfig_err(err, errsz, s, path,
				 "unknown colour '%s' (allowed: " COLOURS_ALLOWED ")",
				 ui_libconfig_printable(t, pr, sizeof(pr)));
		return -1;
	default:
		ui_libconfig_err(err, errsz, s, path,
				 "%s of slot '%s' must be a colour (allowed: "
				 COLOURS_ALLOWED ")", field ? field : "colour", slot);
		return -1;
	}
}

static int parse_attr_name(const config_setting_t *s, const char *path,
			   const char *slot, attr_t *out, char *err, size_t errsz)
{
	char pr[64];
	const char *t = config_setting_get_string(s);
	size_t i;

	if (!t) {
		ui_libconfig_err(err, errsz, s, path,
				 "attrs of slot '%s' must be names (allowed: "
				 ATTRS_ALLOWED ")", slot);
		return -1;
	}
	for (i = 0; i < ARRAY_SIZE(attr_names); i++)
		if (strcmp(t, attr_names[i].name) == 0) {
			*out |= attr_names[i].attr;
			return 0;
		}
	ui_libconfig_err(err, errsz, s, path,
			 "unknown attribute '%s' (allowed: " ATTRS_ALLOWED ")",
			 ui_libconfig_printable(t, pr, sizeof(pr)));
	return -1;
}

static int parse_attrs(const config_setting_t *s, const char *path,
		       const char *slot, attr_t *out, char *err, size_t errsz)
{
	int i, n;

	*out = A_NORMAL;
	switch (config_setting_type(s)) {
	case CONFIG_TYPE_STRING:
		return parse_attr_name(s, path, slot, out, err, errsz);
	case CONFIG_TYPE_ARRAY:
	case CONFIG_TYPE_LIST:
		n = config_setting_length(s);
		for (i = 0; i < n; i++)
			if (parse_attr_name(config_setting_get_elem(s, (unsigned)i),
					    path, slot, out, err, errsz) < 0)
				return -1;
		return 0;
	default:
		ui_libconfig_err(err, errsz, s, path,
				 "attrs of slot '%s' must be a name or a list of "
				 "names (allowed: " ATTRS_ALLOWED ")", slot);
		return -1;
	}
}

static int find_slot(const char *name)
{
	int i;
	for (i = 0; i < TH_COUNT; i++)
		if (strcmp(slots[i].name, name) == 0)
			return i;
	return -1;
}

static int parse_slot(const config_setting_t *g, const char *path,
		      struct th_style *st, char *err, size_t errsz)
{
	const char *slot = config_setting_name(g);
	int i, n = config_setting_length(g);

	if (!config_setting_is_group(g)) {
		ui_libconfig_err(err, errsz, g, path,
				 "slot '%s' must be a group: { fg = ...; bg = ...; attrs = [...]; }",
				 slot);
		return -1;
	}
	for (i = 0; i < n; i++) {
		const config_setting_t *m = config_setting_get_elem(g, (unsigned)i);
		const char *f = config_setting_name(m);
		char pr[64];
		int r;
		if (strcmp(f, "fg") == 0)
			r = parse_colour(m, path, slot, &st->fg, err, errsz);
		else if (strcmp(f, "bg") == 0)
			r = parse_colour(m, path, slot, &st->bg, err, errsz);
		else if (strcmp(f, "attrs") == 0)
			r = parse_attrs(m, path, slot, &st->attr, err, errsz);
		else {
			ui_libconfig_err(err, errsz, m, path,
					 "unknown field '%s' in slot '%s' (allowed: fg, bg, attrs)",
					 ui_libconfig_printable(f, pr, sizeof(pr)), slot);
			r = -1;
		}
		if (r < 0)
			return -1;
	}
	return 0;
}

static int parse_theme(const char *path, struct th_theme *t, char *err,
		       size_t errsz)
{
	config_t c;
	config_setting_t *root;
	int i, j, n, r;

	r = ui_libconfig_read(&c, path, err, errsz);
	if (r)
		return r;
	root = config_root_setting(&c);
	n = config_setting_length(root);
	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const char *name = config_setting_name(s);
		char pr[64];
		if (strcmp(name, "name") == 0 || strcmp(name, "description") == 0) {
			if (config_setting_type(s) != CONFIG_TYPE_STRING) {
				ui_libconfig_err(err, errsz, s, path, "%s must be a string", name);
				goto fail;
			}
		} else if (strcmp(name, "slots") == 0) {
			if (!config_setting_is_group(s)) {
				ui_libconfig_err(err, errsz, s, path,
						 "slots must be a group: slots = { header = { ... }; ... };");
				goto fail;
			}
			for (j = 0; j < config_setting_length(s); j++) {
				config_setting_t *g = config_setting_get_elem(s, (unsigned)j);
				const char *sn = config_setting_name(g);
				int k = find_slot(sn);
				if (k < 0) {
					char allowed[1024];
					size_t len = 0;
					int q;
					for (q = 0; q < TH_COUNT && len < sizeof(allowed); q++)
						len += (size_t)snprintf(allowed + len, sizeof(allowed) - len,
									"%s%s", q ? ", " : "", slots[q].name);
					ui_libconfig_err(err, errsz, g, path,
							 "unknown slot '%s' (allowed: %s)",
							 ui_libconfig_printable(sn, pr, sizeof(pr)), allowed);
					goto fail;
				}
				if (parse_slot(g, path, &t->s[k], err, errsz) < 0)
					goto fail;
			}
		} else {
			ui_libconfig_err(err, errsz, s, path,
					 "unknown setting '%s' (allowed: name, description, slots)",
					 ui_libconfig_printable(name, pr, sizeof(pr)));
			goto fail;
		}
	}
	config_destroy(&c);
	return 0;
fail:
	config_destroy(&c);
	return -1;
}

int th_load(const char *name, char *err, size_t errsz)
{
	static struct th_theme t; /* large: not on the stack */
	char dirs[3][PATH_MAX], path[PATH_MAX + 80], allowed[1024], pr[80];
	size_t nd, i;
	int r;

	if (!name || !*name)
		name = "default";
	builtin(&t, name, strcmp(name, "mono") == 0);
	if (strlen(name) >= sizeof(t.name)) {
		snprintf(err, errsz, "theme name too long");
		return -1;
	}
	if (strchr(name, '/')) {
		r = parse_theme(name, &t, err, errsz);
		if (r > 0)
			snprintf(err, errsz, "%s: no such theme file",
				 ui_libconfig_printable(name, pr, sizeof(pr)));
		if (r)
			return -1;
		goto found;
	}
	if (!valid_name(name))
		goto unknown;
	nd = theme_dirs(dirs);
	for (i = 0; i < nd; i++) {
		snprintf(path, sizeof(path), "%s/%s.conf", dirs[i], name);
		r = parse_theme(path, &t, err, errsz);
		if (r < 0)
			return -1;
		if (r == 0)
			goto found;
	}
	if (strcmp(name, "default") == 0 || strcmp(name, "mono") == 0)
		goto found;
unknown:
	list_allowed(allowed, sizeof(allowed));
	snprintf(err, errsz, "unknown theme '%s' (allowed: %s)",
		 ui_libconfig_printable(name, pr, sizeof(pr)), allowed);
	return -1;
found:
	loaded = t;
	loaded_ok = true;
	return 0;
}

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
			attrs[i] = slots[i].mono;
			continue;
		}
		fg = resolve(t->s[i].fg, true, &extra);
		bg = resolve(t->s[i].bg, false, &extra);
		init_pair((short)(i + 1), fg, bg);
		attrs[i] = COLOR_PAIR(i + 1) | t->s[i].attr | extra;
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
			builtin(&loaded, "default", false);
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

attr_t th_attr(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? attrs[s] : A_NORMAL;
}

enum th_slot th_state_slot(int st)
{
	switch (st) {
	case BE_ST_RUNNING: return TH_RUNNING;
	case BE_ST_PAUSED: case BE_ST_PMSUSPENDED: return TH_PAUSED;
	case BE_ST_SHUTOFF: return TH_SHUTOFF;
	case BE_ST_CRASHED: return TH_CRASHED;
	default: return TH_OTHER;
	}
}

enum th_slot th_vm_slot(unsigned i)
{
	return (enum th_slot)(TH_VM0 + i % TH_NVM);
}

const char *th_current(void)
{
	return current;
}

int th_is_mono(void)
{
	return mono;
}

const char *th_slot_name(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? slots[s].name : NULL;
}

const char *th_slot_help(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? slots[s].help : NULL;
}

void th_help(FILE *f)
{
	char dirs[3][PATH_MAX];
	size_t nd = theme_dirs(dirs), i;
	char **names = th_list(), **p;

	fprintf(f,
		"Themes are libconfig files NAME.conf that colour slots by meaning:\n"
		"\n"
		"  name = \"mine\";\n"
		"  slots = {\n"
		"    header = { fg = \"blue\"; bg = \"default\"; attrs = [\"bold\"]; };\n"
		"  };\n"
		"\n"
		"A slot or field left out keeps the default theme's value.\n"
		"Colours: " COLOURS_ALLOWED "\n"
		"  (bright and 256-colour values fall back to the 8 basic colours on\n"
		"  8-colour terminals; NO_COLOR renders every theme without colours)\n"
		"Attributes: " ATTRS_ALLOWED "\n"
		"Searched in:");
	for (i = 0; i < nd; i++)
		fprintf(f, " %s", dirs[i]);
	fprintf(f, "\nThemes:");
	for (p = names; *p; p++)
		fprintf(f, " %s", *p);
	th_list_free(names);
	fprintf(f, "\n\nSlots:\n");
	for (i = 0; i < TH_COUNT; i++)
		fprintf(f, "  %-15s %s\n", slots[i].name, slots[i].help);
}
