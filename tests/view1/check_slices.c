/* View 1 drawn from synthetic time slices into a curses pad, read back
 * cell by cell as a user would see it: the right VM's letter in the
 * right cells at each zoom, idle dots, the end marks, the legend,
 * scrolling and freezing through the keys of its key table, the
 * per-vCPU table's numbers, no tracer and a remote host; and the trace
 * file `w` and --trace write, checked by a JSON parser. */
#include <config.h>
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <curses.h>
#include "check_run.h"
#include "backend/slices.h"
#include "backend/model.h"
#include "ui/actions.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/trace.h"
#include "views/view.h"
#include "views/state.h"
#include "common/util.h"

#define COLS 105 /* "CPU0 " and 100 cells */
#define LINES 30
#define MS 1000000LL
#define S 1000000000LL

static WINDOW *pad;
static SCREEN *scr;
static FILE *tty_out, *tty_in;

static void curses_up(void)
{
	setlocale(LC_ALL, "C.UTF-8");
	tty_out = fopen("/dev/null", "w");
	tty_in = fopen("/dev/null", "r");
	scr = newterm("xterm", tty_out, tty_in);
	ck_assert_ptr_nonnull(scr);
	pad = newpad(LINES, COLS);
	ck_assert_ptr_nonnull(pad);
}

static void curses_down(void)
{
	delwin(pad);
	endwin();
	delscreen(scr);
	fclose(tty_out);
	fclose(tty_in);
}

/* --- synthetic samples --------------------------------------------------- */

static const struct be_sched_thread threads[] = {
	{ 0, "uuid-alpha", "alpha", 0, 101 },
	{ 0, "uuid-beta", "beta", 0, 202 },
	{ 0, "uuid-beta", "beta", 1, 203 },
	{ 0, "uuid-gamma", "gamma", 0, 303 },
};
#define NTHREADS 4

/* a sample at mono seconds covering the interval before it, with
 * nslices slices given as {pcpu, start_ms, end_ms, who, end} */
struct sl { int pcpu; int64_t start_ms, end_ms; int who, end; };

static struct be_slices *sample(int64_t mono, int64_t interval,
				const struct sl *v, size_t n)
{
	struct be_slices *s = be_slices_new();
	size_t i;
	s->source = "tracefs";
	s->ncpus = 2;
	s->lost = 7;
	s->mono_ns = mono;
	s->interval_ns = interval;
	s->nthreads = NTHREADS;
	s->threads = xcalloc(NTHREADS, sizeof(*s->threads));
	memcpy(s->threads, threads, sizeof(threads));
	s->stats = xcalloc(NTHREADS, sizeof(*s->stats));
	for (i = 0; i < NTHREADS; i++) {
		s->stats[i].pcpu = -1;
		s->stats[i].mean_slice_us = -1;
		s->stats[i].waited_behind = BE_WHO_IDLE;
	}
	s->nslices = n;
	s->slices = xcalloc(n ? n : 1, sizeof(*s->slices));
	for (i = 0; i < n; i++) {
		s->slices[i].pcpu = (uint16_t)v[i].pcpu;
		s->slices[i].start_ns = v[i].start_ms * MS;
		s->slices[i].end_ns = v[i].end_ms * MS;
		s->slices[i].who = v[i].who;
		s->slices[i].end = (uint8_t)v[i].end;
	}
	return s;
}

static void add(struct be_slice_hist *h, struct be_slices *s)
{
	be_slice_hist_add(h, s);
	be_slices_unref(s);
}

static struct app app;

/* The view keeps its zoom, freeze and scroll while hvtop runs; a test
 * that does not fork after another starts it from the defaults again:
 * 10 ms per cell, live, at the newest slices. */
static void view_defaults(void)
{
	char msg[512];
	bool err;
	int i;
	for (i = 0; i < 4; i++)
		view_slices.command(&app, VIEW_CMD_ZOOM_OUT, msg, sizeof(msg), &err);
	for (i = 0; i < 2; i++)
		view_slices.command(&app, VIEW_CMD_ZOOM_IN, msg, sizeof(msg), &err);
	view_slices.command(&app, VIEW_CMD_FREEZE, msg, sizeof(msg), &err);
	if (strncmp(msg, "frozen", 6) == 0)
		view_slices.command(&app, VIEW_CMD_FREEZE, msg, sizeof(msg), &err);
	for (i = 0; i < 1000; i++) {
		view_slices.command(&app, VIEW_CMD_SCROLL_RIGHT, msg, sizeof(msg), &err);
		if (err || strcmp(msg, "at the newest slices") == 0)
			break;
	}
	view_slices.cursor(&app, -(1L << 30));
	app.status[0] = '\0';
}

