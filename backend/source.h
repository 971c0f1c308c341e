/* A source samples on its own thread and wakes the main loop by writing
 * one byte to the loop's wake fd; the loop then takes the newest sample,
 * which is immutable and reference-counted, so it can be read while the
 * next one is being made.  A libvirt connection is a source
 * (backend/conn.h), and so is the time-slice tracer (kvm/tracer.h).  The
 * app treats every source alike: start, take, release, stop, and tell it
 * what the screen needs.
 *
 * Adding a source touches: the file that fills these ops (in backend/ or
 * kvm/), its header for its constructor, and one line in that folder's
 * local.mk; its side in the app, ui/NEW.c filling a struct ui_kind
 * (ui/hosts.h: when it runs, what it does with its samples), one line in
 * ui/local.mk, one row in ui_kinds (ui/hosts.c) and its extern in
 * ui/hosts.h; and, for what it keeps between hooks or the views read, a
 * field in struct app (views/state.h).  No other file names it. */
#ifndef HVTOP_BE_SOURCE_H
#define HVTOP_BE_SOURCE_H

#include <stdint.h>

struct be_source;

struct be_source_ops {
	const char *kind; /* "libvirt": for messages and docs */
	/* starts sampling every delay_ns, waking wake_fd after each sample */
	int (*start)(struct be_source *s, int wake_fd, int64_t delay_ns);
	/* the newest sample not yet taken (the caller's reference), or NULL */
	void *(*take)(struct be_source *s);
	/* drops a reference to a sample take() gave */
	void (*release)(void *sample);
	/* BE_NEED_* bits of what the views on screen use (backend/model.h):
	 * a source fetches nothing else */
	void (*set_needs)(struct be_source *s, unsigned needs);
	void (*set_delay)(struct be_source *s, int64_t delay_ns);
	/* samples now rather than at the next tick */
	void (*kick)(struct be_source *s);
	/* ends the thread and frees the source with everything it holds */
	void (*stop)(struct be_source *s);
};

/* Embedded as the first member of each source's own struct. */
struct be_source {
	const struct be_source_ops *ops;
};

static inline int be_source_start(struct be_source *s, int wake_fd,
				  int64_t delay_ns)
{
	return s->ops->start(s, wake_fd, delay_ns);
}
static inline void *be_source_take(struct be_source *s)
{
	return s->ops->take(s);
}
static inline void be_source_release(struct be_source *s, void *sample)
{
	if (sample)
		s->ops->release(sample);
}
static inline void be_source_set_needs(struct be_source *s, unsigned needs)
{
	s->ops->set_needs(s, needs);
}
static inline void be_source_set_delay(struct be_source *s, int64_t delay_ns)
{
	s->ops->set_delay(s, delay_ns);
}
static inline void be_source_kick(struct be_source *s)
{
	s->ops->kick(s);
}
static inline void be_source_stop(struct be_source *s)
{
	s->ops->stop(s);
}

#endif
