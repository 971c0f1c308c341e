#include <config.h>
#include "ui/app.h"
#include "views/columns.h"
#include "common/format.h"
#include "views/view.h"
#include "views/hosts.h"
#include "backend/conn.h"
#include "common/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define STATUS_SHOW_NS 5000000000LL





/* the log (L) says when */
static void log_line(struct app *a, bool err, const char *text)
{
	char tb[16];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(tb, sizeof(tb), "%H:%M:%S", &tm);
	a->log = xrealloc(a->log, (a->nlog + 1) * sizeof(*a->log));
	a->log[a->nlog++] = xasprintf("%s %s%s", tb, err ? "error: " : "", text);
	a->redraw = true;
}

void ui_status(struct app *a, bool err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->status, sizeof(a->status), fmt, ap);
	va_end(ap);
	a->status_err = err;
	a->status_until = mono_ns() + STATUS_SHOW_NS * (err ? 2 : 1);
	log_line(a, err, a->status);
	/* a key script in batch mode has no status line to answer on */
	if (a->batch && a->script)
		fprintf(stderr, "hvtop: %s%s\n", err ? "error: " : "", a->status);
}

void ui_log(struct app *a, const char *fmt, ...)
{
	char *s;
	va_list ap;
	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	log_line(a, false, s);
	free(s);
}

/* What the header shows whatever the view (the state counts, the guests'
 * CPU and memory): a view that does not show them must not zero it. */
#define HEADER_NEEDS (BE_NEED_STATE | BE_NEED_CPU | BE_NEED_BALLOON)

unsigned ui_needs(const struct app *a)
{
	unsigned n = a->view->needs;
	if (a->view->needs_fn)
		n |= a->view->needs_fn(a);
	/* --trace keeps the tracer running whatever the view */
	if (a->run_trace)
		n |= BE_NEED_SLICES;
	return n | a->dialog_needs | HEADER_NEEDS;
}

/* The domain of host whose per-domain-only data is fetched: the one a
 * view that wants a focus (VIEW_WANTS_FOCUS: detail) has selected, else
 * the one an open dialog names (ui_form_set_needs). */
static bool focus_of(const struct app *a, unsigned host, char uuid[40])
{
	struct view_target t;
	if (a->dialog_uuid[0] && a->dialog_host == host &&
	    !(a->view->wants & VIEW_WANTS_FOCUS)) {
		snprintf(uuid, 40, "%s", a->dialog_uuid);
		return true;
	}
	if (!(a->view->wants & VIEW_WANTS_FOCUS) || !a->view->selection)
		return false;
	memset(&t, 0, sizeof(t));
	a->view->selection(a, &t);
	if (!(t.kinds & VT_BIT(VT_DOMAIN)) || t.host != host)
		return false;
	snprintf(uuid, 40, "%s", t.uuid);
	return true;
}

void ui_update_needs(struct app *a)
{
	size_t i;
	a->needs = ui_needs(a);
	ui_sources_set_needs(a, a->needs);
	for (i = 0; i < a->nhosts; i++) {
		char uuid[40];
		struct ui_host *h = a->hosts[i];
		be_conn_set_focus(h->conn, focus_of(a, h->id, uuid) ? uuid : NULL);
	}
}

void ui_set_view(struct app *a, const struct view *v)
{
	if (v == a->view)
		return;
	if (v->key)
		a->back_view = v;
	else if (a->view && a->view->key)
		a->back_view = a->view;
	if (a->view && a->view->leave)
		a->view->leave(a);
	a->prev_view = a->view;
	a->view = v;
	a->scroll = 0;
	if (v->enter)
		v->enter(a);
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
	bool waiting;
	for (i = 0; i < a->nhosts; i++)
		if (a->hosts[i]->src.sample)
			total += ((const struct be_sample *)a->hosts[i]->src.sample)->ndomains;
	a->rows = xrealloc(a->rows, (total ? total : 1) * sizeof(*a->rows));
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *s = a->hosts[i]->src.sample;
		/* a host that does not answer: its last numbers are not live */
		if (a->hosts[i]->silent ||
		    (a->host_only && a->hosts[i]->id != a->host_only_id))
			continue;
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
	/* a migration that ended moved the selection to the destination
	 * (ui/act_migrate.c): found there, the wait is over; until then the
	 * source's stale listing must not take it back */
	waiting = a->sel_uuid[0] && !a->filter[0] &&
		a->refreshes < a->follow_until;
	if (i < n && a->follow_until != UINT64_MAX)
		a->follow_until = 0;
	/* a domain that moved to another host (migrated) keeps the selection */
	if (i == n && a->sel_uuid[0] && !(waiting && a->follow_until != UINT64_MAX))
		for (i = 0; i < n; i++)
			if (strcmp(a->rows[i]->uuid, a->sel_uuid) == 0) {
				a->sel = i;
				a->sel_host = a->rows[i]->host;
				break;
			}
	if (i == n && a->sel >= n)
		a->sel = n ? n - 1 : 0;
	/* a migrated domain not yet listed anywhere: the selection waits for
	 * it rather than moving to a neighbour */
	if (i == n && !waiting && n) {
		snprintf(a->sel_uuid, sizeof(a->sel_uuid), "%s", a->rows[a->sel]->uuid);
		a->sel_host = a->rows[a->sel]->host;
	}
	a->redraw = true;
}

/* the process's CPU, user and system, from the kernel's accounting */
static int64_t own_cpu_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

