#include <config.h>
#include "ui/app.h"
#include "ui/actions.h"
#include "ui/format.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/mgmt.h"
#include "ui/script.h"
#include "ui/theme.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define MIN_COLS 40
#define MIN_LINES 10
#define STATUS_SHOW_NS 5000000000LL

const struct be_snap *ui_host_of(const struct app *a, const struct be_domain *d)
{
	return d->host < a->nhosts ? a->snaps[d->host] : NULL;
}

const struct be_domain *ui_selected(const struct app *a)
{
	return a->sel < a->nrows ? a->rows[a->sel] : NULL;
}

const struct be_domain *ui_find_domain(const struct app *a, unsigned host,
				       const char *uuid)
{
	return host < a->nhosts ? be_snap_find(a->snaps[host], uuid) : NULL;
}

int ui_body_lines(const struct app *a)
{
	return a->lines - HEADER_LINES - 1;
}

void ui_status(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_err = err;
	a->status_until = mono_ns() + STATUS_SHOW_NS * (err ? 2 : 1);
	a->log = xrealloc(a->log, (a->nlog + 1) * sizeof(*a->log));
	{
		/* the log (L) says when */
		char tb[16];
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(tb, sizeof(tb), "%H:%M:%S", &tm);
		a->log[a->nlog++] = xasprintf("%s %s%s", tb, err ? "error: " : "",
					      a->status);
	}
	a->redraw = true;
}

unsigned ui_needs(const struct app *a)
{
	unsigned n = a->view->needs;
	if (a->view->needs_fn)
		n |= a->view->needs_fn(a);
	return n | BE_NEED_STATE;
}

void ui_update_needs(struct app *a)
{
	unsigned n = ui_needs(a);
	size_t i;
	for (i = 0; i < a->nhosts; i++)
		be_conn_set_needs(a->conns[i], n);
}

void ui_set_view(struct app *a, const struct view *v)
{
	if (v == a->view)
		return;
	if (v->key || v == &view_domains)
		a->back_view = v;
	else if (a->view->key)
		a->back_view = a->view;
	a->view = v;
	a->scroll = 0;
	ui_update_needs(a);
	a->redraw = true;
}

/* --- the shared domain list --------------------------------------------- */

/* qsort has no context argument; the comparator reads the app from here
 * only for the duration of one ui_rows_rebuild on the UI thread */
static const struct app *sorting;

static int cmp_rows(const void *pa, const void *pb)
{
	const struct be_domain *x = *(const struct be_domain *const *)pa;
	const struct be_domain *y = *(const struct be_domain *const *)pb;
	const struct app *a = sorting;
	int c = 0;
	/* active domains first, inactive after, as virt-top */
	if ((x->id >= 0) != (y->id >= 0))
		return x->id >= 0 ? -1 : 1;
	c = view_sort_cmp(a, a->set.sort, x, y);
	if (a->set.sort_reverse)
		c = -c;
	if (!c)
		c = strcmp(x->name, y->name);
	if (!c)
		c = x->host < y->host ? -1 : x->host > y->host;
	return c;
}

void ui_rows_rebuild(struct app *a)
{
	size_t total = 0, i, j, n = 0;
	for (i = 0; i < a->nhosts; i++)
		if (a->snaps[i])
			total += a->snaps[i]->ndomains;
	a->rows = xrealloc(a->rows, (total ? total : 1) * sizeof(*a->rows));
	for (i = 0; i < a->nhosts; i++) {
		const struct be_snap *s = a->snaps[i];
		for (j = 0; s && j < s->ndomains; j++) {
			const struct be_domain *d = &s->domains[j];
			if (a->filter[0] && !strcasestr(d->name, a->filter))
				continue;
			a->rows[n++] = d;
		}
	}
	a->nrows = n;
	sorting = a;
	qsort(a->rows, n, sizeof(*a->rows), cmp_rows);
	sorting = NULL;
	/* keep the selection on the same domain */
	for (i = 0; i < n; i++)
		if (a->rows[i]->host == a->sel_host &&
		    strcmp(a->rows[i]->uuid, a->sel_uuid) == 0) {
			a->sel = i;
			break;
		}
	if (i == n) {
		if (a->sel >= n)
			a->sel = n ? n - 1 : 0;
		if (n) {
			snprintf(a->sel_uuid, sizeof(a->sel_uuid), "%s", a->rows[a->sel]->uuid);
			a->sel_host = a->rows[a->sel]->host;
		}
	}
	a->redraw = true;
}

