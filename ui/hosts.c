#include <config.h>
#include "ui/hosts.h"
#include "ui/tracer.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "backend/source.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

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

/* a host's samples feed the sparkline history, and name the vCPU threads
 * the tracer follows */
static void host_took(struct app *a, struct ui_source *s)
{
	be_history_update(a->hist, s->sample);
	ui_tracer_follow(a);
}

int ui_host_open(struct app *a, const char *uri, bool readonly, char **err)
{
	struct ui_host *h;
	struct be_conn *c = be_conn_open(uri, readonly, a->next_host_id, err);
	if (!c)
		return -1;
	h = xcalloc(1, sizeof(*h));
	h->id = a->next_host_id++;
	h->conn = c;
	h->readonly = readonly;
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
		/* rows pointed into its samples: the caller rebuilds them
		 * (ui_rows_rebuild), which finds the selection again */
		a->nrows = 0;
		return 0;
	}
	return -1;
}




void ui_hosts_free(struct app *a)
{
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
	ui_tracer_needs(a, needs);
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

void ui_hosts_step(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		struct ui_host *h = a->hosts[i];
		put_sample(a, &h->src, be_conn_step(h->conn));
	}
}
