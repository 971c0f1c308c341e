/* Theme files, without curses: the slot table, finding a theme by name and
 * parsing it into plain colours and attribute bits (ui/theme.c applies
 * them to the terminal).  The theme fuzzer links only this, ui/config.c and
 * common/util.c. */
#include <config.h>
#include "ui/theme_file.h"
#include "ui/config.h"
#include "common/util.h"
#include "common/test_hooks.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <libconfig.h>

/* The one table of slots: name in theme files, default colours and
 * attributes (the "default" theme), the mono rendering, and what it is. */
const struct th_slot_def th_slots[TH_COUNT] = {
	[TH_NORMAL] = { .name = "normal", .fg = -1, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "plain text" },
	[TH_HEADER] = { .name = "header", .fg = TH_C_CYAN, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "the summary lines on top" },
	[TH_COLHEAD] = { .name = "column-head", .fg = TH_C_BLACK, .bg = TH_C_GREEN,
		.attr = TH_A_NORMAL, .mono = TH_A_REVERSE,
		.help = "column titles" },
	[TH_SELECTION] = { .name = "selection", .fg = TH_C_BLACK, .bg = TH_C_CYAN,
		.attr = TH_A_NORMAL, .mono = TH_A_REVERSE | TH_A_BOLD,
		.help = "the selected row" },
	[TH_RUNNING] = { .name = "running", .fg = TH_C_GREEN, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "running domains" },
	[TH_PAUSED] = { .name = "paused", .fg = TH_C_YELLOW, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_BOLD,
		.help = "paused or suspended domains" },
	[TH_SHUTOFF] = { .name = "shutoff", .fg = -1, .bg = -1,
		.attr = TH_A_DIM, .mono = TH_A_DIM,
		.help = "inactive domains" },
	[TH_CRASHED] = { .name = "crashed", .fg = TH_C_RED, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD,
		.help = "crashed domains" },
	[TH_OTHER] = { .name = "other-state", .fg = TH_C_MAGENTA, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "domains in other states" },
	[TH_STATUS] = { .name = "status", .fg = -1, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD,
		.help = "the status line" },
	[TH_WARNING] = { .name = "warning", .fg = TH_C_YELLOW, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD,
		.help = "warnings, questions" },
	[TH_ERROR] = { .name = "error", .fg = TH_C_WHITE, .bg = TH_C_RED,
		.attr = TH_A_BOLD, .mono = TH_A_REVERSE | TH_A_BOLD,
		.help = "errors" },
	[TH_DIM] = { .name = "dim", .fg = -1, .bg = -1,
		.attr = TH_A_DIM, .mono = TH_A_DIM,
		.help = "not live: disconnected, unknown" },
	[TH_GRAPH_LOW] = { .name = "graph-low", .fg = TH_C_GREEN, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "graphs and bars, low values" },
	[TH_GRAPH_MID] = { .name = "graph-mid", .fg = TH_C_YELLOW, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "graphs and bars, middle values" },
	[TH_GRAPH_HIGH] = { .name = "graph-high", .fg = TH_C_RED, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD,
		.help = "graphs and bars, high values" },
	[TH_VM0] = { .name = "vm0", .fg = TH_C_RED, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD,
		.help = "time slices: the 1st VM (and 9th, ...)" },
	[TH_VM1] = { .name = "vm1", .fg = TH_C_GREEN, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_NORMAL,
		.help = "time slices: the 2nd VM" },
	[TH_VM2] = { .name = "vm2", .fg = TH_C_YELLOW, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_UNDERLINE,
		.help = "time slices: the 3rd VM" },
	[TH_VM3] = { .name = "vm3", .fg = TH_C_BLUE, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_REVERSE,
		.help = "time slices: the 4th VM" },
	[TH_VM4] = { .name = "vm4", .fg = TH_C_MAGENTA, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_BOLD | TH_A_UNDERLINE,
		.help = "time slices: the 5th VM" },
	[TH_VM5] = { .name = "vm5", .fg = TH_C_CYAN, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_DIM,
		.help = "time slices: the 6th VM" },
	[TH_VM6] = { .name = "vm6", .fg = TH_C_WHITE, .bg = -1,
		.attr = TH_A_BOLD, .mono = TH_A_NORMAL,
		.help = "time slices: the 7th VM" },
	[TH_VM7] = { .name = "vm7", .fg = TH_C_RED, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_UNDERLINE,
		.help = "time slices: the 8th VM" },
	[TH_IDLE] = { .name = "idle", .fg = -1, .bg = -1,
		.attr = TH_A_DIM, .mono = TH_A_DIM,
		.help = "time slices: a CPU running no vCPU" },
	[TH_HOST_SEEN] = { .name = "host-seen", .fg = TH_C_CYAN, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_NORMAL,
		.help = "detail: numbers the hypervisor measures" },
	[TH_GUEST_REPORTED] = { .name = "guest-reported", .fg = TH_C_MAGENTA, .bg = -1,
		.attr = TH_A_NORMAL, .mono = TH_A_UNDERLINE,
		.help = "detail: numbers the guest reports" },
	[TH_BAR] = { .name = "bar", .fg = TH_C_BLACK, .bg = TH_C_BLUE,
		.attr = TH_A_NORMAL, .mono = TH_A_REVERSE,
		.help = "progress bars" },
};