/* --- drawing ----------------------------------------------------------- */

void ui_draw_text(struct app *a, WINDOW *w, int y, int x, int width,
		  const char *s, bool right)
{
	char buf[4096];
	if (width <= 0 || y < 0 || y >= a->lines)
		return;
	if (x + width > a->cols)
		width = a->cols - x;
	if (width <= 0)
		return;
	mvwaddstr(w, y, x, fmt_fit(buf, sizeof(buf), s, width, right, a->ascii));
}

static void host_line(const struct app *a, size_t i, const char *tbuf,
		      char *line, size_t n, enum th_slot *slot)
{
	const struct be_snap *s = a->snaps[i];
	if (!s || s->state == BE_CONN_CONNECTING) {
		/* the state before the URI: a long URI must not push it off */
		snprintf(line, n, "hvtop %s - connecting - %s", tbuf,
			 be_conn_uri(a->conns[i]));
		*slot = TH_HEADER;
	} else if (s->state == BE_CONN_DOWN) {
		snprintf(line, n, "hvtop %s - disconnected %s retrying - %s%s%s%s",
			 tbuf, a->ascii ? "--" : "\u2014", s->uri,
			 s->error ? " (" : "", s->error ? s->error : "",
			 s->error ? ")" : "");
		*slot = TH_ERROR;
	} else {
		snprintf(line, n, "hvtop %s - %s %s%s%u CPU %uMHz %lluMB - %s%s%s%s",
			 tbuf, s->arch, s->cpu_model, s->cpu_model[0] ? " " : "",
			 s->cpus, s->mhz, (unsigned long long)(s->mem_kib / 1024),
			 s->uri, s->readonly ? " (read-only)" : "",
			 s->note[0] ? " - " : "", s->note);
		*slot = TH_HEADER;
	}
}

int ui_header_text(const struct app *a, char lines[][UI_LINE_MAX],
		   enum th_slot slots[])
{
	unsigned cnt[BE_ST_COUNT] = { 0 }, active = 0, inactive = 0, cpus = 0;
	uint64_t hostmem = 0, guestmem = 0;
	double cpu = 0;
	char tbuf[16], pct[16];
	time_t now = time(NULL);
	struct tm tm;
	size_t i;
	int k;
	bool up = false;

	localtime_r(&now, &tm);
	strftime(tbuf, sizeof(tbuf), "%H:%M:%S", &tm);
	if (a->nhosts == 1) {
		host_line(a, 0, tbuf, lines[0], UI_LINE_MAX, &slots[0]);
	} else {
		unsigned down = 0;
		for (i = 0; i < a->nhosts; i++)
			if (!a->snaps[i] || a->snaps[i]->state != BE_CONN_UP)
				down++;
		snprintf(lines[0], UI_LINE_MAX, "hvtop %s - %zu hosts, %zu connected%s",
			 tbuf, a->nhosts, a->nhosts - down,
			 down ? (a->ascii ? " -- disconnected -- retrying" :
				 " \u2014 disconnected \u2014 retrying") : "");
		slots[0] = down ? TH_WARNING : TH_HEADER;
	}
	for (i = 0; i < a->nhosts; i++) {
		const struct be_snap *s = a->snaps[i];
		if (!s || s->state != BE_CONN_UP)
			continue;
		up = true;
		for (k = 0; k < BE_ST_COUNT; k++)
			cnt[k] += s->count_state[k];
		active += s->active;
		inactive += s->inactive;
		cpus += s->cpus;
		hostmem += s->mem_kib;
		guestmem += s->guest_mem_kib;
		cpu += s->cpu_pct;
	}
	slots[1] = slots[2] = TH_HEADER;
	if (!up) {
		snprintf(lines[1], UI_LINE_MAX, "no live data");
		lines[2][0] = '\0';
		return HEADER_LINES;
	}
	snprintf(lines[1], UI_LINE_MAX,
		 "%u domains, %u active, %u running, %u sleeping, %u paused, "
		 "%u inactive D:%u O:%u X:%u",
		 active + inactive, active, cnt[BE_ST_RUNNING], cnt[BE_ST_BLOCKED],
		 cnt[BE_ST_PAUSED], inactive, cnt[BE_ST_SHUTDOWN],
		 cnt[BE_ST_SHUTOFF], cnt[BE_ST_CRASHED]);
	snprintf(lines[2], UI_LINE_MAX,
		 "CPU: %s%%  Mem: %llu MB (%llu MB by guests)  [%%CPU: 100%% = %s]",
		 fmt_pct(pct, sizeof(pct), a->set.cpu_one ? cpu : (cpus ? cpu / cpus : 0)),
		 (unsigned long long)(hostmem / 1024),
		 (unsigned long long)(guestmem / 1024),
		 a->set.cpu_one ? "one CPU" : "whole host");
	return HEADER_LINES;
}

