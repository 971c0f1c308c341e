#include <config.h>
#include "ui/settings.h"
#include "ui/config.h"
#include "ui/actions.h"
#include "ui/keymap.h"
#include "ui/theme.h"
#include "views/view.h"
#include "views/columns.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CFG_MAX_BINDS 1024
#define CFG_MAX_CONNECTIONS 256

enum cfg_type {
	CT_URIS,    /* list of strings */
	CT_SECONDS, /* number in [min, max] */
	CT_INT,     /* whole number in [min, max] */
	CT_BOOL,
	CT_CHOICE,  /* one string of choices, stored as its value */
	CT_NAME,    /* one string of choices, stored as the string */
	CT_SET,     /* list of optional column names (views/columns.h) */
	CT_KEYS,    /* group: KEY = "ACTION" */
	CT_BIND,    /* list of ["KEY", "ACTION"] */
};

struct cfg_choice {
	const char *name;
	int value;
};

/* One row per setting: everything else (defaults, loading, validation,
 * writing, --help-config) is generated from this table. */
struct setting {
	const char *name;
	enum cfg_type type;
	/* where the value is kept in struct ui_config (ui_settings in .set):
	 * CT_SECONDS, CT_INT: int; CT_BOOL: bool; CT_CHOICE: int or bool;
	 * CT_NAME: char[size]; CT_SET: unsigned; the lists: unused */
	size_t off, size;
	const char *def; /* the default in libconfig syntax; NULL: none */
	double min, max;
	const struct cfg_choice *choices; /* NULL-terminated */
	char **(*choices_fn)(void);       /* or computed: NULL-terminated */
	const char *help;
};

static const struct cfg_choice cpu_scale_choices[] = {
	{ "host", 0 }, { "cpu", 1 }, { NULL, 0 },
};
static const struct cfg_choice io_units_choices[] = {
	{ "requests", 0 }, { "bytes", 1 }, { NULL, 0 },
};
static const struct cfg_choice accel_choices[] = {
	{ "auto", 0 }, { "kvm", 1 }, { "tcg", 2 }, { NULL, 0 },
};

static char **view_names(void);
static char **sort_names(void);
static char **column_names(void);

#define AT(m) .off = offsetof(struct ui_config, m), \
	.size = sizeof(((struct ui_config *)0)->m)

static const struct setting settings[CFG_COUNT] = {
	[CFG_CONNECTIONS] = { "connections", CT_URIS,
		.help = "libvirt URIs to open when there is no -c and no $LIBVIRT_DEFAULT_URI" },
	[CFG_DELAY] = { "delay", CT_SECONDS, AT(set.delay_ms), .def = "1.0",
		.min = 0.1, .max = 3600, .help = "refresh delay in seconds (-d; d, s)" },
	[CFG_SORT] = { "sort", CT_CHOICE, AT(set.sort), .def = "\"cpu\"",
		.choices_fn = sort_names,
		.help = "the column domains are sorted by (P M T N, F)" },
	[CFG_SORT_REVERSE] = { "sort_reverse", CT_BOOL, AT(set.sort_reverse),
		.def = "false", .help = "invert the sort order (I)" },
	[CFG_START_VIEW] = { "start_view", CT_NAME, AT(set.start_view),
		.def = "\"domains\"", .choices_fn = view_names,
		.help = "the view shown at start-up" },
	[CFG_COLUMNS] = { "columns", CT_SET, AT(set.columns), .def = "[]",
		.choices_fn = column_names,
		.help = "optional columns shown in the domains view (f)" },
	[CFG_CPU_SCALE] = { "cpu_scale", CT_CHOICE, AT(set.cpu_one),
		.def = "\"host\"", .choices = cpu_scale_choices,
		.help = "%CPU: 100 = the whole host (virt-top) or one CPU (top) (C)" },
	[CFG_IO_UNITS] = { "io_units", CT_CHOICE, AT(set.io_bytes),
		.def = "\"requests\"", .choices = io_units_choices,
		.help = "I/O columns in requests or bytes (B)" },
	[CFG_SHOW_COST] = { "show_cost", CT_BOOL, AT(set.show_cost),
		.def = "false", .help = "the header shows what watching costs: "
			"hvtop's CPU per refresh, each host's sample time and the QMP "
			"commands local QEMUs were sent ($)" },
	[CFG_THEME] = { "theme", CT_NAME, AT(set.theme), .def = "\"default\"",
		.choices_fn = th_list,
		.help = "colour theme: shipped, or NAME.conf in the config dir's themes/ "
			"(next-theme)" },
	[CFG_HISTORY] = { "history", CT_INT, AT(set.history), .def = "60",
		.min = 10, .max = 3600,
		.help = "samples kept for the detail view's graphs" },
	[CFG_ACCEL] = { "accel", CT_NAME, AT(accel), .def = "\"auto\"",
		.choices = accel_choices,
		.help = "--demo guests' accelerator: KVM where it works, else TCG" },
	[CFG_DEMO_SIZE] = { "demo_size", CT_INT, AT(demo_size), .def = "4",
		.min = 1, .max = 16, .help = "number of --demo guests" },
	[CFG_KEYS] = { "keys", CT_KEYS,
		.help = "key bindings over the defaults: keys = { x = \"quit\"; };" },
	[CFG_BIND] = { "bind", CT_BIND,
		.help = "key bindings for keys that are no setting name: "
			"bind = ( [\"<F5>\", \"refresh\"], [\"/\", \"filter\"] );" },
};
_Static_assert(sizeof(enum ui_sort) == sizeof(int), "sort is kept as an int");

