/* hvtop: options, connections, then the screen or batch output. */
#include <config.h>
#include "ui/app.h"
#include "ui/loop.h"
#include "ui/batch.h"
#include "ui/help.h"
#include "ui/keymap.h"
#include "ui/mgmt.h"
#include "ui/options.h"
#include "ui/script.h"
#include "ui/settings.h"
#include "ui/config.h"
#include "ui/theme.h"
#include "ui/trace.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "common/util.h"
#include "kvm/demo.h"
#include "kvm/embed.h"
#include "kvm/hooks.h"
#include "kvm/scenario.h"

#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

/* Does a libvirt daemon answer for qemu:///system?  A connect() on its
 * socket, bounded, so that a hung or absent daemon never hangs hvtop. */
static bool system_daemon_answers(void)
{
	static const char *const socks[] = {
		"/run/libvirt/virtqemud-sock", "/run/libvirt/libvirt-sock",
		"/var/run/libvirt/virtqemud-sock", "/var/run/libvirt/libvirt-sock",
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(socks); i++) {
		struct sockaddr_un sa = { .sun_family = AF_UNIX };
		struct pollfd p;
		int fd, r, e = 0;
		socklen_t el = sizeof(e);
		if (access(socks[i], F_OK) < 0)
			continue;
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			continue;
		snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", socks[i]);
		r = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
		if (r < 0 && errno == EINPROGRESS) {
			p.fd = fd;
			p.events = POLLOUT;
			r = poll(&p, 1, 1000) == 1 &&
			    getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && !e ? 0 : -1;
		}
		close(fd);
		if (r == 0)
			return true;
	}
	return false;
}

/* The connection used with no -c: $LIBVIRT_DEFAULT_URI, else the config
 * file's connections (handled by the caller), else qemu:///system when its
 * daemon answers, else the embedded driver in the state directory.  *from
 * says which. */
static char *default_uri(const char **from, char **err)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");
	if (env && *env) {
		*from = "from $LIBVIRT_DEFAULT_URI";
		return xstrdup(env);
	}
	if (system_daemon_answers()) {
		*from = "the default connection";
		return xstrdup("qemu:///system");
	}
	*from = "the default connection";
	return kvm_embed_default_uri(err);
}

/* Before libvirt starts: the embedded root's lock and qemu.conf, so a
 * second hvtop is told who holds it and libvirt's log goes to a file. */
static int prepare_embedded(const char *uri)
{
	char *err = NULL;
	if (kvm_embed_claim(uri, &err) < 0) {
		fprintf(stderr, "hvtop: %s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

/* The header's note for the embedded root: which accelerator its demo
 * guests use and why not KVM. */
static void note_embedded(struct app *a, const char *demo_note)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct be_conn *c = a->hosts[i]->conn;
		char *root = kvm_embed_root_of(be_conn_uri(c));
		char *note = root && demo_note ? xstrdup(demo_note) :
			     root ? kvm_demo_note() : NULL;
		if (note)
			be_conn_set_note(c, note);
		free(note);
		free(root);
	}
}

/* How long start-up waits for the hosts' first answers before the screen
 * or the first batch line: a URI that fails at once is still an error
 * before anything is shown, and a host that does not answer shows as
 * connecting rather than holding up the others. */
#define FIRST_ANSWER_MS 1500

/* Waits until every host has sent a sample, or ms; with need_one (batch
 * output: a line of nothing but "connecting" tells nobody anything), not
 * before one host has. */
static void wait_first_samples(struct app *a, int ms, bool need_one)
{
	int64_t until = mono_ns() + (int64_t)ms * 1000000;
	for (;;) {
		struct pollfd p = { .fd = a->wake[0], .events = POLLIN };
		unsigned char buf[64];
		int64_t left;
		size_t i, got = 0;
		ui_sources_take(a);
		for (i = 0; i < a->nhosts; i++)
			got += a->hosts[i]->src.sample != NULL;
		left = (until - mono_ns()) / 1000000;
		if (got == a->nhosts || (left <= 0 && (got || !need_one)))
			return;
		if (poll(&p, 1, left > 0 ? (int)left : -1) > 0)
			while (read(a->wake[0], buf, sizeof(buf)) > 0)
				;
	}
}

/* The first host whose first attempt failed (not one still waiting), or
 * NULL. */
static const struct be_sample *first_failure(const struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *s = a->hosts[i]->src.sample;
		if (s && s->state == BE_CONN_DOWN && !s->ever_up)
			return s;
	}
	return NULL;
}

