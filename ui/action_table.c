/* The action table: every action hvtop has, one row each, with the small
 * actions about the screen itself (sorting, filter, scrolling, views).
 * Actions on domains, snapshots, jobs and hosts live in ui/act_*.c; the
 * rows here name them.  Nothing includes this file's symbols but through
 * ui_actions[] (ui/actions.h), so the actions can use the runner
 * (ui/actions.c) without an include circle. */
#include <config.h>
#include "ui/actions.h"
#include "ui/qmp.h"
#include "ui/act_vm.h"
#include "ui/app.h"
#include "views/columns.h"
#include "ui/input.h"
#include "ui/settings.h"
#include "ui/theme.h"
#include "ui/keys.h"
#include "views/view.h"
#include "backend/conn.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <curses.h>

static void act_quit(struct app *a)
{
	a->quit = true;
}

static void act_refresh(struct app *a)
{
	ui_sources_kick(a);
}

static void act_redraw(struct app *a)
{
	/* ^L: the terminal may have been scribbled on; repaint every cell */
	clearok(curscr, TRUE);
	act_refresh(a);
	a->redraw = true;
}

static void delay_done(struct app *a, const char *text)
{
	char *end;
	double s;
	if (!text)
		return;
	s = strtod(text, &end);
	if (end == text || *end || s < 0.1 || s > 3600) {
		ui_status(a, true, "delay must be between 0.1 and 3600 seconds, not '%s'", text);
		return;
	}
	a->set.delay_ms = (int)(s * 1000 + 0.5);
	ui_sources_set_delay(a, (int64_t)a->set.delay_ms * 1000000);
	ui_status(a, false, "refresh delay set to %.1f s", a->set.delay_ms / 1000.0);
}

static void act_delay(struct app *a)
{
	char cur[32];
	snprintf(cur, sizeof(cur), "%.1f", a->set.delay_ms / 1000.0);
	ui_prompt_open(a, "Delay (seconds): ", cur, delay_done, NULL);
}

static void sort_by(struct app *a, enum ui_sort s)
{
	a->set.sort = s;
	ui_rows_rebuild(a);
	ui_status(a, false, "sorted by %s%s", view_sort_label(s),
		  a->set.sort_reverse ? " (inverted)" : "");
}

static void act_sort_cpu(struct app *a) { sort_by(a, SORT_CPU); }
static void act_sort_mem(struct app *a) { sort_by(a, SORT_MEM); }
static void act_sort_time(struct app *a) { sort_by(a, SORT_TIME); }
static void act_sort_id(struct app *a) { sort_by(a, SORT_ID); }

static void sort_menu_done(struct app *a, int i)
{
	if (i >= 0 && i < SORT_COUNT)
		sort_by(a, (enum ui_sort)i);
}

static void act_sort_menu(struct app *a)
{
	const char *labels[SORT_COUNT];
	int i;
	for (i = 0; i < SORT_COUNT; i++)
		labels[i] = view_sort_label((enum ui_sort)i);
	ui_menu_open(a, "Sort by", labels, SORT_COUNT, a->set.sort, false,
		     sort_menu_done, NULL);
}

static void act_sort_invert(struct app *a)
{
	a->set.sort_reverse = !a->set.sort_reverse;
	sort_by(a, a->set.sort);
}

static void act_io_units(struct app *a)
{
	a->set.io_bytes = !a->set.io_bytes;
	ui_status(a, false, "I/O columns show %s", a->set.io_bytes ?
		  "bytes (RDBY WRBY) and packets (RXPK TXPK)" :
		  "requests (RDRQ WRRQ) and bytes (RXBY TXBY)");
	ui_rows_rebuild(a);
}

static void act_show_cost(struct app *a)
{
	const char *why;
	a->set.show_cost = !a->set.show_cost;
	/* counting starts (or stops) now, so a reason not to shows now */
	ui_qmp_tick(a);
	why = ui_qmp_why(a);
	if (a->set.show_cost && why)
		ui_status(a, false, "the header shows what watching costs; "
			  "QMP commands are not counted: %s", why);
	else
		ui_status(a, false, "the header %s what watching costs",
			  a->set.show_cost ? "shows" : "no longer shows");
	a->redraw = true;
}