/* a value as read, before it is stored */
struct cfg_val {
	double num;      /* CT_SECONDS, CT_INT, CT_BOOL */
	int value;       /* CT_CHOICE: the choice's value or index */
	const char *str; /* CT_CHOICE, CT_NAME: the name as written */
	unsigned bits;   /* CT_SET: COL_BIT per column */
};

static void strv_free(char **v)
{
	char **p;
	if (!v)
		return;
	for (p = v; *p; p++)
		free(*p);
	free(v);
}

static char **view_names(void)
{
	size_t i, n = 0;
	char **v;
	for (i = 0; ui_views[i]; i++)
		;
	v = xcalloc(i + 1, sizeof(*v));
	/* the views a key leads to; detail and help need a context */
	for (i = 0; ui_views[i]; i++)
		if (ui_views[i]->key)
			v[n++] = xstrdup(ui_views[i]->name);
	return v;
}

static char **sort_names(void)
{
	char **v = xcalloc(SORT_COUNT + 1, sizeof(*v));
	int i;
	for (i = 0; i < SORT_COUNT; i++)
		v[i] = xstrdup(view_sorts[i].name);
	return v;
}

static char **column_names(void)
{
	char **v = xcalloc(COL_COUNT + 1, sizeof(*v));
	size_t n;
	int c;
	for (n = 0; (c = view_col_field(n)) >= 0; n++)
		v[n] = xstrdup(view_columns[c].name);
	return v;
}

/* ---- the table's mechanics ---- */

static const struct setting *find_setting(const char *name)
{
	size_t i;
	for (i = 0; i < CFG_COUNT; i++)
		if (strcmp(settings[i].name, name) == 0)
			return &settings[i];
	return NULL;
}

/* "a, b, c" of the choices, into buf */
static const char *allowed(const struct setting *st, char *buf, size_t n)
{
	size_t len = 0, i;
	char **dyn = st->choices_fn ? st->choices_fn() : NULL;

	buf[0] = '\0';
	if (st->type == CT_SECONDS || st->type == CT_INT) {
		snprintf(buf, n, "%g to %g", st->min, st->max);
	} else if (st->type == CT_BOOL) {
		snprintf(buf, n, "true, false");
	} else if (st->type == CT_KEYS || st->type == CT_BIND) {
		for (i = 0; i < ui_nactions && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						i ? ", " : "", ui_actions[i].name);
	} else {
		for (i = 0; (dyn ? dyn[i] : st->choices[i].name) && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i ? ", " : "",
						dyn ? dyn[i] : st->choices[i].name);
	}
	strv_free(dyn);
	return buf;
}