static void draw_header(struct app *a, WINDOW *w)
{
	char lines[HEADER_LINES][UI_LINE_MAX];
	enum th_slot slots[HEADER_LINES];
	int i, n = ui_header_text(a, lines, slots);
	for (i = 0; i < n; i++) {
		wattrset(w, th_attr(slots[i]));
		ui_draw_text(a, w, i, 0, a->cols, lines[i], false);
	}
	wattrset(w, A_NORMAL);
}

static void draw_status(struct app *a, WINDOW *w)
{
	char line[700];
	if (a->status[0] && mono_ns() < a->status_until) {
		wattrset(w, th_attr(a->status_err ? TH_ERROR : TH_STATUS));
		ui_draw_text(a, w, a->lines - 1, 0, a->cols, a->status, false);
	} else {
		snprintf(line, sizeof(line),
			 "h help  q quit  / filter%s%s%s  sort %s%s  delay %.1fs  [%s]",
			 a->filter[0] ? " '" : "", a->filter, a->filter[0] ? "'" : "",
			 view_sort_label(a->set.sort), a->set.sort_reverse ? " (inv)" : "",
			 a->set.delay_ms / 1000.0, a->view->name);
		wattrset(w, th_attr(TH_DIM));
		ui_draw_text(a, w, a->lines - 1, 0, a->cols, line, false);
	}
	wattrset(w, A_NORMAL);
}

static void draw(struct app *a)
{
	WINDOW *w = stdscr;
	/* werase, not clear: ncurses then sends only the cells that changed */
	werase(w);
	getmaxyx(w, a->lines, a->cols);
	if (a->cols < MIN_COLS || a->lines < MIN_LINES) {
		char msg[80];
		snprintf(msg, sizeof(msg), "terminal too small (%dx%d, need %dx%d)",
			 a->cols, a->lines, MIN_COLS, MIN_LINES);
		ui_draw_text(a, w, 0, 0, a->cols, msg, false);
	} else {
		draw_header(a, w);
		a->view->draw(a, w, HEADER_LINES, ui_body_lines(a));
		draw_status(a, w);
		ui_input_draw(a, w);
	}
	wnoutrefresh(w);
	doupdate();
	a->redraw = false;
	a->drawn_at = mono_ns();
}

/* --- input -------------------------------------------------------------- */

void ui_key(struct app *a, int key)
{
	const struct view *v;
	const struct action *act;

	if (key == UI_FN(KEY_RESIZE)) {
		a->redraw = true;
		return;
	}
	if (a->input) {
		ui_input_key(a, key);
		return;
	}
	if (a->view->key_fn && a->view->key_fn(a, key) == UI_HANDLED) {
		a->redraw = true;
		return;
	}
	v = ui_view_by_key(key);
	if (v) {
		ui_set_view(a, v);
		return;
	}
	act = ui_keymap_lookup(a->keymap, key);
	if (act) {
		ui_action_run(a, act);
		return;
	}
	{
		char name[32];
		ui_status(a, true, "key %s does nothing here (h for help)",
			  ui_key_name(key, name, sizeof(name)));
	}
}

static void take_snapshots(struct app *a)
{
	bool any = false;
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct be_snap *s = be_conn_take(a->conns[i]);
		if (!s)
			continue;
		be_snap_unref(a->snaps[i]);
		a->snaps[i] = s;
		be_history_update(a->hist, s);
		any = true;
	}
	if (any) {
		a->refreshes++;
		ui_rows_rebuild(a);
	}
}

