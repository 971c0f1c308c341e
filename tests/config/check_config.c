/* The settings table and the theme loader, through their C API: defaults,
 * a full file, write and reload, key bindings, and a corpus of bad files
 * (tests/config/bad, tests/config/bad-theme) whose first line says which
 * error they must give:  # expect: LINE: TEXT  */
#include <config.h>
#include "ui/settings.h"
#include "ui/config.h"
#include "backend/model.h"
#include "ui/theme.h"
#include "ui/actions.h"
#include "views/columns.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "common/util.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char srcdir[PATH_MAX];  /* $top_srcdir/tests/config */
static char tmpdir[PATH_MAX];  /* scratch, also $XDG_CONFIG_HOME */

static const char *const shipped[] = {
	"default", "light", "mono", "high-contrast", "solarized-dark",
};

static char warned[4096];
static int nwarned;

static void warn_cb(const char *msg)
{
	snprintf(warned, sizeof(warned), "%s", msg);
	nwarned++;
}

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	ck_assert_msg(f != NULL, "cannot write %s", path);
	ck_assert_uint_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void write_text(const char *path, const char *text)
{
	write_file(path, text, strlen(text));
}

static char *read_all(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	ck_assert_msg(f != NULL, "cannot read %s", path);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = xmalloc((size_t)len + 1);
	ck_assert_uint_eq(fread(buf, 1, (size_t)len, f), (size_t)len);
	buf[len] = '\0';
	fclose(f);
	if (n)
		*n = (size_t)len;
	return buf;
}