static int get_choice(const struct setting *st, const config_setting_t *s,
		      const char *path, struct cfg_val *v, char *err, size_t errsz)
{
	const char *t = config_setting_get_string(s);
	char al[2048], pr[64];
	char **dyn;
	size_t i;

	if (!t) {
		ui_libconfig_err(err, errsz, s, path, "%s must be a string (allowed: %s)",
				 st->name, allowed(st, al, sizeof(al)));
		return -1;
	}
	if (st->choices) {
		for (i = 0; st->choices[i].name; i++)
			if (strcmp(st->choices[i].name, t) == 0) {
				v->value = st->choices[i].value;
				v->bits |= 1u << st->choices[i].value;
				v->str = st->choices[i].name;
				return 0;
			}
	} else {
		dyn = st->choices_fn();
		for (i = 0; dyn[i]; i++)
			if (strcmp(dyn[i], t) == 0)
				break;
		v->value = (int)i;
		v->str = t;
		i = dyn[i] != NULL;
		strv_free(dyn);
		if (i)
			return 0;
	}
	ui_libconfig_err(err, errsz, s, path, "unknown %s '%s' (allowed: %s)",
			 st->type == CT_SET ? "column" : st->name,
			 fmt_printable(t, pr, sizeof(pr)),
			 allowed(st, al, sizeof(al)));
	return -1;
}

/* a string or a list of them: calls fn on each; -1 on a wrong type */
static int each_string(const struct setting *st, const config_setting_t *s,
		       const char *path, char *err, size_t errsz,
		       int (*fn)(const struct setting *, const config_setting_t *,
				 const char *, void *, char *, size_t),
		       void *arg)
{
	int i, n;

	switch (config_setting_type(s)) {
	case CONFIG_TYPE_STRING:
		return fn(st, s, path, arg, err, errsz);
	case CONFIG_TYPE_ARRAY:
	case CONFIG_TYPE_LIST:
		n = config_setting_length(s);
		for (i = 0; i < n; i++) {
			const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
			if (config_setting_type(e) != CONFIG_TYPE_STRING) {
				ui_libconfig_err(err, errsz, e, path,
						 "%s must be a list of strings: [ \"...\", \"...\" ]",
						 st->name);
				return -1;
			}
			if (fn(st, e, path, arg, err, errsz) < 0)
				return -1;
		}
		return 0;
	default:
		ui_libconfig_err(err, errsz, s, path,
				 "%s must be a list of strings: [ \"...\", \"...\" ]",
				 st->name);
		return -1;
	}
}

static int add_column(const struct setting *st, const config_setting_t *s,
		      const char *path, void *arg, char *err, size_t errsz)
{
	struct cfg_val *v = arg;
	if (get_choice(st, s, path, v, err, errsz) < 0)
		return -1;
	v->bits |= COL_BIT(view_col_find(v->str));
	return 0;
}

static int add_connection(const struct setting *st, const config_setting_t *s,
			  const char *path, void *arg, char *err, size_t errsz)
{
	struct ui_config *cfg = arg;
	const char *t = config_setting_get_string(s);

	if (!*t || strlen(t) > 4096) {
		ui_libconfig_err(err, errsz, s, path, "%s: not a libvirt URI", st->name);
		return -1;
	}
	if (cfg->nconnections >= CFG_MAX_CONNECTIONS) {
		ui_libconfig_err(err, errsz, s, path, "too many connections (at most %d)",
				 CFG_MAX_CONNECTIONS);
		return -1;
	}
	cfg->connections = xrealloc(cfg->connections,
				    (cfg->nconnections + 1) * sizeof(*cfg->connections));
	cfg->connections[cfg->nconnections++] = xstrdup(t);
	return 0;
}

static int add_bind(struct ui_config *cfg, const config_setting_t *where,
		    const char *path, const char *key, const char *action,
		    char *err, size_t errsz)
{
	struct ui_config_bind *b;
	if (cfg->nbinds >= CFG_MAX_BINDS) {
		ui_libconfig_err(err, errsz, where, path,
				 "too many key bindings (at most %d)", CFG_MAX_BINDS);
		return -1;
	}
	cfg->binds = xrealloc(cfg->binds, (cfg->nbinds + 1) * sizeof(*cfg->binds));
	b = &cfg->binds[cfg->nbinds++];
	b->key = xstrdup(key);
	b->action = xstrdup(action);
	b->line = 0;
	for (; where && !b->line; where = config_setting_parent(where))
		b->line = (int)config_setting_source_line(where);
	return 0;
}