static void act_cpu_scale(struct app *a)
{
	a->set.cpu_one = !a->set.cpu_one;
	ui_status(a, false, "%%CPU: 100%% = %s", a->set.cpu_one ?
		  "one CPU (as top)" : "the whole host (as virt-top)");
	a->redraw = true;
}

/* the fields menu: the optional columns, in the table's field order */
static bool field_checked(const struct app *a, int i)
{
	int c = view_col_field((size_t)i);
	return c >= 0 && (a->set.columns & COL_BIT(c));
}

static void field_toggle(struct app *a, int i)
{
	int c = i < 0 ? -1 : view_col_field((size_t)i);
	if (c < 0)
		return;
	a->set.columns ^= COL_BIT(c);
	ui_update_needs(a);
	a->redraw = true;
}

static void act_fields(struct app *a)
{
	char text[COL_COUNT][80];
	const char *items[COL_COUNT];
	size_t n;
	int c;
	for (n = 0; (c = view_col_field(n)) >= 0; n++) {
		/* "HOST     connection's host name" */
		snprintf(text[n], sizeof(text[n]), "%-8s %s", view_columns[c].title,
			 view_columns[c].help);
		items[n] = text[n];
	}
	ui_menu_open(a, "Optional columns", items, n, 0, true, field_toggle,
		     field_checked);
}

static void filter_changed(struct app *a, const char *text)
{
	snprintf(a->filter, sizeof(a->filter), "%s", text ? text : "");
	ui_rows_rebuild(a);
}

static void filter_done(struct app *a, const char *text)
{
	filter_changed(a, text);
	if (a->filter[0])
		ui_status(a, false, "filter: '%s' (%zu shown; Esc clears)",
			  a->filter, a->nrows);
}

static void act_filter(struct app *a)
{
	ui_prompt_open(a, "Filter by name: ", a->filter, filter_done, filter_changed);
}

static void act_clear_filter(struct app *a)
{
	if (!a->filter[0] && !a->host_only)
		return;
	a->filter[0] = '\0';
	/* the host filter too (view 6's Enter): Esc shows every domain */
	a->host_only = false;
	ui_rows_rebuild(a);
	ui_status(a, false, "filter cleared");
}

/* Esc in a view other than the list (its key table): an overlay back to
 * where it was opened, a numbered view back to the domain list */
static void act_back(struct app *a)
{
	ui_set_view(a, a->view->key || !a->back_view ||
		    a->back_view == a->view ? &view_domains : a->back_view);
}

/* the domain list's selection */
static void move_dom(struct app *a, long delta)
{
	long s = (long)a->sel + delta;
	if (!a->nrows)
		return;
	if (s < 0)
		s = 0;
	if (s >= (long)a->nrows)
		s = (long)a->nrows - 1;
	a->sel = (size_t)s;
	snprintf(a->sel_uuid, sizeof(a->sel_uuid), "%s", a->rows[a->sel]->uuid);
	a->sel_host = a->rows[a->sel]->host;
	a->redraw = true;
}

/* the view's own cursor (snapshots, jobs, scrolling), else the list's */
static void move_sel(struct app *a, long delta)
{
	if (a->view->cursor && a->view->cursor(a, delta)) {
		a->redraw = true;
		return;
	}
	move_dom(a, delta);
}

static long page(const struct app *a)
{
	return a->lines > 8 ? a->lines - 6 : 1;
}

