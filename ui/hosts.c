#include <config.h>
#include "ui/hosts.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "backend/source.h"
#include "common/util.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A libvirt call waiting longer than this (or than the refresh delay, if
 * longer) is a host not answering: a sample normally takes milliseconds. */
#define SILENT_MIN_NS 1000000000LL

/* Every kind of source with a side in the app (struct ui_kind), once:
 * adding one means a row here. */
static const struct ui_kind *const ui_kinds[] = {
	&ui_tracer_kind, &ui_qmp_kind, NULL,
};

/* calls every kind's HOOK that is set, in the table's order (a macro:
 * the hooks' types differ) */
#define EACH_KIND(hook, ...) \
	do { \
		size_t k_; \
		for (k_ = 0; ui_kinds[k_]; k_++) \
			if (ui_kinds[k_]->hook) \
				ui_kinds[k_]->hook(__VA_ARGS__); \
	} while (0)

static int64_t delay_ns(const struct app *a)
{
	return (int64_t)a->set.delay_ms * 1000000;
}

static void start_one(struct app *a, struct ui_source *s)
{
	if (a->needs)
		be_source_set_needs(s->src, a->needs);
	be_source_start(s->src, a->wake[1], delay_ns(a));
}

void ui_source_add(struct app *a, struct ui_source *s)
{
	a->sources = xrealloc(a->sources, (a->nsources + 1) * sizeof(*a->sources));
	a->sources[a->nsources++] = s;
	if (a->sources_started)
		start_one(a, s);
}

static void remove_source(struct app *a, struct ui_source *s)
{
	size_t i;
	for (i = 0; i < a->nsources; i++)
		if (a->sources[i] == s) {
			memmove(a->sources + i, a->sources + i + 1,
				(a->nsources - i - 1) * sizeof(*a->sources));
			a->nsources--;
			break;
		}
	be_source_release(s->src, s->sample);
	s->sample = NULL;
	be_source_stop(s->src);
}

void ui_source_remove(struct app *a, struct ui_source *s)
{
	remove_source(a, s);
}

/* a host's samples feed the sparkline history, and every kind that
 * wants them (the tracer: the vCPU threads it follows) */
static void host_took(struct app *a, struct ui_source *s)
{
	/* the source is the host's src member */
	struct ui_host *h = (struct ui_host *)((char *)s - offsetof(struct ui_host, src));
	h->fresh = true;
	be_history_update(a->hist, s->sample);
	EACH_KIND(host_took, a);
}

int ui_host_open(struct app *a, const char *uri, bool readonly, char **err)
{
	struct ui_host *h;
	/* opened by its sampler thread: a host that does not answer holds
	 * up nothing here */
	struct be_conn *c = be_conn_new(uri, readonly, a->next_host_id);
	(void)err;
	h = xcalloc(1, sizeof(*h));
	h->id = a->next_host_id++;
	h->conn = c;
	h->readonly = readonly;
	h->qmp_per_sample = -1;
	h->src.src = be_conn_source(c);
	h->src.took = host_took;
	a->hosts = xrealloc(a->hosts, (a->nhosts + 1) * sizeof(*a->hosts));
	a->hosts[a->nhosts++] = h;
	ui_source_add(a, &h->src);
	return (int)h->id;
}

int ui_host_remove(struct app *a, unsigned id)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct ui_host *h = a->hosts[i];
		if (h->id != id)
			continue;
		memmove(a->hosts + i, a->hosts + i + 1,
			(a->nhosts - i - 1) * sizeof(*a->hosts));
		a->nhosts--;
		remove_source(a, &h->src); /* frees the connection */
		free(h);
		if (a->host_only && a->host_only_id == id)
			a->host_only = false;
		if (a->host_sel && a->host_sel >= a->nhosts)
			a->host_sel = a->nhosts - 1;
		/* rows pointed into its samples: the caller rebuilds them
		 * (ui_rows_rebuild), which finds the selection again */
		a->nrows = 0;
		return 0;
	}
	return -1;
}