static int get_keys(const struct setting *st, const config_setting_t *s,
		    const char *path, struct ui_config *cfg, char *err, size_t errsz)
{
	int i, n;

	if (!config_setting_is_group(s)) {
		ui_libconfig_err(err, errsz, s, path,
				 "%s must be a group: keys = { x = \"quit\"; };", st->name);
		return -1;
	}
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *a = config_setting_get_string(e);
		char pr[64];
		if (!a) {
			ui_libconfig_err(err, errsz, e, path,
					 "key '%s' must be bound to an action name: %s = \"quit\";",
					 fmt_printable(config_setting_name(e), pr, sizeof(pr)),
					 fmt_printable(config_setting_name(e), pr, sizeof(pr)));
			return -1;
		}
		if (add_bind(cfg, e, path, config_setting_name(e), a, err, errsz) < 0)
			return -1;
	}
	return 0;
}

static int get_bind(const struct setting *st, const config_setting_t *s,
		    const char *path, struct ui_config *cfg, char *err, size_t errsz)
{
	const config_setting_t *where = s;
	int i, n;

	if (config_setting_type(s) != CONFIG_TYPE_LIST &&
	    config_setting_type(s) != CONFIG_TYPE_ARRAY)
		goto bad;
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *k, *a;
		where = e;
		if ((config_setting_type(e) != CONFIG_TYPE_LIST &&
		     config_setting_type(e) != CONFIG_TYPE_ARRAY) ||
		    config_setting_length(e) != 2)
			goto bad;
		k = config_setting_get_string_elem(e, 0);
		a = config_setting_get_string_elem(e, 1);
		if (!k || !a)
			goto bad;
		if (add_bind(cfg, e, path, k, a, err, errsz) < 0)
			return -1;
	}
	return 0;
bad:
	ui_libconfig_err(err, errsz, where, path,
			 "%s must be a list of [\"KEY\", \"ACTION\"]: "
			 "%s = ( [\"<F5>\", \"refresh\"] );", st->name, st->name);
	return -1;
}

/* Reads one scalar setting into v: type and range checked. */
static int get_scalar(const struct setting *st, const config_setting_t *s,
		      const char *path, struct cfg_val *v, char *err, size_t errsz)
{
	char al[2048];
	int t = config_setting_type(s);

	switch (st->type) {
	case CT_SECONDS:
	case CT_INT:
		if (t == CONFIG_TYPE_INT || t == CONFIG_TYPE_INT64)
			v->num = (double)config_setting_get_int64(s);
		else if (t == CONFIG_TYPE_FLOAT && st->type == CT_SECONDS)
			v->num = config_setting_get_float(s);
		else {
			ui_libconfig_err(err, errsz, s, path, "%s must be a %s (allowed: %s)",
					 st->name, st->type == CT_INT ? "whole number" : "number",
					 allowed(st, al, sizeof(al)));
			return -1;
		}
		if (!(v->num >= st->min && v->num <= st->max)) {
			char typed[64];
			if (!ui_libconfig_typed_value(s, path, typed, sizeof(typed)))
				snprintf(typed, sizeof(typed), "%g", v->num);
			ui_libconfig_err(err, errsz, s, path, "%s %s is out of range (allowed: %s)",
					 st->name, typed, allowed(st, al, sizeof(al)));
			return -1;
		}
		return 0;
	case CT_BOOL:
		if (t != CONFIG_TYPE_BOOL) {
			ui_libconfig_err(err, errsz, s, path, "%s must be true or false",
					 st->name);
			return -1;
		}
		v->num = config_setting_get_bool(s);
		return 0;
	case CT_CHOICE:
	case CT_NAME:
		return get_choice(st, s, path, v, err, errsz);
	default:
		abort();
	}
}

/* ---- one set of functions per type ---- */

static void *at(struct ui_config *cfg, const struct setting *st)
{
	return (char *)cfg + st->off;
}

static const void *cat(const struct ui_config *cfg, const struct setting *st)
{
	return (const char *)cfg + st->off;
}

static void st_seconds(const struct setting *st, struct ui_config *cfg,
		       const struct cfg_val *v)
{
	*(int *)at(cfg, st) = (int)lround(v->num * 1000);
}

/* ints and unsigneds alike: the range keeps the value in both */
static void st_int(const struct setting *st, struct ui_config *cfg,
		   const struct cfg_val *v)
{
	*(int *)at(cfg, st) = (int)v->num;
}