static void act_up(struct app *a) { move_sel(a, -1); }
static void act_down(struct app *a) { move_sel(a, 1); }
static void act_page_up(struct app *a) { move_sel(a, -page(a)); }
static void act_page_down(struct app *a) { move_sel(a, page(a)); }
/* home and end: further than any list is long */
#define MOVE_ALL (1L << 30)
static void act_home(struct app *a) { move_sel(a, -MOVE_ALL); }
static void act_end(struct app *a) { move_sel(a, MOVE_ALL); }
static void act_domain_prev(struct app *a) { move_dom(a, -1); }
static void act_domain_next(struct app *a) { move_dom(a, 1); }

static void act_detail(struct app *a, const struct view_target *t, int answer)
{
	(void)answer;
	snprintf(a->detail_uuid, sizeof(a->detail_uuid), "%s", t->uuid);
	a->detail_host = t->host;
	ui_set_view(a, &view_detail);
}

/* W: the settings as they are now, including the view and theme shown */
static void act_write_settings(struct app *a)
{
	struct ui_settings s = a->set;
	char err[1024];
	if (!a->cfg_path[0]) {
		ui_status(a, true, "cannot write settings: no settings file path ($XDG_CONFIG_HOME and $HOME unset)");
		return;
	}
	if (a->view->key)
		snprintf(s.start_view, sizeof(s.start_view), "%s", a->view->name);
	snprintf(s.theme, sizeof(s.theme), "%s", th_current());
	if (ui_config_write(a->cfg_path, &s, a->cfg, err, sizeof(err)) < 0)
		ui_status(a, true, "%s", err);
	else
		ui_status(a, false, "settings written to %s", a->cfg_path);
}

static void act_next_theme(struct app *a)
{
	char err[1024] = "";
	const char *n = th_apply_next(err, sizeof(err));
	if (!n) {
		ui_status(a, true, "%s", err[0] ? err : "no other theme to switch to");
		return;
	}
	snprintf(a->set.theme, sizeof(a->set.theme), "%s", n);
	/* every cell's colour changed: repaint all of them */
	clearok(curscr, TRUE);
	ui_status(a, false, "theme %s%s", n, th_is_mono() ?
		  " (shown without colours: NO_COLOR or the terminal)" : "");
}

/* a command of the view shown (view.command): zoom, freeze, scroll */
static void view_cmd(struct app *a, enum view_cmd c, const char *what)
{
	char msg[512];
	bool err = false;
	if (!a->view->command || !a->view->command(a, c, msg, sizeof(msg), &err)) {
		ui_status(a, true, "this view has nothing to %s", what);
		return;
	}
	ui_status(a, err, "%s", msg);
}

static void act_zoom_in(struct app *a) { view_cmd(a, VIEW_CMD_ZOOM_IN, "zoom"); }
static void act_zoom_out(struct app *a) { view_cmd(a, VIEW_CMD_ZOOM_OUT, "zoom"); }
static void act_freeze(struct app *a) { view_cmd(a, VIEW_CMD_FREEZE, "freeze"); }
static void act_scroll_left(struct app *a)
{
	view_cmd(a, VIEW_CMD_SCROLL_LEFT, "scroll sideways");
}
static void act_scroll_right(struct app *a)
{
	view_cmd(a, VIEW_CMD_SCROLL_RIGHT, "scroll sideways");
}

static void act_help(struct app *a)
{
	ui_set_view(a, &view_help);
}

/* shorthands for the management rows below */
#define M_DOM (ACT_MUTATES | ACT_MENU)
#define ST_UP (ACT_ST(BE_ST_RUNNING) | ACT_ST(BE_ST_BLOCKED))
#define ST_HALTED (ACT_ST(BE_ST_PAUSED) | ACT_ST(BE_ST_PMSUSPENDED))
/* a row about the selected domain: flags, states, exec_on */
#define ON_DOM(f, st, fn) .flags = (f), .valid_states = (st), \
	.target = VT_DOMAIN, .exec_on = (fn)