static const char *const colour_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};
#define COLOURS_ALLOWED "default, black, red, green, yellow, blue, magenta, " \
	"cyan, white, bright-black ... bright-white, 0 to 255, \"#rrggbb\""

static const struct { const char *name; unsigned attr; } attr_names[] = {
	{ "normal", TH_A_NORMAL }, { "bold", TH_A_BOLD }, { "dim", TH_A_DIM },
	{ "underline", TH_A_UNDERLINE }, { "reverse", TH_A_REVERSE },
	{ "standout", TH_A_STANDOUT }, { "blink", TH_A_BLINK }, { "italic", TH_A_ITALIC },
};
#define ATTRS_ALLOWED "normal, bold, dim, underline, reverse, standout, " \
	"blink, italic"

void th_builtin(struct th_theme *t, const char *name, bool as_mono)
{
	int i;
	snprintf(t->name, sizeof(t->name), "%s", name);
	for (i = 0; i < TH_COUNT; i++) {
		t->s[i].fg = as_mono ? -1 : th_slots[i].fg;
		t->s[i].bg = as_mono ? -1 : th_slots[i].bg;
		t->s[i].attr = as_mono ? th_slots[i].mono : th_slots[i].attr;
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
	const char *env = getenv(TEST_HOOK_THEME_DIR);
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
				 fmt_printable(t, pr, sizeof(pr)));
		return -1;
	default:
		ui_libconfig_err(err, errsz, s, path,
				 "%s of slot '%s' must be a colour (allowed: "
				 COLOURS_ALLOWED ")", field ? field : "colour", slot);
		return -1;
	}
}

static int parse_attr_name(const config_setting_t *s, const char *path,
			   const char *slot, unsigned *out, char *err, size_t errsz)
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
			 fmt_printable(t, pr, sizeof(pr)));
	return -1;
}

static int parse_attrs(const config_setting_t *s, const char *path,
		       const char *slot, unsigned *out, char *err, size_t errsz)
{
	int i, n;

	*out = TH_A_NORMAL;
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
		if (strcmp(th_slots[i].name, name) == 0)
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
					 fmt_printable(f, pr, sizeof(pr)), slot);
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
									"%s%s", q ? ", " : "", th_slots[q].name);
					ui_libconfig_err(err, errsz, g, path,
							 "unknown slot '%s' (allowed: %s)",
							 fmt_printable(sn, pr, sizeof(pr)), allowed);
					goto fail;
				}
				if (parse_slot(g, path, &t->s[k], err, errsz) < 0)
					goto fail;
			}
		} else {
			ui_libconfig_err(err, errsz, s, path,
					 "unknown setting '%s' (allowed: name, description, slots)",
					 fmt_printable(name, pr, sizeof(pr)));
			goto fail;
		}
	}
	config_destroy(&c);
	return 0;
fail:
	config_destroy(&c);
	return -1;
}

int th_theme_load(const char *name, struct th_theme *t, char *err, size_t errsz)
{
	char dirs[3][PATH_MAX], path[PATH_MAX + 80], allowed[1024], pr[80];
	size_t nd, i;
	int r;

	if (!name || !*name)
		name = "default";
	th_builtin(t, name, strcmp(name, "mono") == 0);
	if (strlen(name) >= sizeof(t->name)) {
		snprintf(err, errsz, "theme name too long");
		return -1;
	}
	if (strchr(name, '/')) {
		r = parse_theme(name, t, err, errsz);
		if (r > 0)
			snprintf(err, errsz, "%s: no such theme file",
				 fmt_printable(name, pr, sizeof(pr)));
		if (r)
			return -1;
		goto found;
	}
	if (!valid_name(name))
		goto unknown;
	nd = theme_dirs(dirs);
	for (i = 0; i < nd; i++) {
		snprintf(path, sizeof(path), "%s/%s.conf", dirs[i], name);
		r = parse_theme(path, t, err, errsz);
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
		 fmt_printable(name, pr, sizeof(pr)), allowed);
	return -1;
found:
	return 0;
}


const char *th_slot_name(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? th_slots[s].name : NULL;
}

const char *th_slot_help(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? th_slots[s].help : NULL;
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
		fprintf(f, "  %-15s %s\n", th_slots[i].name, th_slots[i].help);
}