static void setup(void)
{
	const char *top = getenv("top_srcdir");
	char themes[PATH_MAX + 16];

	snprintf(srcdir, sizeof(srcdir), "%s/tests/config", top ? top : ".");
	snprintf(themes, sizeof(themes), "%s/themes", top ? top : ".");
	setenv("HVTOP_THEME_DIR", themes, 1);
	snprintf(tmpdir, sizeof(tmpdir), "%s/hvtop-config-XXXXXX",
		 getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert(mkdtemp(tmpdir) != NULL);
	/* no user settings or themes of whoever runs the tests */
	setenv("XDG_CONFIG_HOME", tmpdir, 1);
	unsetenv("NO_COLOR");
	warned[0] = '\0';
	nwarned = 0;
}

static void teardown(void)
{
	char cmd[PATH_MAX + 16];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* ---- settings ---- */

START_TEST(test_defaults)
{
	struct ui_settings s;
	struct ui_config cfg;

	ui_config_defaults(&s);
	ck_assert_int_eq(s.delay_ms, 1000);
	ck_assert_int_eq(s.sort, SORT_CPU);
	ck_assert(!s.sort_reverse);
	ck_assert(!s.cpu_one);
	ck_assert(!s.io_bytes);
	ck_assert_uint_eq(s.columns, COLS_DEFAULT);
	ck_assert_uint_eq(s.history, 60);
	ck_assert_str_eq(s.start_view, "domains");
	ck_assert_str_eq(s.theme, "default");

	ui_config_init(&cfg);
	ck_assert_str_eq(cfg.accel, "auto");
	ck_assert_int_eq(cfg.demo_size, 4);
	ck_assert_uint_eq(cfg.given, 0);
	ck_assert_uint_eq(cfg.nconnections, 0);
	ck_assert_uint_eq(cfg.nbinds, 0);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_full)
{
	struct ui_config cfg;
	char path[PATH_MAX + 32], err[2048] = "";
	int r;

	snprintf(path, sizeof(path), "%s/good/full.conf", srcdir);
	r = ui_config_load(path, &cfg, false, err, sizeof(err), warn_cb);
	ck_assert_msg(r == 0, "%s", err);
	ck_assert_int_eq(nwarned, 0);
	ck_assert_uint_eq(cfg.nconnections, 2);
	ck_assert_str_eq(cfg.connections[0], "test:///default");
	ck_assert_str_eq(cfg.connections[1], "qemu+ssh://root@host/system?keyfile=/k\"ey");
	ck_assert_int_eq(cfg.set.delay_ms, 2500);
	ck_assert_int_eq(cfg.set.sort, SORT_MEM);
	ck_assert(cfg.set.sort_reverse);
	ck_assert_str_eq(cfg.set.start_view, "network");
	ck_assert_uint_eq(cfg.set.columns, COLS_DEFAULT | COL_BIT(COL_HOST) |
			  COL_BIT(COL_STEAL) | COL_BIT(COL_BALLOON));
	ck_assert(cfg.set.cpu_one);
	ck_assert(cfg.set.io_bytes);
	ck_assert(cfg.set.show_cost);
	ck_assert_str_eq(cfg.set.theme, "light");
	ck_assert_uint_eq(cfg.set.history, 120);
	ck_assert_str_eq(cfg.accel, "tcg");
	ck_assert_int_eq(cfg.demo_size, 2);
	ck_assert_uint_eq(cfg.given, (1u << CFG_COUNT) - 1);
	ck_assert_uint_eq(cfg.nbinds, 5);
	ck_assert_str_eq(cfg.binds[0].key, "x");
	ck_assert_str_eq(cfg.binds[0].action, "quit");
	ck_assert_int_eq(cfg.binds[0].line, 15);
	ck_assert_str_eq(cfg.binds[2].key, "<F5>");
	ck_assert_int_eq(cfg.binds[2].line, 19);
	ck_assert_str_eq(cfg.file, path);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_unknown_setting_warns)
{
	struct ui_config cfg;
	char path[PATH_MAX + 32], want[PATH_MAX + 128], err[2048] = "";

	snprintf(path, sizeof(path), "%s/good/minimal.conf", srcdir);
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), warn_cb), 0);
	ck_assert_int_eq(cfg.set.delay_ms, 500);
	ck_assert_uint_eq(cfg.given, 1u << CFG_DELAY);
	ck_assert_int_eq(nwarned, 1);
	snprintf(want, sizeof(want), "%s:3: unknown setting 'colour' (ignored)", path);
	ck_assert_str_eq(warned, want);
	/* no warn function: still loads */
	ui_config_free(&cfg);
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), NULL), 0);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_missing)
{
	struct ui_config cfg;
	char path[PATH_MAX + 32], err[2048] = "";

	snprintf(path, sizeof(path), "%s/nope/hvtop.conf", tmpdir);
	ck_assert_int_eq(ui_config_load(path, &cfg, true, err, sizeof(err), NULL), 1);
	ck_assert_int_eq(cfg.set.delay_ms, 1000);
	ck_assert_ptr_eq(cfg.file, NULL);
	ui_config_free(&cfg);
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), NULL), -1);
	ck_assert_msg(strstr(err, path) && strstr(err, "No such file"), "%s", err);
	ui_config_free(&cfg);
	/* a directory is not a file */
	ck_assert_int_eq(ui_config_load(tmpdir, &cfg, true, err, sizeof(err), NULL), -1);
	ck_assert_msg(strstr(err, "is a directory"), "%s", err);
	ui_config_free(&cfg);
	/* an empty file is all defaults */
	snprintf(path, sizeof(path), "%s/empty.conf", tmpdir);
	write_file(path, "", 0);
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), NULL), 0);
	ck_assert_uint_eq(cfg.given, 0);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_path)
{
	char buf[PATH_MAX];
	char want[PATH_MAX + 32];

	ck_assert_int_eq(ui_config_path(buf, sizeof(buf)), 0);
	snprintf(want, sizeof(want), "%s/hvtop/hvtop.conf", tmpdir);
	ck_assert_str_eq(buf, want);
	setenv("XDG_CONFIG_HOME", "relative/is/ignored", 1);
	setenv("HOME", "/home/someone", 1);
	ck_assert_int_eq(ui_config_path(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/home/someone/.config/hvtop/hvtop.conf");
	unsetenv("XDG_CONFIG_HOME");
	ck_assert_int_eq(ui_config_path(buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "/home/someone/.config/hvtop/hvtop.conf");
	ck_assert_int_eq(ui_config_path(buf, 10), -1);
}
END_TEST

/* the name of each key the map binds to action, via the lookup */
static const char *action_of(const struct ui_keymap *m, int key)
{
	const struct action *a = ui_keymap_lookup(m, key);
	return a ? a->name : "(none)";
}

START_TEST(test_apply_keys)
{
	struct ui_config cfg;
	struct ui_keymap *m;
	char path[PATH_MAX + 32], err[2048] = "";

	snprintf(path, sizeof(path), "%s/good/full.conf", srcdir);
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), NULL), 0);
	m = ui_keymap_new();
	ck_assert_str_eq(action_of(m, 'q'), "quit");
	ck_assert_str_eq(action_of(m, '/'), "filter");
	ck_assert_msg(ui_keymap_apply(m, cfg.binds, cfg.nbinds, cfg.file, err, sizeof(err)) == 0, "%s", err);
	ck_assert_str_eq(action_of(m, 'x'), "quit");
	ck_assert_str_eq(action_of(m, 'R'), "redraw");
	ck_assert_str_eq(action_of(m, UI_FN(KEY_F(5))), "refresh");
	ck_assert_str_eq(action_of(m, '/'), "help");
	ck_assert_str_eq(action_of(m, UI_CTRL('r')), "redraw");
	/* the defaults not rebound stay */
	ck_assert_str_eq(action_of(m, 'q'), "quit");
	ck_assert_str_eq(action_of(m, UI_CTRL('l')), "redraw");
	ui_keymap_free(m);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_same_action_twice_ok)
{
	struct ui_config cfg;
	char path[PATH_MAX + 32], err[2048] = "";

	snprintf(path, sizeof(path), "%s/twice.conf", tmpdir);
	write_text(path, "keys = { x = \"quit\"; };\nbind = ( [\"x\", \"quit\"] );\n");
	ck_assert_msg(ui_config_load(path, &cfg, false, err, sizeof(err), NULL) == 0, "%s", err);
	ui_config_free(&cfg);
}
END_TEST