void ui_refresh_done(struct app *a)
{
	int64_t now = own_cpu_ns();
	a->refreshes++;
	if (!a->cost_refreshes) {
		a->cost_cpu_ns = -1;
		a->cost_cpu_at = now;
		a->cost_refreshes = a->refreshes;
	} else if (a->refreshes - a->cost_refreshes >= UI_COST_REFRESHES) {
		a->cost_cpu_ns = (now - a->cost_cpu_at) /
				 (int64_t)(a->refreshes - a->cost_refreshes);
		a->cost_cpu_at = now;
		a->cost_refreshes = a->refreshes;
	}
	ui_kinds_refreshed(a);
}

void ui_cost_text(const struct app *a, char *buf, size_t n)
{
	int64_t worst = -1;
	size_t i, len;
	unsigned host = 0;
	buf[0] = '\0';
	if (!a->set.show_cost)
		return;
	if (a->cost_refreshes && a->cost_cpu_ns >= 0)
		len = (size_t)snprintf(buf, n, "cost: %.1f ms CPU/refresh",
				       (double)a->cost_cpu_ns / 1e6);
	else
		len = (size_t)snprintf(buf, n, "cost: measuring");
	/* each host's last sample, the slowest named when there are several */
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *s = a->hosts[i]->src.sample;
		if (s && s->state == BE_CONN_UP && s->cost_ns > worst) {
			worst = s->cost_ns;
			host = a->hosts[i]->id;
		}
	}
	if (worst >= 0 && len < n) {
		if (a->nhosts == 1)
			len += (size_t)snprintf(buf + len, n - len, ", sample %.1f ms",
						(double)worst / 1e6);
		else
			len += (size_t)snprintf(buf + len, n - len,
						", slowest sample %.1f ms (host %u)",
						(double)worst / 1e6, host);
	}
	/* what the kinds of source measure (the QMP count: what the local
	 * hosts' QEMUs were asked) */
	if (len < n)
		ui_kinds_cost(a, buf + len, n - len);
}

/* --- drawing ----------------------------------------------------------- */


static bool host_up(const struct ui_host *h)
{
	const struct be_sample *s = h->src.sample;
	return s && s->state == BE_CONN_UP && !h->silent;
}

static void host_line(const struct app *a, size_t i, const char *tbuf,
		      char *line, size_t n, enum th_slot *slot)
{
	const struct be_sample *s = a->hosts[i]->src.sample;
	if (a->hosts[i]->silent) {
		char st[64];
		view_host_state(a->hosts[i], st, sizeof(st));
		snprintf(line, n, "hvtop %s - %s - %s", tbuf, st,
			 be_conn_uri(a->hosts[i]->conn));
		*slot = TH_WARNING;
	} else if (!s || s->state == BE_CONN_CONNECTING) {
		/* the state before the URI: a long URI must not push it off */
		snprintf(line, n, "hvtop %s - connecting - %s", tbuf,
			 be_conn_uri(a->hosts[i]->conn));
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
	char tbuf[16], pct[16], fields[200], cost[128];
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
		unsigned down = 0, silent = 0, connecting = 0;
		char only[300] = "";
		for (i = 0; i < a->nhosts; i++) {
			const struct be_sample *s = a->hosts[i]->src.sample;
			if (a->hosts[i]->silent)
				silent++;
			else if (!s || s->state == BE_CONN_CONNECTING)
				connecting++;
			else if (!host_up(a->hosts[i]))
				down++;
			if (a->host_only && a->hosts[i]->id == a->host_only_id)
				snprintf(only, sizeof(only), " - showing host %u only (%s)",
					 a->hosts[i]->id, be_conn_uri(a->hosts[i]->conn));
		}
		{
			char more[128] = "";
			size_t len = 0;
			if (silent)
				len += (size_t)snprintf(more + len, sizeof(more) - len,
							", %u not answering", silent);
			if (connecting && len < sizeof(more))
				snprintf(more + len, sizeof(more) - len,
					 ", %u connecting", connecting);
			snprintf(lines[0], UI_LINE_MAX,
				 "hvtop %s - %zu hosts, %zu connected%s%s%s", tbuf,
				 a->nhosts, a->nhosts - down - silent - connecting, more,
				 down ? (a->ascii ? " -- disconnected -- retrying" :
					 " \u2014 disconnected \u2014 retrying") : "", only);
		}
		slots[0] = down || silent ? TH_WARNING : TH_HEADER;
	}
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *s = a->hosts[i]->src.sample;
		if (!host_up(a->hosts[i]) ||
		    (a->host_only && a->hosts[i]->id != a->host_only_id))
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
	ui_kinds_header(a, fields, sizeof(fields));
	ui_cost_text(a, cost, sizeof(cost));
	snprintf(lines[2], UI_LINE_MAX,
		 "CPU: %s%%  Mem: %llu MB (%llu MB by guests)  [%%CPU: 100%% = %s]%s%s%s%s",
		 fmt_pct(pct, sizeof(pct), a->set.cpu_one ? cpu : (cpus ? cpu / cpus : 0)),
		 (unsigned long long)(hostmem / 1024),
		 (unsigned long long)(guestmem / 1024),
		 a->set.cpu_one ? "one CPU" : "whole host",
		 fields[0] ? "  " : "", fields, cost[0] ? "  " : "", cost);
	return HEADER_LINES;
}
