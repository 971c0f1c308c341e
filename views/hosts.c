/* View 6: one line per connection: its state, the host's CPUs, memory,
 * load and domains, how long the last sample took and, with the cost
 * shown ($), the QMP commands a sample asked of a local host's QEMUs.  Enter shows the
 * domain list of the selected host only; + adds a host, x removes one. */
#include <config.h>
#include "views/view.h"
#include "views/hosts.h"
#include "views/state.h"
#include "views/attr.h"
#include "common/format.h"

#include <stdio.h>
#include <string.h>

const char *view_host_state(const struct ui_host *h, char *buf, size_t n)
{
	const struct be_sample *s = h->src.sample;
	long secs = (long)(h->silent_ns / 1000000000LL);
	if (h->silent && s && s->ever_up) {
		/* lost (keepalive gave up) and its reconnect waits too */
		snprintf(buf, n, "%snot answering for %ld s",
			 s->state == BE_CONN_DOWN ? "reconnecting, " : "", secs);
		return "not answering";
	}
	if (h->silent) {
		snprintf(buf, n, "connecting (%ld s)", secs);
		return "connecting";
	}
	if (!s || s->state == BE_CONN_CONNECTING) {
		snprintf(buf, n, "connecting");
		return "connecting";
	}
	if (s->state == BE_CONN_UP) {
		snprintf(buf, n, "connected");
		return "connected";
	}
	if (s->ever_up) {
		snprintf(buf, n, "reconnecting");
		return "disconnected";
	}
	snprintf(buf, n, "failed, retrying");
	return "failed";
}

#define HOSTS_HEAD "%3s %-14s %-24s %4s %7s %5s %5s %4s %5s %7s %5s %7s  %s"

static void host_line(const struct ui_host *h, char *line,
		      size_t n, enum th_slot *slot)
{
	const struct be_sample *s = h->src.sample;
	bool live = s && s->state == BE_CONN_UP && !h->silent;
	char id[16], state[64], cpus[16] = "-", mem[16] = "-", busy[16] = "-",
	     load[16] = "-", act[16] = "-", inact[16] = "-", lat[24] = "-",
	     seq[24] = "-", qmp[24] = "-";
	const char *word = view_host_state(h, state, sizeof(state));

	snprintf(id, sizeof(id), "%u", h->id);
	if (live) {
		snprintf(cpus, sizeof(cpus), "%u", s->cpus);
		fmt_size(mem, sizeof(mem), (double)s->mem_kib * 1024);
		if (s->node_busy_pct >= 0)
			fmt_pct(busy, sizeof(busy), s->node_busy_pct);
		if (s->load1 >= 0)
			snprintf(load, sizeof(load), "%.2f", s->load1);
		snprintf(act, sizeof(act), "%u", s->active);
		snprintf(inact, sizeof(inact), "%u", s->inactive);
		snprintf(lat, sizeof(lat), "%.1fms", (double)s->cost_ns / 1e6);
		/* QMP commands per sample, where they are counted ($) */
		if (h->qmp_per_sample >= 0)
			snprintf(qmp, sizeof(qmp), "%.1f", h->qmp_per_sample);
	}
	/* samples so far: the refresh count, moving while the host answers */
	if (s)
		snprintf(seq, sizeof(seq), "%llu", (unsigned long long)s->seq);
	snprintf(line, n, HOSTS_HEAD, id,
		 s && s->hostname && s->hostname[0] && strcmp(s->hostname, "?") != 0 ?
		 s->hostname : "-",
		 state, cpus, mem, busy, load, act, inact, lat, qmp, seq,
		 s ? s->uri : "");
	/* why it failed, after the URI: one sentence, as it was detected */
	if (s && s->error && !live) {
		size_t len = strlen(line);
		snprintf(line + len, n - len, " (%s)", s->error);
	}
	*slot = live ? TH_NORMAL : h->silent || strcmp(word, "connecting") == 0 ?
		TH_WARNING : TH_ERROR;
	if (h->readonly && live) {
		size_t len = strlen(line);
		snprintf(line + len, n - len, " (read-only)");
	}
}

static void hosts_draw(struct app *a, WINDOW *w, int y0, int h)
{
	char line[1400];
	size_t i, top = 0;
	int y;
	if (h < 2)
		return;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	snprintf(line, sizeof(line), HOSTS_HEAD, "ID", "HOST", "STATE", "CPUS",
		 "MEM", "BUSY%", "LOAD1", "ACT", "INACT", "LATENCY", "QMP", "SAMPLES",
		 "URI");
	ui_draw_text(a, w, y0, 0, a->cols, line, false);
	if (!a->nhosts) {
		wattrset(w, th_attr(TH_DIM));
		ui_draw_text(a, w, y0 + 2, 2, a->cols - 2,
			     "no hosts: + adds one", false);
		wattrset(w, A_NORMAL);
		return;
	}
	if (a->host_sel >= a->nhosts)
		a->host_sel = a->nhosts - 1;
	if (a->host_sel >= (size_t)(h - 1))
		top = a->host_sel - (size_t)(h - 1) + 1;
	for (y = 1, i = top; y < h && i < a->nhosts; y++, i++) {
		enum th_slot slot;
		host_line(a->hosts[i], line, sizeof(line), &slot);
		wattrset(w, i == a->host_sel ? th_attr(TH_SELECTION) : th_attr(slot));
		if (i == a->host_sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		ui_draw_text(a, w, y0 + y, 0, a->cols, line, false);
	}
	wattrset(w, A_NORMAL);
}

static void hosts_selection(const struct app *a, struct view_target *t)
{
	const struct ui_host *h;
	const struct be_sample *s;
	if (!a->nhosts)
		return;
	h = a->hosts[a->host_sel < a->nhosts ? a->host_sel : a->nhosts - 1];
	s = h->src.sample;
	t->kinds |= VT_BIT(VT_HOST);
	t->host = h->id;
	snprintf(t->name, sizeof(t->name), "%s", s && s->uri ? s->uri : "?");
}

static bool hosts_move(struct app *a, long delta)
{
	long s = (long)a->host_sel + delta;
	if (s < 0 || !a->nhosts)
		s = 0;
	if (a->nhosts && s >= (long)a->nhosts)
		s = (long)a->nhosts - 1;
	a->host_sel = (size_t)s;
	a->redraw = true;
	return true;
}

static const struct view_key hosts_keys[] = {
	{ "<Up>", "up", "select the host above" },
	{ "k", "up", "select the host above" },
	{ "<Down>", "down", "select the host below" },
	{ "j", "down", "select the host below" },
	{ "<Enter>", "host-domains", "the domain list of this host only (Esc: all)" },
	{ "+", "host-add", "add a host: URI and read-only (form)" },
	{ "x", "host-remove", "remove the selected host (asks; its guests keep running)" },
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_hosts = {
	.name = "hosts",
	.title = "hosts: each connection's state, CPUs, memory, load, domains, latency",
	.key = '6',
	.needs = BE_NEED_STATE | BE_NEED_NODE,
	.draw = hosts_draw,
	.selection = hosts_selection,
	.cursor = hosts_move,
	.keys = hosts_keys,
};