static void check_same(const struct ui_config *a, const struct ui_config *b)
{
	size_t i;
	ck_assert_int_eq(a->set.delay_ms, b->set.delay_ms);
	ck_assert_int_eq(a->set.sort, b->set.sort);
	ck_assert_int_eq(a->set.sort_reverse, b->set.sort_reverse);
	ck_assert_int_eq(a->set.cpu_one, b->set.cpu_one);
	ck_assert_int_eq(a->set.io_bytes, b->set.io_bytes);
	ck_assert_uint_eq(a->set.columns, b->set.columns);
	ck_assert_uint_eq(a->set.history, b->set.history);
	ck_assert_str_eq(a->set.start_view, b->set.start_view);
	ck_assert_str_eq(a->set.theme, b->set.theme);
	ck_assert_str_eq(a->accel, b->accel);
	ck_assert_int_eq(a->demo_size, b->demo_size);
	ck_assert_uint_eq(a->nconnections, b->nconnections);
	for (i = 0; i < a->nconnections; i++)
		ck_assert_str_eq(a->connections[i], b->connections[i]);
	ck_assert_uint_eq(a->nbinds, b->nbinds);
	for (i = 0; i < a->nbinds; i++) {
		ck_assert_str_eq(a->binds[i].key, b->binds[i].key);
		ck_assert_str_eq(a->binds[i].action, b->binds[i].action);
	}
}