void ui_hosts_free(struct app *a)
{
	size_t i;
	/* every sampler asked at once: the ones stuck on a host that does
	 * not answer are then waited for together, not one after another */
	for (i = 0; i < a->nhosts; i++)
		if (a->sources_started)
			be_conn_request_stop(a->hosts[i]->conn);
	while (a->nhosts)
		ui_host_remove(a, a->hosts[a->nhosts - 1]->id);
	while (a->nsources)
		remove_source(a, a->sources[a->nsources - 1]);
	free(a->hosts);
	free(a->sources);
	a->hosts = NULL;
	a->sources = NULL;
}

void ui_sources_start(struct app *a)
{
	size_t i;
	if (a->sources_started)
		return;
	a->sources_started = true;
	for (i = 0; i < a->nsources; i++)
		start_one(a, a->sources[i]);
}

/* s's newest sample is n (the app's reference now) */
static void put_sample(struct app *a, struct ui_source *s, void *n)
{
	be_source_release(s->src, s->sample);
	s->sample = n;
	if (s->took)
		s->took(a, s);
}

bool ui_sources_take(struct app *a)
{
	bool any = false;
	size_t i;
	for (i = 0; i < a->nsources; i++) {
		struct ui_source *s = a->sources[i];
		void *n = be_source_take(s->src);
		if (!n)
			continue;
		put_sample(a, s, n);
		any = true;
	}
	return any;
}

void ui_sources_set_needs(struct app *a, unsigned needs)
{
	size_t i;
	/* the kinds first: one started here is among the sources told */
	EACH_KIND(needs, a, needs);
	for (i = 0; i < a->nsources; i++)
		be_source_set_needs(a->sources[i]->src, needs);
}

void ui_sources_set_delay(struct app *a, int64_t delay)
{
	size_t i;
	for (i = 0; i < a->nsources; i++)
		be_source_set_delay(a->sources[i]->src, delay);
}

void ui_sources_kick(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nsources; i++)
		be_source_kick(a->sources[i]->src);
}

void ui_kinds_refreshed(struct app *a)
{
	EACH_KIND(refreshed, a);
}

void ui_kinds_batch_step(struct app *a)
{
	EACH_KIND(batch_step, a);
}

void ui_kinds_free(struct app *a)
{
	EACH_KIND(free, a);
}

void ui_kinds_header(const struct app *a, char *buf, size_t n)
{
	size_t k, len = 0;
	char part[UI_LINE_MAX];
	buf[0] = '\0';
	for (k = 0; ui_kinds[k] && len + 1 < n; k++) {
		if (!ui_kinds[k]->header)
			continue;
		ui_kinds[k]->header(a, part, sizeof(part));
		if (part[0])
			len += (size_t)snprintf(buf + len, n - len, "%s%s",
						len ? "  " : "", part);
	}
}

void ui_kinds_cost(const struct app *a, char *buf, size_t n)
{
	size_t k, len = 0;
	buf[0] = '\0';
	for (k = 0; ui_kinds[k] && len + 1 < n; k++)
		if (ui_kinds[k]->cost) {
			ui_kinds[k]->cost(a, buf + len, n - len);
			len += strlen(buf + len);
		}
}

int64_t ui_host_silent_after_ns(const struct app *a)
{
	int64_t d = (int64_t)a->set.delay_ms * 1000000;
	return d > SILENT_MIN_NS ? d : SILENT_MIN_NS;
}

bool ui_hosts_poll(struct app *a)
{
	int64_t after = ui_host_silent_after_ns(a);
	bool changed = false;
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct ui_host *h = a->hosts[i];
		int64_t w = be_conn_waiting_ns(h->conn);
		/* a guest slow to answer: the sampler answers, or leaves it
		 * behind, within BE_STUCK_MS more */
		bool silent = w > after + (be_conn_waits_for_guest(h->conn) ?
					   BE_STUCK_MS * 1000000LL : 0);
		if (silent != h->silent)
			changed = true;
		h->silent = silent;
		h->silent_ns = silent ? w : 0;
	}
	return changed;
}

void ui_hosts_step(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct ui_host *h = a->hosts[i];
		put_sample(a, &h->src, be_conn_step(h->conn));
	}
}
