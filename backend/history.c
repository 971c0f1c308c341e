#include <config.h>
#include "backend/history.h"
#include "common/util.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct hist_entry {
	unsigned host;
	char uuid[40];
	uint64_t gen;   /* the update that last saw it */
	unsigned count; /* points stored, up to len */
	unsigned head;  /* next slot to write */
	float *v;       /* BE_HIST_COUNT rings of len points */
};

/* open addressing on (host, uuid): found in O(1) for 1000s of domains */
struct be_history {
	unsigned len;
	size_t cap, used;
	struct hist_entry *tab; /* v == NULL: empty slot */
	uint64_t gen;
};

struct be_history *be_history_new(unsigned len)
{
	struct be_history *h = xcalloc(1, sizeof(*h));
	h->len = len ? len : 1;
	h->cap = 64;
	h->tab = xcalloc(h->cap, sizeof(*h->tab));
	return h;
}

void be_history_free(struct be_history *h)
{
	size_t i;
	if (!h)
		return;
	for (i = 0; i < h->cap; i++)
		free(h->tab[i].v);
	free(h->tab);
	free(h);
}

unsigned be_history_len(const struct be_history *h)
{
	return h->len;
}

static size_t hash(unsigned host, const char *uuid)
{
	size_t x = 2166136261u ^ host;
	for (; *uuid; uuid++)
		x = (x ^ (unsigned char)*uuid) * 16777619u;
	return x;
}

static struct hist_entry *slot(const struct be_history *h, unsigned host,
			       const char *uuid)
{
	size_t i = hash(host, uuid) & (h->cap - 1);
	for (;; i = (i + 1) & (h->cap - 1)) {
		struct hist_entry *e = &h->tab[i];
		if (!e->v || (e->host == host && strcmp(e->uuid, uuid) == 0))
			return e;
	}
}

static void rehash(struct be_history *h, size_t cap, unsigned drop_host,
		   bool drop)
{
	struct hist_entry *old = h->tab;
	size_t i, oldcap = h->cap;
	h->cap = cap;
	h->tab = xcalloc(cap, sizeof(*h->tab));
	h->used = 0;
	for (i = 0; i < oldcap; i++) {
		if (!old[i].v)
			continue;
		if (drop && old[i].host == drop_host && old[i].gen != h->gen) {
			free(old[i].v);
			continue;
		}
		*slot(h, old[i].host, old[i].uuid) = old[i];
		h->used++;
	}
	free(old);
}

static void push(struct hist_entry *e, unsigned len, enum be_series s, double v)
{
	e->v[(size_t)s * len + e->head] = (float)v;
}

void be_history_update(struct be_history *h, const struct be_sample *s)
{
	size_t i;
	bool stale = false;
	h->gen++;
	for (i = 0; i < s->ndomains; i++) {
		const struct be_domain *d = &s->domains[i];
		const struct be_rates *r = &d->r;
		struct hist_entry *e;
		if ((h->used + 1) * 2 > h->cap)
			rehash(h, h->cap * 2, 0, false);
		e = slot(h, s->host, d->uuid);
		if (!e->v) {
			e->host = s->host;
			snprintf(e->uuid, sizeof(e->uuid), "%s", d->uuid);
			e->v = xcalloc((size_t)h->len * BE_HIST_COUNT, sizeof(float));
			h->used++;
		}
		e->gen = h->gen;
		push(e, h->len, BE_HIST_CPU, r->valid ? r->cpu_pct : -1);
		push(e, h->len, BE_HIST_RX, r->valid ? r->rx_bps : -1);
		push(e, h->len, BE_HIST_TX, r->valid ? r->tx_bps : -1);
		push(e, h->len, BE_HIST_RD, r->valid ? r->rd_bps : -1);
		push(e, h->len, BE_HIST_WR, r->valid ? r->wr_bps : -1);
		push(e, h->len, BE_HIST_MEM, d->id >= 0 ? (double)d->mem_kib : -1);
		push(e, h->len, BE_HIST_SPAN, r->valid ? (double)s->interval_ns / 1e9 : -1);
		e->head = (e->head + 1) % h->len;
		if (e->count < h->len)
			e->count++;
	}
	for (i = 0; i < h->cap && !stale; i++)
		stale = h->tab[i].v && h->tab[i].host == s->host &&
			h->tab[i].gen != h->gen;
	if (stale)
		rehash(h, h->cap, s->host, true);
}

size_t be_history_get(const struct be_history *h, unsigned host,
		      const char *uuid, enum be_series series, double *out,
		      size_t max)
{
	const struct hist_entry *e = slot(h, host, uuid);
	size_t n, i, start;
	if (!e->v)
		return 0;
	n = e->count < max ? e->count : max;
	/* oldest of the last n points */
	start = (e->head + h->len - n) % h->len;
	for (i = 0; i < n; i++)
		out[i] = e->v[(size_t)series * h->len + (start + i) % h->len];
	return n;
}