START_TEST(test_write_roundtrip)
{
	struct ui_config cfg, back;
	char in[PATH_MAX + 32], out[PATH_MAX + 64], err[2048] = "";
	struct stat st;
	DIR *d;
	struct dirent *e;
	int files = 0;

	snprintf(in, sizeof(in), "%s/good/full.conf", srcdir);
	ck_assert_int_eq(ui_config_load(in, &cfg, false, err, sizeof(err), NULL), 0);
	/* URIs with what must be escaped */
	free(cfg.connections[0]);
	cfg.connections[0] = xstrdup("test:///a\\b\t\"c\x01\xc3\xa9");
	/* settings changed in the session (s, F, T, ...) */
	cfg.set.delay_ms = 250;
	cfg.set.sort = SORT_HOST;
	cfg.set.sort_reverse = false;
	snprintf(cfg.set.theme, sizeof(cfg.set.theme), "solarized-dark");
	snprintf(cfg.set.start_view, sizeof(cfg.set.start_view), "block");

	/* into a directory that does not exist yet */
	snprintf(out, sizeof(out), "%s/new/hvtop/hvtop.conf", tmpdir);
	ck_assert_msg(ui_config_write(out, &cfg.set, &cfg, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(stat(out, &st), 0);
	snprintf(in, sizeof(in), "%s/new/hvtop", tmpdir);
	ck_assert_int_eq(stat(in, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0700);

	ck_assert_msg(ui_config_load(out, &back, false, err, sizeof(err), warn_cb) == 0,
		      "%s", err);
	ck_assert_int_eq(nwarned, 0);
	ck_assert_uint_eq(back.given, (1u << CFG_COUNT) - 1);
	check_same(&cfg, &back);
	ck_assert_int_eq(back.set.delay_ms, 250);
	ck_assert_int_eq(back.set.sort, SORT_HOST);
	ui_config_free(&back);

	/* again, over the old file: no temporary file left behind */
	ck_assert_int_eq(ui_config_write(out, &cfg.set, &cfg, err, sizeof(err)), 0);
	d = opendir(in);
	ck_assert(d != NULL);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' || strncmp(e->d_name, ".hvtop", 6) == 0)
			files++;
	closedir(d);
	ck_assert_int_eq(files, 1);
	ui_config_free(&cfg);
}
END_TEST

START_TEST(test_write_defaults)
{
	struct ui_settings set;
	struct ui_config back, def;
	char out[PATH_MAX + 32], err[2048] = "";

	ui_config_defaults(&set);
	snprintf(out, sizeof(out), "%s/d.conf", tmpdir);
	ck_assert_msg(ui_config_write(out, &set, NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert_msg(ui_config_load(out, &back, false, err, sizeof(err), warn_cb) == 0,
		      "%s", err);
	ck_assert_int_eq(nwarned, 0);
	ui_config_init(&def);
	check_same(&def, &back);
	ui_config_free(&def);
	ui_config_free(&back);
}
END_TEST

START_TEST(test_write_symlink)
{
	struct ui_settings set;
	char real[PATH_MAX + 32], link[PATH_MAX + 32], err[2048] = "";
	struct stat st;
	char *text;

	ui_config_defaults(&set);
	set.delay_ms = 3000;
	snprintf(real, sizeof(real), "%s/dotfiles.conf", tmpdir);
	snprintf(link, sizeof(link), "%s/link.conf", tmpdir);
	write_text(real, "delay = 1.0;\n");
	chmod(real, 0640);
	ck_assert_int_eq(symlink(real, link), 0);
	ck_assert_msg(ui_config_write(link, &set, NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(stat(real, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0640);
	text = read_all(real, NULL);
	ck_assert_msg(strstr(text, "\ndelay = 3.0;\n"), "%s", text);
	free(text);
}
END_TEST

START_TEST(test_write_error)
{
	struct ui_settings set;
	char out[PATH_MAX + 32], err[2048] = "";

	ui_config_defaults(&set);
	snprintf(out, sizeof(out), "%s/file", tmpdir);
	write_file(out, "x", 1);
	/* a file where the directory should be */
	snprintf(out, sizeof(out), "%s/file/hvtop.conf", tmpdir);
	ck_assert_int_eq(ui_config_write(out, &set, NULL, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "file"), "%s", err);
}
END_TEST

START_TEST(test_help)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);
	static const char *const names[] = {
		"connections", "delay", "sort", "sort_reverse", "start_view",
		"columns", "cpu_scale", "io_units", "theme", "history", "accel",
		"demo_size", "keys", "bind",
	};
	size_t i;

	ui_config_help(f);
	fclose(f);
	for (i = 0; i < ARRAY_SIZE(names); i++) {
		char want[64];
		snprintf(want, sizeof(want), "\n  %s (", names[i]);
		ck_assert_msg(strstr(buf, want), "--help-config lacks %s", names[i]);
	}
	ck_assert(strstr(buf, "allowed: 0.1 to 3600"));
	ck_assert(strstr(buf, "cpu, mem, time, id, name, rdrq, wrrq, rxby, txby, steal, host"));
	ck_assert(strstr(buf, "solarized-dark"));
	ck_assert(strstr(buf, "graph-high"));
	ck_assert(strstr(buf, "sort-invert"));
	free(buf);
}
END_TEST

/* ---- the corpus of bad files ---- */

/* "# expect: LINE: TEXT" on the first line of path */
static void expectation(const char *path, int *line, char *text, size_t n)
{
	char *buf = read_all(path, NULL), *nl;
	ck_assert_msg(sscanf(buf, "# expect: %d: ", line) == 1, "%s: no # expect:", path);
	nl = strchr(buf, '\n');
	ck_assert(nl != NULL);
	*nl = '\0';
	snprintf(text, n, "%s", strchr(strstr(buf, ": ") + 2, ':') + 2);
	free(buf);
}

static int corpus(const char *sub, int (*load)(const char *path, char *err, size_t errsz))
{
	char dir[PATH_MAX + 32], path[PATH_MAX + 300], text[512], prefix[PATH_MAX + 320];
	char err[4096];
	struct dirent *e;
	int line, n = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/%s", srcdir, sub);
	d = opendir(dir);
	ck_assert_msg(d != NULL, "%s: %s", dir, strerror(errno));
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		expectation(path, &line, text, sizeof(text));
		memset(err, 'x', sizeof(err));
		err[0] = '\0';
		ck_assert_msg(load(path, err, sizeof(err)) < 0, "%s: accepted", path);
		snprintf(prefix, sizeof(prefix), "%s:%d: ", path, line);
		ck_assert_msg(strncmp(err, prefix, strlen(prefix)) == 0,
			      "%s: error '%s' is not at line %d", e->d_name, err, line);
		ck_assert_msg(strstr(err, text), "%s: error '%s' lacks '%s'", e->d_name,
			      err, text);
		n++;
	}
	closedir(d);
	return n;
}

static int load_config(const char *path, char *err, size_t errsz)
{
	struct ui_config cfg;
	int r = ui_config_load(path, &cfg, false, err, errsz, NULL);
	if (r < 0) /* reset to the defaults */
		ck_assert_uint_eq(cfg.nbinds + cfg.nconnections + cfg.given, 0);
	ui_config_free(&cfg);
	return r;
}

START_TEST(test_bad_configs)
{
	ck_assert_int_ge(corpus("bad", load_config), 30);
}
END_TEST

START_TEST(test_bad_themes)
{
	ck_assert_int_ge(corpus("bad-theme", th_load), 15);
}
END_TEST

/* the theme's err for a theme named like a file in the corpus */
START_TEST(test_bad_theme_by_name)
{
	char dir[PATH_MAX + 32], path[PATH_MAX + 64], err[2048];

	snprintf(dir, sizeof(dir), "%s/hvtop", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(dir, sizeof(dir), "%s/hvtop/themes", tmpdir);
	ck_assert_int_eq(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/broken.conf", dir);
	write_text(path, "slots = { header = { fg = \"purple\"; }; };\n");
	ck_assert_int_eq(th_load("broken", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "broken.conf:1: unknown colour 'purple'"), "%s", err);
	/* a user theme with a shipped name wins */
	snprintf(path, sizeof(path), "%s/light.conf", dir);
	write_text(path, "slots = { header = { fg = \"pink\"; }; };\n");
	ck_assert_int_eq(th_load("light", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "themes/light.conf:1: unknown colour 'pink'"), "%s", err);
	ck_assert_int_eq(th_load("no-such", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "unknown theme 'no-such' (allowed: broken, default, "
			      "high-contrast, light, mono, solarized-dark)"), "%s", err);
	ck_assert_int_eq(th_load("../x", err, sizeof(err)), -1);
	ck_assert_int_eq(th_load("/nonexistent/x.conf", err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "/nonexistent/x.conf: no such theme file"), "%s", err);
}
END_TEST

/* random bytes and mangled good files: an error or a load, never a crash */
START_TEST(test_garbage)
{
	char path[PATH_MAX + 32], good[PATH_MAX + 32], err[1024];
	unsigned seed = 12345;
	size_t glen, len, i;
	char *g, *buf = xmalloc(8192);
	int round;

	snprintf(path, sizeof(path), "%s/garbage.conf", tmpdir);
	snprintf(good, sizeof(good), "%s/good/full.conf", srcdir);
	g = read_all(good, &glen);
	for (round = 0; round < 400; round++) {
		if (round % 2) {
			len = (size_t)rand_r(&seed) % 4096;
			for (i = 0; i < len; i++)
				buf[i] = (char)rand_r(&seed);
		} else {
			/* truncated and with a few bytes changed */
			len = (size_t)rand_r(&seed) % (glen + 1);
			memcpy(buf, g, len);
			for (i = 0; len && i < 3; i++)
				buf[(size_t)rand_r(&seed) % len] = (char)(rand_r(&seed) % 128);
		}
		write_file(path, buf, len);
		load_config(path, err, sizeof(err));
		(void)th_load(path, err, sizeof(err));
	}
	free(g);
	free(buf);
}
END_TEST

START_TEST(test_too_big)
{
	char path[PATH_MAX + 32], err[1024];
	size_t n = 2 * 1024 * 1024;
	char *buf = xmalloc(n);

	memset(buf, '#', n);
	snprintf(path, sizeof(path), "%s/big.conf", tmpdir);
	write_file(path, buf, n);
	ck_assert_int_eq(load_config(path, err, sizeof(err)), -1);
	ck_assert_msg(strstr(err, "too big"), "%s", err);
	free(buf);
}
END_TEST

/* a settings or theme file anyone may write is refused, with a sentence */
START_TEST(test_world_writable)
{
	char path[PATH_MAX + 32], err[1024], want[2 * PATH_MAX + 128];

	snprintf(path, sizeof(path), "%s/open.conf", tmpdir);
	write_text(path, "delay = 2.0;\n");
	ck_assert_int_eq(chmod(path, 0666), 0);
	ck_assert_int_eq(load_config(path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: refused: anyone may write to it (chmod o-w %s)",
		 path, path);
	ck_assert_str_eq(err, want);
	ck_assert_int_eq(chmod(path, 0664), 0);
	ck_assert_int_eq(load_config(path, err, sizeof(err)), 0);

	snprintf(path, sizeof(path), "%s/open-theme.conf", tmpdir);
	write_text(path, "name = \"open\";\n");
	ck_assert_int_eq(chmod(path, 0646), 0);
	ck_assert_int_eq(th_load(path, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s: refused: anyone may write to it (chmod o-w %s)",
		 path, path);
	ck_assert_str_eq(err, want);
}
END_TEST

/* small error buffers are filled, cut, terminated */
START_TEST(test_err_small)
{
	char path[PATH_MAX + 64], err[16];
	struct ui_config cfg;

	snprintf(path, sizeof(path), "%s/bad/keys-unknown-action.conf", srcdir);
	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(ui_config_load(path, &cfg, false, err, sizeof(err), NULL), -1);
	ck_assert_uint_eq(strlen(err), sizeof(err) - 1);
	ui_config_free(&cfg);
	snprintf(path, sizeof(path), "%s/bad-theme/unknown-slot.conf", srcdir);
	memset(err, 'x', sizeof(err));
	ck_assert_int_eq(th_load(path, err, sizeof(err)), -1);
	ck_assert_uint_eq(strlen(err), sizeof(err) - 1);
}
END_TEST

/* ---- themes ---- */

START_TEST(test_shipped_themes)
{
	char err[2048], path[PATH_MAX + 64];
	char **names = th_list();
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(shipped); i++) {
		ck_assert_msg(th_load(shipped[i], err, sizeof(err)) == 0, "%s: %s",
			      shipped[i], err);
		snprintf(path, sizeof(path), "%s/../../themes/%s.conf", srcdir, shipped[i]);
		ck_assert_msg(th_load(path, err, sizeof(err)) == 0, "%s: %s", path, err);
	}
	for (n = 0; names[n]; n++)
		;
	ck_assert_uint_eq(n, ARRAY_SIZE(shipped));
	ck_assert_str_eq(names[0], "default");
	th_list_free(names);
}
END_TEST

START_TEST(test_next_cycles)
{
	const char *order[] = { "default", "high-contrast", "light", "mono",
				"solarized-dark", "default" };
	char cur[64];
	size_t i;

	snprintf(cur, sizeof(cur), "%s", "default");
	for (i = 1; i < ARRAY_SIZE(order); i++) {
		snprintf(cur, sizeof(cur), "%s", th_next(cur));
		ck_assert_str_eq(cur, order[i]);
	}
	ck_assert_str_eq(th_next("not-in-the-list"), "default");
	ck_assert_str_eq(th_next(NULL), "default");
}
END_TEST

START_TEST(test_builtin_without_files)
{
	char err[1024];
	setenv("HVTOP_THEME_DIR", "/nonexistent", 1);
	/* whatever the datadir holds, default and mono always exist */
	ck_assert_int_eq(th_load("default", err, sizeof(err)), 0);
	ck_assert_int_eq(th_load("mono", err, sizeof(err)), 0);
	ck_assert_int_eq(th_load(NULL, err, sizeof(err)), 0);
}
END_TEST

/* A terminal for th_init: output to /dev/null, TERM as given. */
static SCREEN *term_open(const char *term, FILE **out, FILE **in)
{
	SCREEN *scr;
	*out = fopen("/dev/null", "w");
	*in = fopen("/dev/null", "r");
	scr = newterm(term, *out, *in);
	ck_assert_msg(scr != NULL, "no terminfo for %s", term);
	set_term(scr);
	return scr;
}

static void term_close(SCREEN *scr, FILE *out, FILE *in)
{
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
}

/* the colour pair of slot s now */
static void pair_of(enum th_slot s, short *fg, short *bg)
{
	short p = (short)PAIR_NUMBER(th_attr(s));
	ck_assert_int_gt(p, 0);
	ck_assert_int_eq(pair_content(p, fg, bg), OK);
}

START_TEST(test_render_256)
{
	FILE *out, *in;
	SCREEN *scr = term_open("xterm-256color", &out, &in);
	attr_t builtin[TH_COUNT];
	char themes[PATH_MAX + 16];
	short bfg[TH_COUNT], bbg[TH_COUNT], fg, bg;
	char err[1024];
	size_t i;
	int s;

	/* the built-in default, without files ... */
	setenv("HVTOP_THEME_DIR", "/nonexistent", 1);
	ck_assert_int_eq(th_init("default"), 0);
	ck_assert(!th_is_mono());
	for (s = 0; s < TH_COUNT; s++) {
		builtin[s] = th_attr((enum th_slot)s);
		pair_of((enum th_slot)s, &bfg[s], &bbg[s]);
	}
	/* ... is what themes/default.conf says */
	snprintf(themes, sizeof(themes), "%s/../../themes", srcdir);
	setenv("HVTOP_THEME_DIR", themes, 1);
	ck_assert_int_eq(th_apply("default", err, sizeof(err)), 0);
	for (s = 0; s < TH_COUNT; s++) {
		pair_of((enum th_slot)s, &fg, &bg);
		ck_assert_msg(th_attr((enum th_slot)s) == builtin[s] && fg == bfg[s] &&
			      bg == bbg[s], "default.conf differs in slot %s",
			      th_slot_name((enum th_slot)s));
	}
	/* every shipped theme applies live */
	for (i = 0; i < ARRAY_SIZE(shipped); i++) {
		ck_assert_msg(th_apply(shipped[i], err, sizeof(err)) == 0, "%s", err);
		ck_assert_str_eq(th_current(), shipped[i]);
	}
	/* 256-colour values are used as they are; #rrggbb to the cube */
	th_apply("solarized-dark", err, sizeof(err));
	pair_of(TH_RUNNING, &fg, &bg);
	ck_assert_int_eq(fg, 100); /* #859900 */
	ck_assert_int_eq(bg, -1);
	th_apply("light", err, sizeof(err));
	pair_of(TH_RUNNING, &fg, &bg);
	ck_assert_int_eq(fg, 28);
	/* a failed switch keeps the old theme */
	ck_assert_int_eq(th_apply("no-such", err, sizeof(err)), -1);
	ck_assert_str_eq(th_current(), "light");
	/* T: next in order */
	ck_assert_str_eq(th_apply_next(err, sizeof(err)), "mono");
	ck_assert_str_eq(th_apply_next(err, sizeof(err)), "solarized-dark");
	ck_assert_str_eq(th_apply_next(err, sizeof(err)), "default");
	term_close(scr, out, in);
}
END_TEST

START_TEST(test_render_8)
{
	FILE *out, *in;
	SCREEN *scr = term_open("xterm", &out, &in);
	short fg, bg;
	int s;

	ck_assert_int_eq(th_init("high-contrast"), 0);
	ck_assert_int_eq(COLORS, 8);
	ck_assert(!th_is_mono());
	for (s = 0; s < TH_COUNT; s++) {
		pair_of((enum th_slot)s, &fg, &bg);
		ck_assert_int_lt(fg, 8);
		ck_assert_int_lt(bg, 8);
	}
	/* bright-green: green, bold */
	pair_of(TH_RUNNING, &fg, &bg);
	ck_assert_int_eq(fg, COLOR_GREEN);
	ck_assert(th_attr(TH_RUNNING) & A_BOLD);
	/* bright backgrounds: the basic colour */
	pair_of(TH_SELECTION, &fg, &bg);
	ck_assert_int_eq(bg, COLOR_YELLOW);
	ck_assert_int_eq(th_init("solarized-dark"), 0);
	for (s = 0; s < TH_COUNT; s++) {
		pair_of((enum th_slot)s, &fg, &bg);
		ck_assert_int_lt(fg, 8);
		ck_assert_int_lt(bg, 8);
	}
	ck_assert_int_eq(th_init("light"), 0);
	pair_of(TH_RUNNING, &fg, &bg); /* 28, a dark green */
	ck_assert_int_eq(fg, COLOR_GREEN);
	term_close(scr, out, in);
}
END_TEST

START_TEST(test_render_mono)
{
	FILE *out, *in;
	SCREEN *scr;
	char err[1024];

	setenv("NO_COLOR", "1", 1);
	scr = term_open("xterm-256color", &out, &in);
	ck_assert_int_eq(th_init("solarized-dark"), 0);
	ck_assert(th_is_mono());
	ck_assert_str_eq(th_current(), "solarized-dark");
	ck_assert_int_eq(PAIR_NUMBER(th_attr(TH_HEADER)), 0);
	ck_assert(th_attr(TH_SELECTION) & A_REVERSE);
	ck_assert_int_eq(th_apply("light", err, sizeof(err)), 0);
	ck_assert_int_eq(PAIR_NUMBER(th_attr(TH_ERROR)), 0);
	term_close(scr, out, in);
	unsetenv("NO_COLOR");

	/* a terminal without colours */
	scr = term_open("vt100", &out, &in);
	ck_assert_int_eq(th_init("default"), 0);
	ck_assert(th_is_mono());
	ck_assert_int_eq(PAIR_NUMBER(th_attr(TH_COLHEAD)), 0);
	ck_assert(th_attr(TH_COLHEAD) & A_REVERSE);
	term_close(scr, out, in);
}
END_TEST

START_TEST(test_init_unknown_falls_back)
{
	FILE *out, *in;
	SCREEN *scr = term_open("xterm-256color", &out, &in);
	short fg, bg;

	ck_assert_int_eq(th_init("no-such"), -1);
	ck_assert_str_eq(th_current(), "default");
	pair_of(TH_HEADER, &fg, &bg);
	ck_assert_int_eq(fg, COLOR_CYAN);
	term_close(scr, out, in);
}
END_TEST

START_TEST(test_slot_table)
{
	int s;
	for (s = 0; s < TH_COUNT; s++) {
		ck_assert_ptr_nonnull(th_slot_name((enum th_slot)s));
		ck_assert_ptr_nonnull(th_slot_help((enum th_slot)s));
	}
	ck_assert_ptr_null(th_slot_name(TH_COUNT));
	ck_assert_int_eq(th_vm_slot(0), TH_VM0);
	ck_assert_int_eq(th_vm_slot(9), TH_VM1);
	ck_assert_int_eq(th_state_slot(BE_ST_RUNNING), TH_RUNNING);
}
END_TEST

static Suite *config_suite(void)
{
	Suite *s = suite_create("config");
	TCase *tc;

	tc = tcase_create("settings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_full);
	tcase_add_test(tc, test_unknown_setting_warns);
	tcase_add_test(tc, test_missing);
	tcase_add_test(tc, test_path);
	tcase_add_test(tc, test_apply_keys);
	tcase_add_test(tc, test_same_action_twice_ok);
	tcase_add_test(tc, test_help);
	suite_add_tcase(s, tc);

	tc = tcase_create("write");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_write_roundtrip);
	tcase_add_test(tc, test_write_defaults);
	tcase_add_test(tc, test_write_symlink);
	tcase_add_test(tc, test_write_error);
	suite_add_tcase(s, tc);

	tc = tcase_create("bad input");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_bad_configs);
	tcase_add_test(tc, test_bad_themes);
	tcase_add_test(tc, test_bad_theme_by_name);
	tcase_add_test(tc, test_garbage);
	tcase_add_test(tc, test_too_big);
	tcase_add_test(tc, test_err_small);
	tcase_add_test(tc, test_world_writable);
	suite_add_tcase(s, tc);

	tc = tcase_create("themes");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_shipped_themes);
	tcase_add_test(tc, test_next_cycles);
	tcase_add_test(tc, test_builtin_without_files);
	tcase_add_test(tc, test_render_256);
	tcase_add_test(tc, test_render_8);
	tcase_add_test(tc, test_render_mono);
	tcase_add_test(tc, test_init_unknown_falls_back);
	tcase_add_test(tc, test_slot_table);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(config_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed > 255 ? 255 : failed;
}
