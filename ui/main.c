/* hvtop: options, connections, then the screen or batch output. */
#include <config.h>
#include "ui/app.h"
#include "ui/batch.h"
#include "ui/keymap.h"
#include "ui/options.h"
#include "ui/script.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "backend/util.h"

#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* With no -c and no $LIBVIRT_DEFAULT_URI: the first that answers. */
static const char *const fallback_uris[] = { "qemu:///system", "test:///default" };

static int open_connections(struct app *a, const struct ui_options *o)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");
	char *err = NULL;
	size_t i;

	if (o->nuris) {
		a->conns = xcalloc(o->nuris, sizeof(*a->conns));
		for (i = 0; i < o->nuris; i++) {
			a->conns[i] = be_conn_open(o->uris[i], o->readonly, (unsigned)i, &err);
			if (!a->conns[i]) {
				fprintf(stderr, "hvtop: %s\n", err);
				free(err);
				return -1;
			}
			a->nhosts++;
		}
	} else if (env && *env) {
		a->conns = xcalloc(1, sizeof(*a->conns));
		a->conns[0] = be_conn_open(env, o->readonly, 0, &err);
		if (!a->conns[0]) {
			fprintf(stderr, "hvtop: %s (from $LIBVIRT_DEFAULT_URI)\n", err);
			free(err);
			return -1;
		}
		a->nhosts = 1;
	} else {
		a->conns = xcalloc(1, sizeof(*a->conns));
		for (i = 0; i < ARRAY_SIZE(fallback_uris) && !a->conns[0]; i++) {
			free(err);
			err = NULL;
			a->conns[0] = be_conn_open(fallback_uris[i], o->readonly, 0, &err);
		}
		if (!a->conns[0]) {
			fprintf(stderr, "hvtop: %s\n", err);
			free(err);
			return -1;
		}
		a->nhosts = 1;
		if (!o->batch && !o->json && !o->csv_file)
			fprintf(stderr, "hvtop: opened %s\n", be_conn_uri(a->conns[0]));
	}
	a->snaps = xcalloc(a->nhosts, sizeof(*a->snaps));
	return 0;
}

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

static int run_batch(struct app *a, const struct ui_options *o)
{
	FILE *csv = NULL;
	int it;
	size_t i;

	if (o->csv_file) {
		csv = strcmp(o->csv_file, "-") == 0 ? stdout : fopen(o->csv_file, "w");
		if (!csv) {
			fprintf(stderr, "hvtop: cannot write '%s': %m\n", o->csv_file);
			return 2;
		}
	}
	ui_update_needs(a);
	for (it = 0; o->iterations < 0 || it < o->iterations; it++) {
		if (it)
			sleep_ms(a->set.delay_ms);
		for (i = 0; i < a->nhosts; i++) {
			struct be_snap *s = be_conn_step(a->conns[i]);
			be_snap_unref(a->snaps[i]);
			a->snaps[i] = s;
			be_history_update(a->hist, s);
		}
		a->refreshes++;
		ui_rows_rebuild(a);
		if (o->json)
			batch_json(stdout, a);
		else if (o->batch)
			batch_text(stdout, a);
		if (csv) {
			if (it == 0)
				batch_csv_header(csv, a);
			batch_csv_row(csv, a);
			fflush(csv);
		}
		fflush(stdout);
	}
	if (csv && csv != stdout)
		fclose(csv);
	return 0;
}

static void app_free(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		be_conn_free(a->conns[i]);
		be_snap_unref(a->snaps[i]);
	}
	free(a->conns);
	free(a->snaps);
	free(a->rows);
	for (i = 0; i < a->nlog; i++)
		free(a->log[i]);
	free(a->log);
	be_history_free(a->hist);
	ui_keymap_free(a->keymap);
	ui_script_free(a->script);
	if (a->wake[0] >= 0) {
		close(a->wake[0]);
		close(a->wake[1]);
	}
}

int main(int argc, char **argv)
{
	struct ui_options o;
	struct app a;
	char err[512];
	const char *cs;
	int r;

	setlocale(LC_ALL, "");
	r = ui_options_parse(&o, argc, argv);
	if (r) {
		ui_options_free(&o);
		return r == 1 ? 0 : 2;
	}
	memset(&a, 0, sizeof(a));
	a.wake[0] = a.wake[1] = -1;
	cs = nl_langinfo(CODESET);
	a.ascii = !cs || strcmp(cs, "UTF-8") != 0;
	a.readonly = o.readonly;
	a.set.delay_ms = o.delay_ms > 0 ? o.delay_ms : 1000;
	a.set.sort = SORT_CPU;
	a.set.columns = COLS_DEFAULT;
	a.set.history = 60;
	a.view = a.back_view = &view_domains;
	a.keymap = ui_keymap_new();

	/* a bad script is refused before anything runs */
	if (o.keys || o.keys_file) {
		a.script = o.keys ? ui_script_parse(o.keys, err, sizeof(err)) :
				    ui_script_load(o.keys_file, err, sizeof(err));
		if (!a.script) {
			fprintf(stderr, "hvtop: %s\n", err);
			r = 2;
			goto out;
		}
	}
	if (be_init() < 0) {
		fprintf(stderr, "hvtop: cannot initialise libvirt\n");
		r = 2;
		goto out;
	}
	if (open_connections(&a, &o) < 0) {
		r = 2;
		goto out;
	}
	if (!o.batch && !o.json && !o.csv_file &&
	    (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "hvtop: not a terminal; use -b, --csv or --json for output to a pipe or file\n");
		r = 2;
		goto out;
	}
	a.hist = be_history_new(a.set.history);
	if (o.batch || o.json || o.csv_file) {
		r = run_batch(&a, &o);
		goto out;
	}
	if (pipe2(a.wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		fprintf(stderr, "hvtop: cannot create a pipe: %m\n");
		r = 1;
		goto out;
	}
	ui_update_needs(&a);
	r = ui_run(&a);
out:
	app_free(&a);
	ui_options_free(&o);
	return r;
}