/* Plays script steps until one must wait. */
static void play_script(struct app *a)
{
	struct ui_script *s = a->script;
	while (s && s->pos < s->n && !a->quit) {
		const struct ui_script_step *st = &s->steps[s->pos];
		if (a->script_wait_until) {
			if (mono_ns() < a->script_wait_until)
				return;
			a->script_wait_until = 0;
			s->pos++;
			continue;
		}
		if (a->script_sync_at) {
			if (a->refreshes < a->script_sync_at)
				return;
			a->script_sync_at = 0;
			s->pos++;
			continue;
		}
		switch (st->op) {
		case UI_SCRIPT_KEY:
			s->pos++;
			ui_key(a, st->key);
			if (a->redraw)
				draw(a);
			break;
		case UI_SCRIPT_WAIT:
			a->script_wait_until = mono_ns() + (int64_t)st->ms * 1000000;
			break;
		case UI_SCRIPT_SYNC:
			a->script_sync_at = a->refreshes + 1;
			break;
		}
	}
}

static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	unsigned char b = (unsigned char)sig;
	int e = errno;
	ssize_t r = write(sig_pipe[1], &b, 1);
	(void)r;
	errno = e;
}

static void read_keys(struct app *a)
{
	wint_t wch;
	int r;
	while ((r = wget_wch(stdscr, &wch)) != ERR) {
		int key = r == KEY_CODE_YES ? UI_FN((int)wch) : (int)wch;
		ui_key(a, key);
		/* key to screen at once: no waiting for the next refresh */
		if (a->redraw)
			draw(a);
		if (a->quit)
			return;
	}
}

static int poll_timeout(const struct app *a)
{
	int64_t now = mono_ns();
	/* the clock in the header: a second after the last draw */
	int64_t t = 1000 - (now - a->drawn_at) / 1000000;
	if (t < 0)
		t = 0;
	if (a->status[0] && a->status_until > now &&
	    (a->status_until - now) / 1000000 < t)
		t = (a->status_until - now) / 1000000 + 1;
	if (a->script_wait_until)
		t = a->script_wait_until > now ?
			(a->script_wait_until - now) / 1000000 + 1 : 0;
	return (int)t;
}

int ui_run(struct app *a)
{
	struct sigaction sa;
	struct pollfd pfd[3];
	size_t i;

	if (pipe(sig_pipe) < 0)
		return 1;
	fcntl(sig_pipe[0], F_SETFL, O_NONBLOCK);
	fcntl(sig_pipe[1], F_SETFL, O_NONBLOCK);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if (!initscr())
		return 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	/* long enough that a key sequence split by a slow link is not read as
	 * Esc and letters; short enough that Esc feels immediate */
	set_escdelay(100);
	curs_set(0);
	getmaxyx(stdscr, a->lines, a->cols);
	th_init(a->set.theme[0] ? a->set.theme : NULL);

	for (i = 0; i < a->nhosts; i++)
		be_conn_start(a->conns[i], a->wake[1], (int64_t)a->set.delay_ms * 1000000);
	draw(a);

	while (!a->quit) {
		unsigned char buf[64];
		int n;
		pfd[0].fd = STDIN_FILENO;
		pfd[0].events = POLLIN;
		pfd[1].fd = a->wake[0];
		pfd[1].events = POLLIN;
		pfd[2].fd = sig_pipe[0];
		pfd[2].events = POLLIN;
		n = poll(pfd, 3, poll_timeout(a));
		if (n < 0 && errno != EINTR)
			break;
		/* the terminal went away (ssh dropped): nothing to draw on */
		if (n > 0 && (pfd[0].revents & (POLLHUP | POLLERR | POLLNVAL))) {
			a->quit = true;
			break;
		}
		if (n > 0 && (pfd[2].revents & POLLIN)) {
			while (read(sig_pipe[0], buf, sizeof(buf)) > 0)
				;
			a->quit = true;
			break;
		}
		if (n > 0 && (pfd[1].revents & POLLIN)) {
			while (read(a->wake[0], buf, sizeof(buf)) > 0)
				;
			take_snapshots(a);
		}
		/* also after EINTR: SIGWINCH makes ncurses queue KEY_RESIZE */
		read_keys(a);
		play_script(a);
		/* finished jobs' follow-ups, view 4's snapshot tree */
		ui_mgmt_tick(a);
		/* the header's clock: redraw once a second if nothing else did */
		if (a->redraw || (n == 0 && mono_ns() - a->drawn_at >= 990000000LL))
			draw(a);
	}
	endwin();
	/* running jobs are asked to stop and waited for */
	ui_mgmt_free(a);
	return 0;
}