static void st_bool(const struct setting *st, struct ui_config *cfg,
		    const struct cfg_val *v)
{
	*(bool *)at(cfg, st) = v->num != 0;
}

static void st_choice(const struct setting *st, struct ui_config *cfg,
		      const struct cfg_val *v)
{
	if (st->size == sizeof(bool))
		*(bool *)at(cfg, st) = v->value != 0;
	else
		*(int *)at(cfg, st) = v->value;
}

static int choice_value(const struct setting *st, const struct ui_config *cfg)
{
	if (st->size == sizeof(bool))
		return *(const bool *)cat(cfg, st);
	return *(const int *)cat(cfg, st);
}

static void st_name(const struct setting *st, struct ui_config *cfg,
		    const struct cfg_val *v)
{
	snprintf(at(cfg, st), st->size, "%s", v->str);
}

/* the optional columns given; the others as the table has them */
static void st_set(const struct setting *st, struct ui_config *cfg,
		   const struct cfg_val *v)
{
	*(unsigned *)at(cfg, st) = (COLS_DEFAULT & ~COLS_OPTIONAL) |
				   (v->bits & COLS_OPTIONAL);
}

static void wr_uris(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_seconds(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_int(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_bool(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_choice(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_name(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_set(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_keys(FILE *f, const struct setting *st, const struct ui_config *o);
static void wr_bind(FILE *f, const struct setting *st, const struct ui_config *o);

struct cfg_type_ops {
	const char *name; /* in --help-config */
	/* keeps a value read; NULL: the loader keeps it (the lists) */
	void (*store)(const struct setting *st, struct ui_config *cfg,
		      const struct cfg_val *v);
	/* writes the setting's line(s), W */
	void (*write)(FILE *f, const struct setting *st, const struct ui_config *o);
};

static const struct cfg_type_ops types[] = {
	[CT_URIS] = { "list of strings", NULL, wr_uris },
	[CT_SECONDS] = { "number", st_seconds, wr_seconds },
	[CT_INT] = { "whole number", st_int, wr_int },
	[CT_BOOL] = { "boolean", st_bool, wr_bool },
	[CT_CHOICE] = { "string", st_choice, wr_choice },
	[CT_NAME] = { "string", st_name, wr_name },
	[CT_SET] = { "list of strings", st_set, wr_set },
	[CT_KEYS] = { "group of KEY = \"ACTION\"", NULL, wr_keys },
	[CT_BIND] = { "list of [\"KEY\", \"ACTION\"]", NULL, wr_bind },
};

static int load_setting(const struct setting *st, const config_setting_t *s,
			const char *path, struct ui_config *cfg, char *err, size_t errsz)
{
	struct cfg_val v;

	memset(&v, 0, sizeof(v));
	switch (st->type) {
	case CT_URIS:
		return each_string(st, s, path, err, errsz, add_connection, cfg);
	case CT_KEYS:
		return get_keys(st, s, path, cfg, err, errsz);
	case CT_BIND:
		return get_bind(st, s, path, cfg, err, errsz);
	case CT_SET:
		if (each_string(st, s, path, err, errsz, add_column, &v) < 0)
			return -1;
		break;
	default:
		if (get_scalar(st, s, path, &v, err, errsz) < 0)
			return -1;
		break;
	}
	types[st->type].store(st, cfg, &v);
	return 0;
}

static int load_root(const config_t *c, const char *path, struct ui_config *cfg,
		     char *err, size_t errsz, void (*warn)(const char *msg))
{
	config_setting_t *root = config_root_setting(c);
	int i, n = config_setting_length(root);

	for (i = 0; i < n; i++) {
		config_setting_t *s = config_setting_get_elem(root, (unsigned)i);
		const struct setting *st = find_setting(config_setting_name(s));
		if (!st) {
			char msg[512], pr[64];
			if (warn) {
				ui_libconfig_err(msg, sizeof(msg), s, path,
						 "unknown setting '%s' (ignored)",
						 fmt_printable(config_setting_name(s),
									pr, sizeof(pr)));
				warn(msg);
			}
			continue;
		}
		if (load_setting(st, s, path, cfg, err, errsz) < 0)
			return -1;
		cfg->given |= 1u << (st - settings);
	}
	/* the bindings' keys and actions are the keymap's to check */
	return ui_keymap_check(cfg->binds, cfg->nbinds, cfg->file, err, errsz);
}

/* ---- API ---- */

static void init_plain(struct ui_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->set.columns = COLS_DEFAULT;
	cfg->set.sort = SORT_CPU;
	snprintf(cfg->accel, sizeof(cfg->accel), "auto");
	cfg->demo_size = 4;
}

void ui_config_init(struct ui_config *cfg)
{
	char text[2048], err[1024];
	size_t i, len = 0;
	config_t c;

	init_plain(cfg);
	for (i = 0; i < CFG_COUNT; i++)
		if (settings[i].def)
			len += (size_t)snprintf(text + len, sizeof(text) - len, "%s = %s;\n",
						settings[i].name, settings[i].def);
	config_init(&c);
	if (config_read_string(&c, text) != CONFIG_TRUE) {
		snprintf(err, sizeof(err), "%d: %s", config_error_line(&c),
			 config_error_text(&c));
		goto bad;
	}
	if (load_root(&c, "(defaults)", cfg, err, sizeof(err), NULL) < 0)
		goto bad;
	config_destroy(&c);
	cfg->given = 0;
	return;
bad:
	/* the table is wrong: a programming error */
	fprintf(stderr, "hvtop: bad default settings: %s\n", err);
	abort();
}

void ui_config_defaults(struct ui_settings *set)
{
	struct ui_config cfg;
	ui_config_init(&cfg);
	*set = cfg.set;
	ui_config_free(&cfg);
}

void ui_config_free(struct ui_config *cfg)
{
	size_t i;
	for (i = 0; i < cfg->nconnections; i++)
		free(cfg->connections[i]);
	free(cfg->connections);
	for (i = 0; i < cfg->nbinds; i++) {
		free(cfg->binds[i].key);
		free(cfg->binds[i].action);
	}
	free(cfg->binds);
	free(cfg->file);
	init_plain(cfg);
}

int ui_config_load(const char *path, struct ui_config *cfg, bool missing_ok,
		   char *err, size_t errsz, void (*warn)(const char *msg))
{
	config_t c;
	int r;

	ui_config_init(cfg);
	if (!path) {
		snprintf(err, errsz, "no configuration file (neither $XDG_CONFIG_HOME nor $HOME is set)");
		return missing_ok ? 1 : -1;
	}
	r = ui_libconfig_read(&c, path, err, errsz);
	if (r > 0) {
		if (missing_ok)
			return 1;
		snprintf(err, errsz, "%s: cannot read: %s", path, strerror(ENOENT));
		return -1;
	}
	if (r < 0)
		return -1;
	cfg->file = xstrdup(path);
	r = load_root(&c, path, cfg, err, errsz, warn);
	config_destroy(&c);
	if (r < 0) {
		ui_config_free(cfg);
		ui_config_init(cfg);
	}
	return r;
}

/* ---- writing ---- */

static void put_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static const char *choice_name(const struct cfg_choice *ch, int value)
{
	size_t i;
	for (i = 0; ch[i].name; i++)
		if (ch[i].value == value)
			return ch[i].name;
	return ch[0].name;
}

/* libconfig setting names: [A-Za-z*][-A-Za-z0-9_*]* */
static bool is_setting_name(const char *s)
{
	if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || *s == '*'))
		return false;
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		      "0123456789-_*") == strlen(s);
}

static void wr_uris(FILE *f, const struct setting *st, const struct ui_config *o)
{
	size_t i;
	if (!o->nconnections) {
		fprintf(f, "# %s = [ \"qemu:///system\", \"qemu+ssh://host/system\" ];\n",
			st->name);
		return;
	}
	fprintf(f, "%s = [ ", st->name);
	for (i = 0; i < o->nconnections; i++) {
		fprintf(f, "%s", i ? ", " : "");
		put_str(f, o->connections[i]);
	}
	fprintf(f, " ];\n");
}

static void wr_seconds(FILE *f, const struct setting *st, const struct ui_config *o)
{
	char num[32];
	size_t i;
	snprintf(num, sizeof(num), "%.3f", *(const int *)cat(o, st) / 1000.0);
	for (i = strlen(num); i > 0 && num[i - 1] == '0' && num[i - 2] != '.'; i--)
		num[i - 1] = '\0';
	fprintf(f, "%s = %s;\n", st->name, num);
}

static void wr_int(FILE *f, const struct setting *st, const struct ui_config *o)
{
	fprintf(f, "%s = %d;\n", st->name, *(const int *)cat(o, st));
}

static void wr_bool(FILE *f, const struct setting *st, const struct ui_config *o)
{
	fprintf(f, "%s = %s;\n", st->name,
		*(const bool *)cat(o, st) ? "true" : "false");
}

static void wr_choice(FILE *f, const struct setting *st, const struct ui_config *o)
{
	int v = choice_value(st, o);
	char **dyn;

	if (st->choices) {
		fprintf(f, "%s = \"%s\";\n", st->name, choice_name(st->choices, v));
		return;
	}
	dyn = st->choices_fn();
	if (v < 0)
		v = 0;
	for (size_t i = 0; dyn[i]; i++)
		if ((int)i == v) {
			fprintf(f, "%s = \"%s\";\n", st->name, dyn[i]);
			v = -1;
			break;
		}
	if (v >= 0)
		fprintf(f, "%s = \"%s\";\n", st->name, dyn[0]);
	strv_free(dyn);
}

/* an empty name (never loaded) writes the default */
static void wr_name(FILE *f, const struct setting *st, const struct ui_config *o)
{
	const char *v = cat(o, st);
	fprintf(f, "%s = ", st->name);
	if (*v)
		put_str(f, v);
	else
		fputs(st->def, f);
	fprintf(f, ";\n");
}

static void wr_set(FILE *f, const struct setting *st, const struct ui_config *o)
{
	unsigned bits = *(const unsigned *)cat(o, st);
	size_t i, n = 0;
	int c;
	fprintf(f, "%s = [", st->name);
	for (i = 0; (c = view_col_field(i)) >= 0; i++)
		if (bits & COL_BIT(c))
			fprintf(f, "%s\"%s\"", n++ ? ", " : " ", view_columns[c].name);
	fprintf(f, " ];\n");
}

static void wr_keys(FILE *f, const struct setting *st, const struct ui_config *o)
{
	size_t i, n = 0;
	for (i = 0; i < o->nbinds; i++)
		if (is_setting_name(o->binds[i].key)) {
			fprintf(f, "%s  %s = ", n++ ? "" : "keys = {\n", o->binds[i].key);
			put_str(f, o->binds[i].action);
			fprintf(f, ";\n");
		}
	fprintf(f, n ? "};\n" : "# %s = { x = \"quit\"; };\n", st->name);
}

static void wr_bind(FILE *f, const struct setting *st, const struct ui_config *o)
{
	size_t i, n = 0;
	for (i = 0; i < o->nbinds; i++)
		if (!is_setting_name(o->binds[i].key)) {
			fprintf(f, "%s", n++ ? ",\n  [ " : "bind = (\n  [ ");
			put_str(f, o->binds[i].key);
			fprintf(f, ", ");
			put_str(f, o->binds[i].action);
			fprintf(f, " ]");
		}
	fprintf(f, n ? "\n);\n" : "# %s = ( [ \"<F5>\", \"refresh\" ] );\n", st->name);
}

static void write_all(FILE *f, const struct ui_settings *set,
		      const struct ui_config *orig)
{
	struct ui_config w = *orig;
	char al[2048];
	size_t i;

	/* the settings shown now, the rest as loaded: one struct to write */
	w.set = *set;
	fprintf(f, "# hvtop configuration (libconfig syntax), written by hvtop.\n"
		"# Every setting, its type and allowed values: hvtop --help-config\n");
	for (i = 0; i < CFG_COUNT; i++) {
		const struct setting *st = &settings[i];
		fprintf(f, "\n# %s", st->help);
		if (st->type != CT_URIS && st->type != CT_KEYS && st->type != CT_BIND)
			fprintf(f, "\n#   allowed: %s", allowed(st, al, sizeof(al)));
		fprintf(f, "\n");
		types[st->type].write(f, st, &w);
	}
}

/* mkdir -p with mode for what it creates */

static int write_file(const char *path, const struct ui_settings *set,
		      const struct ui_config *orig, char *err, size_t errsz)
{
	char target[PATH_MAX], dir[PATH_MAX], tmp[PATH_MAX + 32];
	const char *what = "write";
	struct stat st;
	FILE *f = NULL;
	char *slash;
	int fd = -1, dfd, saved;

	/* a symlinked config (dotfiles repositories) stays a symlink */
	if (!realpath(path, target) &&
	    snprintf(target, sizeof(target), "%s", path) >= (int)sizeof(target)) {
		snprintf(err, errsz, "%s: path too long", path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%s", target);
	slash = strrchr(dir, '/');
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (mkdir_p(dir, 0700) < 0) {
		snprintf(err, errsz, "cannot create directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	snprintf(tmp, sizeof(tmp), "%s/.hvtop.conf.XXXXXX", dir);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errsz, "cannot create a file in '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (stat(target, &st) == 0)
		(void)fchmod(fd, st.st_mode & 07777);
	f = fdopen(fd, "w");
	if (!f)
		goto fail;
	write_all(f, set, orig);
	if (fflush(f) != 0 || ferror(f) || fsync(fd) < 0)
		goto fail;
	if (fclose(f) != 0) {
		f = NULL;
		fd = -1;
		goto fail;
	}
	f = NULL;
	fd = -1;
	what = "replace";
	if (rename(tmp, target) < 0)
		goto fail;
	/* the rename itself must reach the disk */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return 0;
fail:
	saved = errno;
	if (f)
		fclose(f);
	else if (fd >= 0)
		close(fd);
	unlink(tmp);
	snprintf(err, errsz, "cannot %s '%s': %s", what, target, strerror(saved));
	return -1;
}

int ui_config_write(const char *path, const struct ui_settings *set,
		    const struct ui_config *orig, char *err, size_t errsz)
{
	struct ui_config def;
	int r;

	if (orig)
		return write_file(path, set, orig, err, errsz);
	ui_config_init(&def);
	r = write_file(path, set, &def, err, errsz);
	ui_config_free(&def);
	return r;
}

/* ---- --help-config ---- */

void ui_config_help(FILE *f)
{
	char path[PATH_MAX], al[2048];
	size_t i;

	if (ui_config_path(path, sizeof(path)) < 0)
		snprintf(path, sizeof(path), "$XDG_CONFIG_HOME/hvtop/hvtop.conf");
	fprintf(f,
		"hvtop reads %s\n"
		"(or --config FILE; --no-config reads none).  libconfig syntax:\n"
		"\n"
		"  delay = 2.0;\n"
		"  sort = \"mem\";\n"
		"  columns = [ \"host\", \"steal\" ];\n"
		"  keys = { x = \"quit\"; };\n"
		"  bind = ( [ \"<F5>\", \"refresh\" ], [ \"<C-r>\", \"redraw\" ] );\n"
		"\n"
		"Command-line options override the file; W writes the current\n"
		"settings back.  An invalid value is an error naming its line;\n"
		"an unknown setting is a warning.  @include is not supported.\n"
		"\n"
		"Settings:\n", path);
	for (i = 0; i < CFG_COUNT; i++) {
		const struct setting *st = &settings[i];
		fprintf(f, "\n  %s (%s)\n      %s\n", st->name, types[st->type].name, st->help);
		if (st->type == CT_KEYS || st->type == CT_BIND)
			fprintf(f, "      actions: %s\n", allowed(st, al, sizeof(al)));
		else if (st->type != CT_URIS)
			fprintf(f, "      allowed: %s%s\n", st->type == CT_SET ? "any of " : "",
				allowed(st, al, sizeof(al)));
		fprintf(f, "      default: %s\n", st->def ? st->def :
			st->type == CT_URIS ? "none" : "the built-in bindings (see h in hvtop)");
	}
	fprintf(f,
		"\nKEY is a key name as in key scripts: a character (x, X, /), or\n"
		"<Enter> <Esc> <Tab> <S-Tab> <Up> <Down> <Left> <Right> <PgUp> <PgDn>\n"
		"<Home> <End> <Space> <BS> <Del> <Ins> <F1>...<F12> <C-x> <lt>.\n"
		"In keys = { ... } it must be a libconfig name (a letter, then\n"
		"letters, digits, - _ *); use bind = ( ... ) for the others.\n"
		"A key bound twice in the file is an error.\n"
		"An action only views have (snapshot-revert, snapshot-delete,\n"
		"job-cancel, back) is bound in those views, any other everywhere;\n"
		"in a view its own keys come first (h lists them first).\n"
		"\n");
	th_help(f);
}
