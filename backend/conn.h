/* One libvirt connection: open, keepalive, close callback, reconnect with
 * backoff, and a sampler thread that publishes samples. */
#ifndef HVTOP_CONN_H
#define HVTOP_CONN_H

#include <stdbool.h>
#include <stdint.h>
#include "backend/model.h"

struct be_conn;
struct be_conn_hooks;

/* Once per process, before any connection: libvirt's event loop on its own
 * thread (keepalive, close callbacks and the embedded driver need it) and
 * libvirt's default error printing silenced (it would corrupt the screen).
 * hooks (backend/hooks.h; NULL: none) let hypervisor-specific code in; the
 * first call's are kept for the process. */
int be_init(const struct be_conn_hooks *hooks);

/* A connection to uri that is not opened yet (state connecting): its
 * sampler thread opens it (be_conn_start), or the first be_conn_step.
 * Opening never blocks the caller, whatever the host does. */
struct be_conn *be_conn_new(const char *uri, bool readonly, unsigned host);
/* Opens uri (NULL: libvirt's default) here and now.  On failure returns
 * NULL and sets *err to one sentence. */
struct be_conn *be_conn_open(const char *uri, bool readonly, unsigned host,
			     char **err);
/* Asks the sampler to end, without waiting: be_conn_free then waits for
 * all the connections asked at once rather than for each in turn. */
void be_conn_request_stop(struct be_conn *c);
/* Ends the sampler and frees the connection.  A sampler stuck in a
 * libvirt call (a host that does not answer) is not waited for beyond a
 * moment: it frees the connection itself when the call returns. */
void be_conn_free(struct be_conn *c);
/* How long the sampler's current open or sample has been under way; 0
 * between samples.  Any thread; a host that does not answer shows here
 * before keepalive gives up on it. */
int64_t be_conn_waiting_ns(const struct be_conn *c);
/* The sample under way waits for a guest whose monitor is slow to answer
 * but not yet BE_STUCK_MS busy (backend/stats.h): within that, the sampler
 * either has its answer or leaves that guest behind, so the host is not
 * "not answering" yet.  Any thread. */
bool be_conn_waits_for_guest(const struct be_conn *c);

const char *be_conn_uri(const struct be_conn *c);
/* A short remark the header shows after the URI (e.g. the embedded
 * driver's accelerator); copied into every sample. */
void be_conn_set_note(struct be_conn *c, const char *note);
/* What the views on screen show (BE_NEED_*); a sample is taken at once
 * when they add to what was asked before. */
void be_conn_set_needs(struct be_conn *c, unsigned needs);
/* The one domain a view shows on its own (uuid; NULL or "": none): its
 * per-domain-only data (vCPU host CPU and affinity) is fetched, for no
 * other domain. */
void be_conn_set_focus(struct be_conn *c, const char *uuid);

/* Someone (hvtop's own setters) changed domains' scheduler parameters:
 * the next sample reads them all again, and is taken now. */
void be_conn_sched_changed(struct be_conn *c);

/* Synchronous: reconnects if due, samples, returns a new reference to the
 * sample (never NULL).  Used by batch mode and by the sampler thread. */
struct be_sample *be_conn_step(struct be_conn *c);

/* Threaded mode: sample every delay; after each sample write one byte to
 * wake_fd.  be_conn_take returns the newest sample not yet taken. */
int be_conn_start(struct be_conn *c, int wake_fd, int64_t delay_ns);
void be_conn_set_delay(struct be_conn *c, int64_t delay_ns);
void be_conn_kick(struct be_conn *c);
struct be_sample *be_conn_take(struct be_conn *c);

/* The connection as a source (backend/source.h): its samples are
 * struct be_sample, and stopping the source frees the connection. */
struct be_source *be_conn_source(struct be_conn *c);

#endif
