/* The full-screen main loop: poll on the terminal, the sources' wake fd
 * and the signal pipe; take samples, read keys, play the script, run the
 * jobs' follow-ups and the view's tick, draw. */
#include <config.h>
#include "ui/loop.h"
#include "ui/app.h"
#include "views/columns.h"
#include "ui/actions.h"
#include "common/format.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/keys.h"
#include "ui/mgmt.h"
#include "ui/script.h"
#include "ui/theme.h"
#include "ui/trace.h"
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
		char host[32] = "";
		if (a->host_only)
			snprintf(host, sizeof(host), " host %u", a->host_only_id);
		snprintf(line, sizeof(line),
			 "h help  q quit  / filter%s%s%s%s  sort %s%s  delay %.1fs  [%s]",
			 host, a->filter[0] ? " '" : "", a->filter, a->filter[0] ? "'" : "",
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
	/* the view's own keys first, then the views' keys, then the rest */
	act = ui_keymap_lookup_view(a->keymap, a->view, key);
	if (act) {
		ui_action_run(a, act);
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

static void take_samples(struct app *a)
{
	bool took = ui_sources_take(a);
	/* a host that stops answering shows so without any sample coming */
	bool changed = ui_hosts_poll(a);
	if (took) {
		ui_trace_follow(a->run_trace, a->slices);
		ui_refresh_done(a);
	}
	if (took || changed)
		ui_rows_rebuild(a);
}

/* Plays script steps until one must wait; on the screen (not in batch
 * mode), drawing what each key changed. */
void ui_script_play(struct app *a, bool screen)
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
			if (screen && a->redraw)
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
	/* the cursor is hidden: ncurses need not move it back to where the
	 * window's cursor is after each update (a cursor address, 8 bytes or
	 * so, in every frame: over SSH, bytes are the cost) */
	leaveok(stdscr, TRUE);
	getmaxyx(stdscr, a->lines, a->cols);
	th_init(a->set.theme[0] ? a->set.theme : NULL);

	ui_sources_start(a);
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
		if (n > 0 && (pfd[1].revents & POLLIN))
			while (read(a->wake[0], buf, sizeof(buf)) > 0)
				;
		take_samples(a);
		/* also after EINTR: SIGWINCH makes ncurses queue KEY_RESIZE */
		read_keys(a);
		ui_script_play(a, true);
		/* finished jobs' follow-ups, then the view's own work (view 4
		 * reads its snapshot tree, view 5 follows the jobs) */
		ui_mgmt_tick(a);
		if (a->view->tick)
			a->view->tick(a);
		/* the header's clock: redraw once a second if nothing else did */
		if (a->redraw || (n == 0 && mono_ns() - a->drawn_at >= 990000000LL))
			draw(a);
	}
	endwin();
	/* running jobs are asked to stop and waited for */
	ui_mgmt_free(a);
	return 0;
}