static int open_connections(struct app *a, const struct ui_options *o,
			    const char *dflt, const char *from,
			    const char *demo_note, bool batch)
{
	const struct be_sample *bad;
	char *err = NULL;
	size_t i;

	if (o->nuris)
		for (i = 0; i < o->nuris; i++)
			ui_host_open(a, o->uris[i], o->readonly, &err);
	else
		ui_host_open(a, dflt, o->readonly, &err);
	note_embedded(a, demo_note);
	ui_sources_start(a);
	wait_first_samples(a, FIRST_ANSWER_MS, batch);
	bad = first_failure(a);
	if (bad && !o->nuris && strcmp(dflt, "qemu:///system") == 0) {
		/* the daemon answered but would not have us: go embedded */
		char *emb = kvm_embed_default_uri(&err);
		fprintf(stderr, "hvtop: %s; using the embedded driver\n",
			bad->error ? bad->error : "?");
		ui_host_remove(a, a->hosts[0]->id);
		if (!emb || prepare_embedded(emb) < 0) {
			if (err)
				fprintf(stderr, "hvtop: %s (%s)\n", err, from);
			free(err);
			free(emb);
			return -1;
		}
		ui_host_open(a, emb, o->readonly, &err);
		free(emb);
		note_embedded(a, demo_note);
		wait_first_samples(a, FIRST_ANSWER_MS, batch);
		bad = first_failure(a);
	}
	if (bad) {
		if (o->nuris)
			fprintf(stderr, "hvtop: %s\n", bad->error ? bad->error : "?");
		else
			fprintf(stderr, "hvtop: %s (%s)\n", bad->error ? bad->error : "?", from);
		return -1;
	}
	return 0;
}

/* --complete-uris: what a user may mean after -c; quiet, for a shell */
static int complete_uris(const struct ui_config *cfg)
{
	const char *env = getenv("LIBVIRT_DEFAULT_URI");
	char *err = NULL, *emb = kvm_embed_default_uri(&err);
	size_t i;
	for (i = 0; i < cfg->nconnections; i++)
		printf("%s\n", cfg->connections[i]);
	if (env && *env)
		printf("%s\n", env);
	printf("qemu:///system\nqemu:///session\n");
	if (emb)
		printf("%s\n", emb);
	free(emb);
	free(err);
	return 0;
}

/* Waits for this round's samples: until every host that answered last
 * round has sent one, or until the deadline.  A host that does not answer
 * then is late, and the next rounds do not wait for it: the others keep
 * their rate. */
static void wait_round(struct app *a, int64_t deadline)
{
	/* once seen, kept: the flag drops while the sample is taken again */
	bool guest = false;
	for (;;) {
		struct pollfd p = { .fd = a->wake[0], .events = POLLIN };
		unsigned char buf[64];
		int64_t left;
		size_t i;
		bool any = false;
		ui_sources_take(a);
		for (i = 0; i < a->nhosts; i++) {
			any = any || a->hosts[i]->fresh;
			if (!a->hosts[i]->fresh && !a->hosts[i]->late &&
			    be_conn_waits_for_guest(a->hosts[i]->conn))
				guest = true;
		}
		for (i = 0; i < a->nhosts; i++)
			if (!a->hosts[i]->fresh && !a->hosts[i]->late)
				break;
		/* a host waiting for a guest slow to answer answers, or leaves
		 * that guest behind, within BE_STUCK_MS: its line waits */
		left = (deadline + (guest ? BE_STUCK_MS * 1000000LL : 0) -
			mono_ns() + 999999) / 1000000;
		/* with every host late, the line waits for the deadline */
		if ((i == a->nhosts && any) || left <= 0)
			return;
		if (poll(&p, 1, (int)left) > 0)
			while (read(a->wake[0], buf, sizeof(buf)) > 0)
				;
	}
}

/* A host with no sample this round has not answered: it is shown by its
 * state, without numbers. */
static void mark_round(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct ui_host *h = a->hosts[i];
		h->silent = !h->fresh;
		h->silent_ns = h->silent ? be_conn_waiting_ns(h->conn) : 0;
	}
}

static void end_round(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		a->hosts[i]->late = !a->hosts[i]->fresh;
		a->hosts[i]->fresh = false;
	}
}

/* Batch output ends on SIGTERM, SIGHUP and SIGINT after the sample under
 * way, so that what is left behind is cleaned (the tracer's instance). */
