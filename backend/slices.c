#include <config.h>
#include "backend/slices.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

struct be_slices *be_slices_new(void)
{
	struct be_slices *s = xcalloc(1, sizeof(*s));
	s->refs = 1;
	s->source = "";
	return s;
}

void be_slices_ref(struct be_slices *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
}

void be_slices_unref(struct be_slices *s)
{
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	free(s->threads);
	free(s->stats);
	free(s->slices);
	free(s->open);
	free(s);
}

const char *be_slice_end_name(int end)
{
	static const char *const names[BE_SLICE_END_COUNT] = {
		[BE_SLICE_PREEMPTED] = "preempted",
		[BE_SLICE_HALTED] = "halted",
		[BE_SLICE_MIGRATED] = "migrated",
	};
	return end >= 0 && end < BE_SLICE_END_COUNT ? names[end] : "?";
}

/* A ring of sample references, oldest first: samples arrive once per
 * refresh, so a span of 60 s holds a few hundred at most. */
struct be_slice_hist {
	int64_t span_ns;
	size_t n, cap;
	struct be_slices **s;
};

struct be_slice_hist *be_slice_hist_new(int64_t span_ns)
{
	struct be_slice_hist *h = xcalloc(1, sizeof(*h));
	h->span_ns = span_ns;
	return h;
}

void be_slice_hist_free(struct be_slice_hist *h)
{
	size_t i;
	if (!h)
		return;
	for (i = 0; i < h->n; i++)
		be_slices_unref(h->s[i]);
	free(h->s);
	free(h);
}

void be_slice_hist_add(struct be_slice_hist *h, struct be_slices *s)
{
	size_t drop = 0, i;
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->s = xrealloc(h->s, h->cap * sizeof(*h->s));
	}
	be_slices_ref(s);
	h->s[h->n++] = s;
	/* a sample whose interval ended before the span holds nothing newer */
	while (drop + 1 < h->n &&
	       h->s[drop]->mono_ns < s->mono_ns - h->span_ns)
		drop++;
	for (i = 0; i < drop; i++)
		be_slices_unref(h->s[i]);
	if (drop) {
		memmove(h->s, h->s + drop, (h->n - drop) * sizeof(*h->s));
		h->n -= drop;
	}
}

const struct be_slices *be_slice_hist_last(const struct be_slice_hist *h)
{
	return h && h->n ? h->s[h->n - 1] : NULL;
}

void be_slice_hist_each(const struct be_slice_hist *h, int64_t from_ns,
			int64_t to_ns,
			void (*fn)(void *arg, const struct be_slices *s,
				   const struct be_slice *sl),
			void *arg)
{
	size_t i, j;
	if (!h)
		return;
	for (i = 0; i < h->n; i++) {
		const struct be_slices *s = h->s[i];
		for (j = 0; j < s->nslices; j++) {
			const struct be_slice *sl = &s->slices[j];
			if (sl->end_ns > from_ns && sl->start_ns < to_ns)
				fn(arg, s, sl);
		}
	}
}

struct be_slice_hist *be_slice_hist_copy(const struct be_slice_hist *h)
{
	struct be_slice_hist *c = be_slice_hist_new(h ? h->span_ns : 0);
	size_t i;
	for (i = 0; h && i < h->n; i++)
		be_slice_hist_add(c, h->s[i]);
	return c;
}

bool be_slice_hist_range(const struct be_slice_hist *h, int64_t *from_ns,
			 int64_t *to_ns)
{
	const struct be_slices *first;
	size_t j;
	if (!h || !h->n)
		return false;
	first = h->s[0];
	*to_ns = h->s[h->n - 1]->mono_ns;
	*from_ns = first->mono_ns - first->interval_ns;
	/* the first sample has no interval: it covers its own slices */
	for (j = 0; !first->interval_ns && j < first->nslices; j++)
		if (first->slices[j].start_ns < *from_ns)
			*from_ns = first->slices[j].start_ns;
	return true;
}