static void app_up(struct be_slice_hist *h)
{
	memset(&app, 0, sizeof(app));
	app.lines = LINES;
	app.cols = COLS;
	app.slices = h;
	app.view = &view_slices;
	app.keymap = ui_keymap_new();
	view_defaults();
	curses_up();
}

static void app_down(void)
{
	size_t i;
	ui_keymap_free(app.keymap);
	for (i = 0; i < app.nlog; i++)
		free(app.log[i]);
	free(app.log);
	curses_down();
}

static void draw(void)
{
	werase(pad);
	view_slices.draw(&app, pad, 0, LINES);
}

/* the text of screen line y, UTF-8 */
static const char *line(int y)
{
	static char buf[COLS * 4 + 1];
	size_t len = 0;
	int x;
	for (x = 0; x < COLS; x++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t at;
		short pair;
		mbstate_t ms;
		size_t k;
		mvwin_wch(pad, y, x, &cc);
		getcchar(&cc, wc, &at, &pair, NULL);
		memset(&ms, 0, sizeof(ms));
		k = wcrtomb(buf + len, wc[0], &ms);
		if (k != (size_t)-1)
			len += k;
	}
	buf[len] = '\0';
	while (len && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return buf;
}

/* the line starting with prefix, or -1 */
static int find_line(const char *prefix)
{
	int y;
	for (y = 0; y < LINES; y++)
		if (strncmp(line(y), prefix, strlen(prefix)) == 0)
			return y;
	return -1;
}

/* the character of map cell i of CPU cpu (one byte: ASCII letters) */
static wchar_t cell(int cpu, int i)
{
	char label[16];
	int y, lw = 5;
	cchar_t cc;
	wchar_t wc[CCHARW_MAX + 1];
	attr_t at;
	short pair;
	snprintf(label, sizeof(label), "CPU%d", cpu);
	y = find_line(label);
	ck_assert_msg(y >= 0, "no row for %s", label);
	mvwin_wch(pad, y, lw + i, &cc);
	getcchar(&cc, wc, &at, &pair, NULL);
	return wc[0];
}

/* cells [from, to) of CPU cpu's row all show wc */
static void cells_are(int cpu, int from, int to, wchar_t wc)
{
	int i;
	for (i = from; i < to; i++)
		ck_assert_msg(cell(cpu, i) == wc, "CPU%d cell %d is %lc, not %lc", cpu, i,
			      (wint_t)cell(cpu, i), (wint_t)wc);
}

static bool underlined(int cpu, int i)
{
	char label[16];
	cchar_t cc;
	int y;
	snprintf(label, sizeof(label), "CPU%d", cpu);
	y = find_line(label);
	mvwin_wch(pad, y, 5 + i, &cc);
	return (cc.attr & A_UNDERLINE) != 0;
}

/* presses key in view 1 through the keymap, as the loop does */
static void press(int key)
{
	const struct action *act = ui_keymap_lookup_view(app.keymap, &view_slices, key);
	ck_assert_msg(act, "key %d is not bound in view 1", key);
	ui_action_run(&app, act);
}

/* one second: alpha on CPU0 for its first half (preempted), beta for
 * the second (halted); CPU1 idle */
static struct be_slice_hist *one_second(void)
{
	static const struct sl v[] = {
		{ 0, 0, 500, 0, BE_SLICE_PREEMPTED },
		{ 0, 500, 1000, 1, BE_SLICE_HALTED },
	};
	struct be_slice_hist *h = be_slice_hist_new(60 * S);
	add(h, sample(1 * S, 1 * S, v, 2));
	return h;
}

/* --- the map ------------------------------------------------------------- */

START_TEST(letters_at_ten_ms)
{
	struct be_slice_hist *h = one_second();
	app_up(h);
	draw();
	/* 100 cells of 10 ms: the newest second */
	cells_are(0, 0, 49, L'A');
	/* alpha's slice ended in cell 49, preempted: underlined */
	ck_assert_int_eq(cell(0, 49), L'A');
	ck_assert(underlined(0, 49));
	ck_assert(!underlined(0, 48));
	cells_are(0, 50, 99, L'B');
	/* beta's ended halted in the last cell: lowercase */
	ck_assert_int_eq(cell(0, 99), L'b');
	cells_are(1, 0, 100, L'\u00b7');
	app_down();
	be_slice_hist_free(h);
}
END_TEST

/* A vCPU still running at the newest sample fills its row up to the right
 * edge, with no end mark (it has not ended); a running slice of an older
 * sample is not drawn: the newer one says how it went on. */
START_TEST(running_to_the_edge)
{
	static const struct sl v1[] = {
		{ 0, 0, 200, 1, BE_SLICE_HALTED },
	};
	/* gamma ran on CPU1 from 100 ms and halted at 300 ms */
	static const struct sl v2[] = {
		{ 1, 100, 300, 3, BE_SLICE_HALTED },
	};
	struct be_slice_hist *h = be_slice_hist_new(60 * S);
	struct be_slices *s1 = sample(500 * MS, 500 * MS, v1, 1);
	struct be_slices *s2 = sample(1 * S, 500 * MS, v2, 1);
	int i;
	/* at 500 ms: gamma running on CPU1 since 100 ms */
	s1->open = xcalloc(1, sizeof(*s1->open));
	s1->nopen = 1;
	s1->open[0] = (struct be_slice){ .start_ns = 100 * MS, .end_ns = 500 * MS, .who = 3,
					 .pcpu = 1, .end = BE_SLICE_OPEN };
	/* at 1 s: alpha running on CPU0 since 400 ms */
	s2->open = xcalloc(1, sizeof(*s2->open));
	s2->nopen = 1;
	s2->open[0] = (struct be_slice){ .start_ns = 400 * MS, .end_ns = 1 * S, .who = 0,
					 .pcpu = 0, .end = BE_SLICE_OPEN };
	add(h, s1);
	add(h, s2);
	app_up(h);
	draw();
	cells_are(0, 0, 19, L'B');
	ck_assert_int_eq(cell(0, 19), L'b');
	for (i = 40; i < 100; i++) {
		ck_assert_int_eq(cell(0, i), L'A');
		ck_assert(!underlined(0, i));
	}
	/* gamma: 100-300 ms, as the newer sample says, not to 500 ms */
	cells_are(1, 10, 29, L'C');
	ck_assert_int_eq(cell(1, 29), L'c');
	cells_are(1, 30, 100, L'\u00b7');
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(zoom_steps)
{
	struct be_slice_hist *h = one_second();
	app_up(h);
	/* + : 5 ms per cell, the newest half second: all beta */
	press('+');
	ck_assert_str_eq(app.status, "zoom: 5 ms per cell");
	draw();
	cells_are(0, 0, 99, L'B');
	ck_assert_int_eq(cell(0, 99), L'b');
	press('+');
	ck_assert_str_eq(app.status, "zoom: 1 ms per cell");
	press('+');
	ck_assert_str_eq(app.status, "already at 1 ms per cell, the finest zoom");
	/* back out to 50 ms: 5 s across, of which the last second has data */
	press('-');
	press('-');
	press('-');
	ck_assert_str_eq(app.status, "zoom: 50 ms per cell");
	draw();
	ck_assert_int_eq(cell(0, 0), L' ');   /* before the oldest slice */
	ck_assert_int_eq(cell(1, 79), L' ');
	cells_are(0, 80, 90, L'A');
	cells_are(0, 90, 99, L'B');
	ck_assert_int_eq(cell(1, 85), L'\u00b7');
	press('-');
	ck_assert_str_eq(app.status, "zoom: 100 ms per cell");
	draw();
	cells_are(0, 90, 95, L'A');
	press('-');
	ck_assert_str_eq(app.status, "already at 100 ms per cell, the coarsest zoom");
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(dominant_vm_and_host)
{
	/* in one 10 ms cell: alpha 3 ms, beta 7 ms: beta's; a host thread
	 * alone: '#' */
	static const struct sl v[] = {
		{ 0, 990, 993, 0, BE_SLICE_HALTED },
		{ 0, 993, 1000, 1, BE_SLICE_PREEMPTED },
		{ 1, 900, 950, BE_WHO_OTHER, BE_SLICE_PREEMPTED },
		{ 1, 950, 960, BE_WHO_IDLE, BE_SLICE_PREEMPTED },
	};
	struct be_slice_hist *h = be_slice_hist_new(60 * S);
	add(h, sample(1 * S, 1 * S, v, 4));
	app_up(h);
	draw();
	ck_assert_int_eq(cell(0, 99), L'B');
	ck_assert(underlined(0, 99));
	ck_assert_int_eq(cell(0, 98), L'\u00b7');
	ck_assert_int_eq(cell(1, 90), L'#');
	ck_assert_int_eq(cell(1, 94), L'#');
	ck_assert_int_eq(cell(1, 95), L'\u00b7');
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(header_and_legend)
{
	struct be_slice_hist *h = one_second();
	app_up(h);
	draw();
	ck_assert_str_eq(line(0), "source tracefs, 7 events lost, 10 ms/cell, live");
	ck_assert_msg(strncmp(line(1), "A alpha  B beta  C gamma  ", 26) == 0, "%s", line(1));
	ck_assert_msg(strstr(line(1), "\u00b7 idle  # host thread  a ended halted  "
			     "A ended preempted"), "%s", line(1));
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(ascii_idle)
{
	struct be_slice_hist *h = one_second();
	app_up(h);
	app.ascii = true;
	draw();
	ck_assert_int_eq(cell(1, 10), L'.');
	ck_assert_ptr_nonnull(strstr(line(1), ". idle"));
	app_down();
	be_slice_hist_free(h);
}
END_TEST

/* 60 s, one sample a second: alpha on CPU0 in even seconds, beta in odd */
static struct be_slice_hist *minute(void)
{
	struct be_slice_hist *h = be_slice_hist_new(60 * S);
	int64_t t;
	for (t = 1; t <= 60; t++) {
		struct sl v = { 0, (t - 1) * 1000, t * 1000, (int)((t - 1) % 2),
				BE_SLICE_PREEMPTED };
		add(h, sample(t * S, 1 * S, &v, 1));
	}
	return h;
}

START_TEST(scroll_through_the_minute)
{
	struct be_slice_hist *h = minute();
	int n;
	app_up(h);
	press('-');
	press('-'); /* 100 ms per cell: 10 s across */
	draw();
	/* the newest second (59..60 s) is beta's, the one before alpha's */
	ck_assert_int_eq(cell(0, 99), L'B');
	ck_assert_int_eq(cell(0, 85), L'A');
	/* Left: half a screen (5 s) back */
	press(UI_FN(KEY_LEFT));
	ck_assert_str_eq(app.status, "right edge at -5.00s");
	draw();
	ck_assert_ptr_nonnull(strstr(line(0), "scrolled -5.00s"));
	{
		char axis[COLS + 1];
		snprintf(axis, sizeof(axis), "     -15.0s%*s", COLS - 11, "-5.00s");
		ck_assert_str_eq(line(find_line("CPU1") + 1), axis);
	}
	/* the right edge at 55 s: the cell before it is in 54..55 s: alpha */
	ck_assert_int_eq(cell(0, 99), L'A');
	ck_assert_int_eq(cell(0, 89), L'B');
	/* back to the oldest: 60 s kept, 10 s shown: 50 s back at most */
	for (n = 0; n < 20; n++)
		press(UI_FN(KEY_LEFT));
	ck_assert_str_eq(app.status, "at the oldest slices kept");
	draw();
	ck_assert_ptr_nonnull(strstr(line(0), "scrolled -50.0s"));
	/* the left edge is the first second: alpha */
	ck_assert_int_eq(cell(0, 0), L'A');
	ck_assert_int_eq(cell(0, 10), L'B');
	for (n = 0; n < 20; n++)
		press(UI_FN(KEY_RIGHT));
	ck_assert_str_eq(app.status, "at the newest slices");
	draw();
	ck_assert_str_eq(line(0), "source tracefs, 7 events lost, 100 ms/cell, live");
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(freeze_keeps_the_picture)
{
	struct be_slice_hist *h = one_second();
	static const struct sl v = { 0, 1000, 2000, 3, BE_SLICE_PREEMPTED };
	app_up(h);
	press('z');
	ck_assert_str_eq(app.status,
			 "frozen: the map stops, the data keeps coming (z resumes)");
	/* a new second arrives: gamma on CPU0 */
	add(h, sample(2 * S, 1 * S, &v, 1));
	draw();
	ck_assert_ptr_nonnull(strstr(line(0), "FROZEN"));
	ck_assert_int_eq(cell(0, 99), L'b');
	ck_assert_int_eq(cell(0, 10), L'A');
	press('z');
	ck_assert_str_eq(app.status, "live again: the map follows the newest slices");
	draw();
	ck_assert_int_eq(cell(0, 50), L'C');
	ck_assert(strstr(line(0), "FROZEN") == NULL);
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(freeze_without_data)
{
	app_up(NULL);
	press('z');
	ck_assert(app.status_err);
	ck_assert_str_eq(app.status, "nothing to freeze: no time slices yet");
	press(UI_FN(KEY_LEFT));
	ck_assert_str_eq(app.status, "nothing to scroll: no time slices yet");
	press('w');
	ck_assert(app.status_err);
	ck_assert_str_eq(app.status, "no time slices to write: the tracer has sent none yet");
	app_down();
}
END_TEST

/* --- the table ----------------------------------------------------------- */

START_TEST(table_numbers)
{
	struct be_slice_hist *h = one_second();
	struct be_slices *s = (struct be_slices *)be_slice_hist_last(h);
	int y;
	s->stats[0] = (struct be_sched_vcpu){
		.pcpu = 0, .run_pct = 50, .wait_pct = 12.5, .slices = 25,
		.halts = 3, .mean_slice_us = 20000, .waited_behind = 1,
		.waited_behind_pct = 80,
	};
	s->stats[1] = (struct be_sched_vcpu){
		.pcpu = 1, .run_pct = 40, .wait_pct = 5, .slices = 400,
		.halts = 390, .mean_slice_us = 1000, .waited_behind = BE_WHO_OTHER,
		.waited_behind_pct = 60,
	};
	snprintf(s->stats[1].other_comm, sizeof(s->stats[1].other_comm), "kworker/1");
	app_up(h);
	draw();
	y = find_line("DOMAIN");
	ck_assert_int_ge(y, 0);
	ck_assert_str_eq(line(y), "DOMAIN         VCPU     TID PCPU AFFIN   RUN% WAIT% "
			 "STEAL%  SLC/s  MEANSL HALT/s WAITED BEHIND");
	ck_assert_str_eq(line(y + 1), "alpha             0     101    0 -       50.0  12.5 "
			 "     -     25  20.0ms      3 beta/0 80%");
	ck_assert_str_eq(line(y + 2), "beta              0     202    1 -       40.0   5.0 "
			 "     -    400   1.0ms    390 host:kworker/1 60%");
	ck_assert_str_eq(line(y + 3), "beta              1     203    - -        0.0   0.0 "
			 "     -      0       -      0 -");
	/* the selection is a vCPU row, for the actions about vCPUs */
	{
		struct view_target t;
		press(UI_FN(KEY_DOWN));
		memset(&t, 0, sizeof(t));
		view_slices.selection(&app, &t);
		ck_assert(t.kinds & VT_BIT(VT_VCPU));
		ck_assert_str_eq(t.name, "beta");
		ck_assert_int_eq(t.vcpu, 0);
	}
	app_down();
	be_slice_hist_free(h);
}
END_TEST

/* a host's sample with one running domain of two vCPUs */
static struct be_vcpu rv[2];
static struct be_domain rd;
static struct be_sample rs;
static struct ui_host rh;
static struct ui_host *rhosts[1];

static void remote_host(const char *uri)
{
	memset(rv, 0, sizeof(rv));
	memset(&rd, 0, sizeof(rd));
	memset(&rs, 0, sizeof(rs));
	memset(&rh, 0, sizeof(rh));
	rv[0] = (struct be_vcpu){ .index = 0, .pcpu = 3, .tid = 0, .run_pct = 90,
				  .wait_pct = 2, .steal_pct = 7.5 };
	rv[1] = (struct be_vcpu){ .index = 1, .pcpu = -1, .run_pct = 10,
				  .wait_pct = -1, .steal_pct = 0.5 };
	rd.host = 1;
	rd.id = 4;
	rd.name = (char *)"faraway";
	snprintf(rd.uuid, sizeof(rd.uuid), "uuid-far");
	rd.state = BE_ST_RUNNING;
	rd.nvcpu = 2;
	rd.vcpu = rv;
	rs.host = 1;
	rs.uri = (char *)uri;
	rs.hostname = (char *)"far";
	rs.ndomains = 1;
	rs.domains = &rd;
	rh.id = 1;
	rh.src.sample = &rs;
	rhosts[0] = &rh;
	app.hosts = rhosts;
	app.nhosts = 1;
}

START_TEST(remote_is_local_only)
{
	int y;
	app_up(NULL);
	remote_host("qemu+ssh://far/system");
	draw();
	ck_assert_str_eq(line(0), "time slices: no local tracer data (the tracer is not "
			 "running: exact slices need a local QEMU host)");
	ck_assert_str_eq(line(1), "far: remote host: exact slices are local-only; "
			 "libvirt's per-vCPU time and delay below");
	y = find_line("DOMAIN");
	ck_assert_str_eq(line(y + 1), "faraway           0       -    3 -       90.0   2.0 "
			 "   7.5      -       -      - -");
	ck_assert_str_eq(line(y + 2), "faraway           1       -    - -       10.0     - "
			 "   0.5      -       -      - -");
	app_down();
}
END_TEST

START_TEST(remote_beside_local_slices)
{
	struct be_slice_hist *h = one_second();
	app_up(h);
	remote_host("qemu+ssh://far/system");
	draw();
	ck_assert_int_eq(cell(0, 10), L'A');
	ck_assert_int_ge(find_line("far: remote host: exact slices are local-only"), 0);
	ck_assert_int_ge(find_line("faraway           0"), 0);
	app_down();
	be_slice_hist_free(h);
}
END_TEST

/* --- the trace file -------------------------------------------------------- */

/* the checker: parses the file as JSON and checks its tracks, names and
 * timestamps; prints what it found */
static int check_trace(const char *path, const char *expect)
{
	char cmd[8192];
	const char *src = getenv("top_srcdir");
	snprintf(cmd, sizeof(cmd), "python3 '%s/tests/view1/check-trace.py' '%s' '%s'",
		 src ? src : ".", path, expect);
	return system(cmd);
}

START_TEST(trace_file_parses)
{
	struct be_slice_hist *h = minute();
	static const struct sl v[] = {
		{ 1, 60000, 60250, 3, BE_SLICE_HALTED },
		{ 1, 60250, 60300, BE_WHO_OTHER, BE_SLICE_PREEMPTED },
		{ 0, 60000, 60900, 2, BE_SLICE_MIGRATED },
	};
	char path[] = "/tmp/hvtop-trace-test-XXXXXX";
	char err[512];
	int fd = mkstemp(path);
	long n;
	ck_assert_int_ge(fd, 0);
	close(fd);
	add(h, sample(61 * S, 1 * S, v, 3));
	n = ui_trace_write(path, h, err, sizeof(err));
	/* the minute's span keeps 59..61 s worth: every slice the chain holds */
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(check_trace(path, "tracks=0,1 names=alpha/0,beta/0,beta/1,gamma/0,host"), 0);
	unlink(path);
	be_slice_hist_free(h);
}
END_TEST

START_TEST(trace_streams_each_slice_once)
{
	struct be_slice_hist *h = be_slice_hist_new(60 * S);
	static const struct sl a[] = { { 0, 0, 400, 0, BE_SLICE_PREEMPTED },
				       { 1, 100, 300, 1, BE_SLICE_HALTED } };
	static const struct sl b[] = { { 0, 1000, 1500, 3, BE_SLICE_HALTED },
				       { 1, 900, 1900, 2, BE_SLICE_PREEMPTED } };
	char path[] = "/tmp/hvtop-trace-test-XXXXXX";
	char err[512];
	struct ui_trace *t;
	int fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	close(fd);
	t = ui_trace_open(path, err, sizeof(err));
	ck_assert_ptr_nonnull(t);
	ui_trace_follow(t, h); /* nothing yet */
	add(h, sample(1 * S, 1 * S, a, 2));
	ui_trace_follow(t, h);
	ui_trace_follow(t, h); /* the same sample: nothing more */
	add(h, sample(2 * S, 1 * S, b, 2));
	ui_trace_follow(t, h);
	ck_assert_uint_eq(ui_trace_count(t), 4);
	ck_assert_int_eq(ui_trace_close(t, err, sizeof(err)), 0);
	ck_assert_int_eq(check_trace(path, "tracks=0,1 names=alpha/0,beta/0,beta/1,gamma/0 count=4"), 0);
	unlink(path);
	be_slice_hist_free(h);
}
END_TEST

START_TEST(trace_unwritable)
{
	struct be_slice_hist *h = one_second();
	char err[512];
	ck_assert_int_eq(ui_trace_write("/nonexistent-dir/t.json", h, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "cannot write the trace file /nonexistent-dir/t.json: "
			 "No such file or directory");
	be_slice_hist_free(h);
}
END_TEST

START_TEST(w_writes_to_the_state_dir)
{
	struct be_slice_hist *h = one_second();
	char dir[] = "/tmp/hvtop-state-test-XXXXXX", expect[600], *path, *end;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	app_up(h);
	press('w');
	ck_assert_msg(!app.status_err, "%s", app.status);
	snprintf(expect, sizeof(expect), "1.0 s of slices (2) written to %s/hvtop/hvtop-trace-", dir);
	ck_assert_msg(strncmp(app.status, expect, strlen(expect)) == 0, "%s", app.status);
	path = strstr(app.status, dir);
	end = strstr(path, ".json");
	ck_assert_ptr_nonnull(end);
	end[5] = '\0';
	ck_assert_int_eq(check_trace(path, "tracks=0 names=alpha/0,beta/0 count=2"), 0);
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
	rmdir(dir);
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(tiny_terminals)
{
	/* every size down to one cell: drawn inside the window, no crash */
	struct be_slice_hist *h = minute();
	int l, c;
	app_up(h);
	remote_host("qemu+ssh://far/system");
	for (l = 1; l <= LINES; l += 3)
		for (c = 1; c <= COLS; c += 7) {
			app.lines = l;
			app.cols = c;
			werase(pad);
			view_slices.draw(&app, pad, 0, l);
		}
	app.lines = LINES;
	app.cols = COLS;
	draw();
	ck_assert_int_eq(cell(0, 99), L'B');
	app_down();
	be_slice_hist_free(h);
}
END_TEST

START_TEST(keys_are_listed)
{
	/* rebindable: every row names an action of the table */
	const struct view_key *k;
	for (k = view_slices.keys; k->key; k++)
		ck_assert_msg(ui_action_find(k->action), "%s: no action %s", k->key, k->action);
	ck_assert_ptr_eq(ui_view_by_key('1'), &view_slices);
	ck_assert_ptr_eq(ui_view_by_name("slices"), &view_slices);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("view 1: time slices");
	TCase *t = tcase_create("view");
	tcase_add_test(t, letters_at_ten_ms);
	tcase_add_test(t, running_to_the_edge);
	tcase_add_test(t, zoom_steps);
	tcase_add_test(t, dominant_vm_and_host);
	tcase_add_test(t, header_and_legend);
	tcase_add_test(t, ascii_idle);
	tcase_add_test(t, scroll_through_the_minute);
	tcase_add_test(t, freeze_keeps_the_picture);
	tcase_add_test(t, freeze_without_data);
	tcase_add_test(t, table_numbers);
	tcase_add_test(t, remote_is_local_only);
	tcase_add_test(t, remote_beside_local_slices);
	tcase_add_test(t, tiny_terminals);
	tcase_add_test(t, keys_are_listed);
	suite_add_tcase(s, t);
	t = tcase_create("trace");
	tcase_add_test(t, trace_file_parses);
	tcase_add_test(t, trace_streams_each_slice_once);
	tcase_add_test(t, trace_unwritable);
	tcase_add_test(t, w_writes_to_the_state_dir);
	suite_add_tcase(s, t);
	return s;
}

int main(void)
{
	return check_run(suite());
}