static volatile sig_atomic_t batch_stop;

static void on_batch_signal(int sig)
{
	(void)sig;
	batch_stop = 1;
}

static FILE *open_out(const char *path)
{
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f)
		fprintf(stderr, "hvtop: cannot write '%s': %m\n", path);
	return f;
}

static int run_batch(struct app *a, const struct ui_options *o)
{
	FILE *csv = NULL, *slices = NULL;
	struct sigaction sa;
	int64_t delay = (int64_t)a->set.delay_ms * 1000000, last = 0;
	int it;

	if (o->csv_file && !(csv = open_out(o->csv_file)))
		return 2;
	if (o->slices_file && !(slices = open_out(o->slices_file))) {
		if (csv && csv != stdout)
			fclose(csv);
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_batch_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* the needs were the hosts' from their first sample (main); this
	 * starts the tracer when they hold BE_NEED_SLICES */
	ui_sources_set_needs(a, a->needs);
	if (slices)
		batch_slices_header(slices);
	for (it = 0; (o->iterations < 0 || it < o->iterations) && !batch_stop && !a->quit; it++) {
		/* each host samples on its own thread every delay; a line is
		 * written when the hosts that answer have all sent a sample,
		 * or half a delay late without the ones that have not */
		if (it)
			wait_round(a, last + delay + delay / 2);
		if (batch_stop)
			break;
		last = mono_ns();
		mark_round(a);
		end_round(a);
		/* a demo scenario's later steps are jobs */
		ui_mgmt_tick(a);
		/* the sources that batch output cuts itself (the tracer's
		 * slices) of the same interval */
		ui_kinds_batch_step(a);
		ui_refresh_done(a);
		ui_rows_rebuild(a);
		/* --keys: a script acts in batch mode too (a migration whose
		 * job then shows in jobs[]); q ends the output after this line */
		ui_script_play(a, false);
		/* --trace: this step's slices, once the tracer's sample is in */
		ui_trace_follow(a->run_trace, a->slices);
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
		if (slices) {
			batch_slices(slices, a);
			fflush(slices);
		}
		fflush(stdout);
	}
	/* stopped by a signal: the slices since the last refresh too */
	if (batch_stop && slices && it > 0) {
		ui_kinds_batch_step(a);
		batch_slices(slices, a);
	}
	if (csv && csv != stdout)
		fclose(csv);
	if (slices && slices != stdout)
		fclose(slices);
	return 0;
}

/* A warning from the settings file: on stderr before the screen starts,
 * and kept for the message log. */
static void config_warning(const char *msg)
{
	fprintf(stderr, "hvtop: warning: %s\n", msg);
}

/* Loads the settings file (unless --no-config), applies it to the app,
 * then the command line over it.  -1 after printing one sentence. */
static int load_settings(struct app *a, const struct ui_options *o,
			 struct ui_config *cfg)
{
	const struct view *v;
	char err[1024];
	bool dflt = !o->config_file;

	if (o->config_file)
		snprintf(a->cfg_path, sizeof(a->cfg_path), "%s", o->config_file);
	else if (ui_config_path(a->cfg_path, sizeof(a->cfg_path)) < 0)
		a->cfg_path[0] = '\0';
	if (!o->no_config && a->cfg_path[0] &&
	    ui_config_load(a->cfg_path, cfg, dflt, err, sizeof(err),
			   config_warning) < 0) {
		fprintf(stderr, "hvtop: %s\n", err);
		return -1;
	}
	a->set = cfg->set;
	if (o->delay_ms > 0)
		a->set.delay_ms = o->delay_ms;
	if (ui_keymap_apply(a->keymap, cfg->binds, cfg->nbinds, cfg->file,
			    err, sizeof(err)) < 0 ||
	    th_load(a->set.theme, err, sizeof(err)) < 0) {
		fprintf(stderr, "hvtop: %s\n", err);
		return -1;
	}
	v = ui_view_by_name(a->set.start_view);
	a->view = a->back_view = v ? v : &view_domains;
	return 0;
}

/* --demo-scenario, once its guests are up and its host open: the virsh
 * commands of the settings applied go to the message log, the steps due
 * later start as jobs, and the screen shows the set values beside the
 * measured ones (view 1 where there is one). */
static void scenario_started(struct app *a, const struct kvm_scenario *sc,
			     const struct kvm_scenario_run *run, bool batch)
{
	char *v = xstrdup(run->virsh ? run->virsh : ""), *line, *save = NULL;
	const struct view *slices = ui_view_by_name("slices");
	size_t i;

	for (line = strtok_r(v, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		ui_status(a, false, "%s", line);
		/* batch output has no message log: stderr, with the progress */
		if (batch)
			fprintf(stderr, "hvtop: %s\n", line);
	}
	free(v);
	for (i = 0; i < run->nlater && a->nhosts; i++) {
		const struct kvm_scenario_later *l = &run->later[i];
		struct be_op_target t = {
			.conn = a->hosts[0]->conn, .host = a->hosts[0]->id,
			.uuid = l->uuid, .name = l->name,
		};
		struct be_sched_req r = l->req;
		char *cmd = be_sched_virsh(be_conn_uri(t.conn), l->name, &r, true, 1, 0);
		r.after_s = l->after_s;
		ui_status(a, false, "in %d s: %s", l->after_s, cmd);
		if (batch)
			fprintf(stderr, "hvtop: in %d s: %s\n", l->after_s, cmd);
		free(cmd);
		if (!be_op_sched(ui_mgmt(a)->jobs, &t, &r, ui_job_done))
			ui_status(a, true, "cannot start a job for '%s'", l->name);
	}
	a->set.columns |= COL_BIT(COL_SHARES) | COL_BIT(COL_CAP);
	a->view = a->back_view = slices ? slices : &view_domains;
	ui_status(a, false, "demo scenario %s: %s", sc->name, sc->lesson);
}

static void app_free(struct app *a)
{
	size_t i;
	ui_kinds_free(a);
	ui_mgmt_free(a);
	ui_hosts_free(a);
	free(a->rows);
	for (i = 0; i < a->nlog; i++)
		free(a->log[i]);
	free(a->log);
	be_history_free(a->hist);
	ui_keymap_free(a->keymap);
	ui_script_free(a->script);
	ui_config_free(a->cfg);
	if (a->wake[0] >= 0) {
		close(a->wake[0]);
		close(a->wake[1]);
	}
}

int main(int argc, char **argv)
{
	struct ui_options o;
	struct ui_config cfg;
	struct app a;
	char err[512];
	const char *cs, *from = "";
	char *dflt = NULL, *demo_err = NULL, *demo_note = NULL;
	struct kvm_scenario sc;
	struct kvm_scenario_run run;
	size_t i;
	int r;
	bool batch;

	memset(&run, 0, sizeof(run));
	setlocale(LC_ALL, "");
	r = ui_options_parse(&o, argc, argv);
	if (r) {
		ui_options_free(&o);
		return r == 1 ? 0 : 2;
	}
	/* output to a file or a pipe, no screen */
	batch = o.batch || o.json || o.csv_file || o.slices_file;
	memset(&a, 0, sizeof(a));
	a.batch = batch;
	/* --json's hosts[] carry qmp_per_refresh (ui/qmp.c) */
	a.count_qmp = o.json;
	ui_config_init(&cfg);
	a.cfg = &cfg;
	a.wake[0] = a.wake[1] = -1;
	a.help_line = ui_help_line;
	cs = nl_langinfo(CODESET);
	a.ascii = !cs || strcmp(cs, "UTF-8") != 0;
	a.readonly = o.readonly;
	a.keymap = ui_keymap_new();
	/* the settings file, then the command line over it; every error
	 * before the screen is taken */
	if (load_settings(&a, &o, &cfg) < 0) {
		r = 2;
		goto out;
	}

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
	if (o.complete_uris) {
		r = complete_uris(&cfg);
		goto out;
	}
	/* --trace: a file that cannot be written is said before anything runs */
	if (o.trace_file) {
		a.run_trace = ui_trace_open(o.trace_file, err, sizeof(err));
		if (!a.run_trace) {
			fprintf(stderr, "hvtop: %s\n", err);
			r = 2;
			goto out;
		}
	}
	if (o.demo >= 0 || o.demo_clean || o.scenario) {
		dflt = kvm_embed_default_uri(&demo_err);
		from = o.scenario ? "--demo-scenario" : "--demo";
	} else if (!o.nuris && !(getenv("LIBVIRT_DEFAULT_URI") &&
				 *getenv("LIBVIRT_DEFAULT_URI")) && cfg.nconnections) {
		/* the settings file's connections, as if given with -c */
		for (i = 0; i < cfg.nconnections; i++) {
			o.uris = xrealloc(o.uris, (o.nuris + 1) * sizeof(*o.uris));
			o.uris[o.nuris++] = xstrdup(cfg.connections[i]);
		}
	} else if (!o.nuris) {
		dflt = default_uri(&from, &demo_err);
	}
	if (!o.nuris && !dflt) {
		fprintf(stderr, "hvtop: %s\n", demo_err);
		r = 2;
		goto out;
	}
	for (i = 0; i < o.nuris; i++)
		if (prepare_embedded(o.uris[i]) < 0) {
			r = 2;
			goto out;
		}
	if (dflt && prepare_embedded(dflt) < 0) {
		r = 2;
		goto out;
	}
	if (be_init(kvm_conn_hooks()) < 0) {
		fprintf(stderr, "hvtop: cannot initialise libvirt\n");
		r = 2;
		goto out;
	}
	if (o.demo_clean) {
		r = kvm_demo_clean(&demo_err) < 0 ? 1 : 0;
		if (r)
			fprintf(stderr, "hvtop: %s\n", demo_err);
		goto out;
	}
	if (o.scenario) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		struct kvm_demo_opts d = {
			.accel = o.accel ? o.accel :
				 kvm_accel_parse(cfg.accel) > 0 ? kvm_accel_parse(cfg.accel) : 0,
			.scenario = &sc, .run = &run,
		};
		kvm_scenario_get(o.scenario, cpus > 0 ? (unsigned)cpus : 1, &sc);
		free(dflt);
		dflt = NULL;
		if (kvm_demo_start(&d, &dflt, &demo_note, &demo_err) < 0) {
			fprintf(stderr, "hvtop: %s\n", demo_err);
			r = 1;
			goto out;
		}
	} else if (o.demo >= 0) {
		struct kvm_demo_opts d = {
			/* 0 lets kvm/demo.c choose ($HVTOP_DEMO_PROFILES, else 4) */
			.n = o.demo ? o.demo :
			     CFG_GIVEN(&cfg, CFG_DEMO_SIZE) ? cfg.demo_size : 0,
			.accel = o.accel ? o.accel :
				 kvm_accel_parse(cfg.accel) > 0 ? kvm_accel_parse(cfg.accel) : 0,
		};
		free(dflt);
		dflt = NULL;
		if (kvm_demo_start(&d, &dflt, &demo_note, &demo_err) < 0) {
			fprintf(stderr, "hvtop: %s\n", demo_err);
			r = 1;
			goto out;
		}
	}
	if (pipe2(a.wake, O_NONBLOCK | O_CLOEXEC) < 0) {
		fprintf(stderr, "hvtop: cannot create a pipe: %m\n");
		r = 1;
		goto out;
	}
	a.hist = be_history_new(a.set.history);
	/* what the samplers fetch from their first sample on */
	if (batch)
		a.needs = batch_needs(&a, o.json, o.csv_file != NULL) |
			  (o.slices_file ? BE_NEED_SLICES : 0);
	else
		ui_update_needs(&a);
	if (open_connections(&a, &o, dflt, from, demo_note,
			     batch || o.complete_domains) < 0) {
		r = 2;
		goto out;
	}
	/* the first answers are on the first screen */
	ui_rows_rebuild(&a);
	if (o.complete_domains) {
		for (i = 0; i < a.nrows; i++)
			printf("%s\n", a.rows[i]->name);
		goto out;
	}
	if (!batch &&
	    (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))) {
		fprintf(stderr, "hvtop: not a terminal; use -b, --csv or --json for output to a pipe or file\n");
		r = 2;
		goto out;
	}
	if (o.scenario)
		scenario_started(&a, &sc, &run, batch);
	if (batch) {
		r = run_batch(&a, &o);
		goto out;
	}
	r = ui_run(&a);
out:
	if (a.run_trace) {
		size_t n;
		ui_trace_follow(a.run_trace, a.slices);
		n = ui_trace_count(a.run_trace);
		if (ui_trace_close(a.run_trace, err, sizeof(err)) < 0) {
			fprintf(stderr, "hvtop: %s\n", err);
			if (!r)
				r = 1;
		} else {
			fprintf(stderr, "hvtop: %zu time slices written to %s%s\n", n,
				o.trace_file, n ? "" : " (no local tracer data came)");
		}
	}
	app_free(&a);
	kvm_scenario_run_free(&run);
	ui_options_free(&o);
	free(dflt);
	free(demo_err);
	free(demo_note);
	return r;
}