/* A row about nothing in particular gives name, help, flags, states and
 * exec, and leaves target (VT_NONE), exec_on and ask out: zero, as C
 * guarantees; the warning about fields left out is for tables where a
 * field forgotten is a bug, and here it is the point. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
const struct action ui_actions[] = {
	{ "quit", "quit (guests keep running)", 0, 0, act_quit },
	{ "refresh", "refresh now", 0, 0, act_refresh },
	{ "redraw", "repaint the screen and refresh", 0, 0, act_redraw },
	{ "delay", "set the refresh delay", 0, 0, act_delay },
	{ "sort-cpu", "sort by %CPU", 0, 0, act_sort_cpu },
	{ "sort-mem", "sort by %MEM", 0, 0, act_sort_mem },
	{ "sort-time", "sort by cumulative CPU TIME", 0, 0, act_sort_time },
	{ "sort-id", "sort by domain ID", 0, 0, act_sort_id },
	{ "sort-menu", "choose the sort column", 0, 0, act_sort_menu },
	{ "sort-invert", "invert the sort order", 0, 0, act_sort_invert },
	{ "io-units", "I/O columns: requests or bytes", 0, 0, act_io_units },
	{ "cpu-scale", "%CPU scale: whole host or one CPU", 0, 0, act_cpu_scale },
	{ "show-cost", "header: hvtop's CPU per refresh, each host's sample time, local QMP commands",
	  0, 0, act_show_cost },
	{ "fields", "show or hide optional columns", 0, 0, act_fields },
	{ "filter", "filter domains by name", 0, 0, act_filter },
	{ "clear-filter", "clear the filter", 0, 0, act_clear_filter },
	{ "back", "leave this view", 0, 0, act_back },
	{ "up", "select the previous domain", 0, 0, act_up },
	{ "down", "select the next domain", 0, 0, act_down },
	{ "page-up", "select a page up", 0, 0, act_page_up },
	{ "page-down", "select a page down", 0, 0, act_page_down },
	{ "home", "select the first domain", 0, 0, act_home },
	{ "end", "select the last domain", 0, 0, act_end },
	{ "domain-prev", "select the previous domain (in any view)", 0, 0,
	  act_domain_prev },
	{ "domain-next", "select the next domain (in any view)", 0, 0,
	  act_domain_next },
	{ "detail", "details of the selected domain", ON_DOM(0, 0, act_detail) },
	{ "help", "this help", 0, 0, act_help },
	{ "write-settings", "write the settings (sort, view, theme...) to the settings file",
	  0, 0, act_write_settings },
	{ "next-theme", "switch to the next theme", 0, 0, act_next_theme },
	{ "zoom-in", "zoom in (view 1: fewer ms per cell)", 0, 0, act_zoom_in },
	{ "zoom-out", "zoom out (view 1: more ms per cell)", 0, 0, act_zoom_out },
	{ "freeze", "freeze the picture, the data keeps coming; again: live", 0, 0,
	  act_freeze },
	{ "scroll-left", "back in time (view 1: through the last 60 s)", 0, 0,
	  act_scroll_left },
	{ "scroll-right", "forward in time, to the newest", 0, 0, act_scroll_right },
	{ "write-trace", "write the time slices shown as a trace file (Perfetto, chrome://tracing)",
	  0, 0, act_write_trace },
	{ "messages", "the message log: every status message since start", 0, 0,
	  act_messages },
	/* managing domains: the menu (a, F2) lists the ACT_MENU ones valid
	 * for the selected domain's state */
	{ "action-menu", "the actions possible on the selected domain now",
	  ON_DOM(0, 0, act_action_menu) },
	{ "create", "create a domain (form)", .flags = ACT_MUTATES,
	  .exec_on = act_create },
	{ "start", "start the domain",
	  ON_DOM(M_DOM, ACT_ST(BE_ST_SHUTOFF) | ACT_ST(BE_ST_CRASHED), act_start) },
	{ "shutdown", "shut down (ACPI); offers destroy if it does not stop",
	  ON_DOM(M_DOM, ST_UP, act_shutdown) },
	{ "reboot", "reboot (ACPI)", ON_DOM(M_DOM, ST_UP, act_reboot) },
	{ "pause-resume", "pause a running domain, resume a paused one",
	  ON_DOM(ACT_MUTATES, ST_UP | ST_HALTED, act_pause_resume) },
	{ "pause", "pause: its vCPUs stop", ON_DOM(M_DOM, ST_UP, act_pause) },
	{ "resume", "resume a paused domain", ON_DOM(M_DOM, ST_HALTED, act_resume) },
	{ "destroy", "force off, as pulling the plug (asks)",
	  ON_DOM(M_DOM | ACT_CONFIRM,
		 ST_UP | ST_HALTED | ACT_ST(BE_ST_SHUTDOWN) | ACT_ST(BE_ST_CRASHED),
		 act_destroy), .ask = ask_destroy },
	{ "undefine", "remove the definition (asks; storage optional)",
	  ON_DOM(M_DOM | ACT_CONFIRM, ACT_ST(BE_ST_SHUTOFF), act_undefine),
	  .ask = ask_undefine },
	{ "balloon", "set the current memory (balloon)",
	  ON_DOM(M_DOM, ST_UP | ST_HALTED | ACT_ST(BE_ST_SHUTOFF), act_balloon) },
	{ "scheduling", "cpu shares, CPU cap, vCPU and emulator pinning: set beside measured",
	  ON_DOM(M_DOM, 0, act_sched) },
	{ "snapshot-create", "new snapshot: name, description, memory or disks",
	  ON_DOM(M_DOM, 0, act_snapshot_create) },
	{ "snapshot-revert", "revert to the selected snapshot (asks)",
	  .flags = ACT_MUTATES | ACT_CONFIRM, .target = VT_SNAPSHOT,
	  .exec_on = act_snapshot_revert, .ask = ask_snapshot_revert },
	{ "snapshot-delete", "delete the selected snapshot (asks)",
	  .flags = ACT_MUTATES | ACT_CONFIRM, .target = VT_SNAPSHOT,
	  .exec_on = act_snapshot_delete, .ask = ask_snapshot_delete },
	{ "job-cancel", "cancel the selected job (a wait; aborts a migration)",
	  .target = VT_JOB, .exec_on = act_job_cancel },
	/* hosts (view 6): watching one changes nothing on it, so not
	 * ACT_MUTATES; under -r a host added is read-only */
	{ "host-add", "add a host: URI and read-only (form)",
	  .exec_on = act_host_add },
	{ "host-remove", "stop watching the selected host (asks; its guests keep running)",
	  .flags = ACT_CONFIRM, .target = VT_HOST, .exec_on = act_host_remove,
	  .ask = ask_host_remove },
	{ "host-domains", "the domain list of the selected host only (Esc: every host)",
	  .target = VT_HOST, .exec_on = act_host_domains },
	{ "migrate", "migrate to another host: live, bandwidth, max downtime, "
	  "auto-converge, post-copy, copy storage; a job in view 5",
	  ON_DOM(M_DOM, ST_UP | ST_HALTED, act_migrate) },
	{ "mig-downtime", "raise the selected migration's max downtime",
	  .flags = ACT_MUTATES, .target = VT_JOB, .exec_on = act_mig_downtime },
	{ "mig-speed", "set the selected migration's speed (bandwidth cap)",
	  .flags = ACT_MUTATES, .target = VT_JOB, .exec_on = act_mig_speed },
	{ "mig-postcopy", "switch the selected migration to post-copy (asks)",
	  .flags = ACT_MUTATES | ACT_CONFIRM, .target = VT_JOB,
	  .exec_on = act_mig_postcopy, .ask = ask_mig_postcopy },
	{ "mig-autoconverge", "restart the selected migration with auto-converge (asks)",
	  .flags = ACT_MUTATES | ACT_CONFIRM, .target = VT_JOB,
	  .exec_on = act_mig_autoconverge, .ask = ask_mig_autoconverge },
};
#pragma GCC diagnostic pop
const size_t ui_nactions = ARRAY_SIZE(ui_actions);
