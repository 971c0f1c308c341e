/* The hosts hvtop watches, and the sources the main loop runs.
 *
 * A host's id is stable while hvtop runs: domains carry it
 * (be_domain.host), and a domain is known by (host id, uuid), so hosts can
 * be added and removed around it.  Ids are never reused.
 *
 * Every source (backend/source.h) is run alike: a libvirt connection per
 * host, and the time-slice tracer.  The loop starts them, takes their
 * newest samples when the wake fd says so, tells them the screen's needs
 * and delay, and stops them.  What the app does beyond that for a kind
 * of source is in its struct ui_kind, which the loop walks without
 * naming one. */
#ifndef HVTOP_UI_HOSTS_H
#define HVTOP_UI_HOSTS_H

#include <stdbool.h>
#include <stdint.h>
#include "views/state.h"

struct app;
struct be_conn;
struct be_sample;
struct be_source;

/* The app's side of a kind of source beyond the ops every source has
 * (backend/source.h): when it runs, what it does with the hosts'
 * samples, what it adds to the header and to batch output.  The
 * time-slice tracer is one (ui/tracer.c); the QMP count is another that
 * has no thread of its own and rides on the hosts' samples (ui/qmp.c).
 * Every hook may be NULL; each is called for every kind in ui_kinds
 * (ui/hosts.c), in that table's order, on the UI thread. */
struct ui_kind {
	/* the needs changed (BE_NEED_*, before the sources are told):
	 * starts or stops it (ui_source_add, ui_source_remove) */
	void (*needs)(struct app *a, unsigned needs);
	/* a host's new sample has been taken */
	void (*host_took)(struct app *a);
	/* a refresh was taken (ui_refresh_done) */
	void (*refreshed)(struct app *a);
	/* batch output: a sample now, for the line about to be written */
	void (*batch_step)(struct app *a);
	/* its field of the header's third line, "" for none */
	void (*header)(const struct app *a, char *buf, size_t n);
	/* its part of the cost field (", QMP 2.8/refresh"), "" for none */
	void (*cost)(const struct app *a, char *buf, size_t n);
	/* at exit: stops it and frees what it holds */
	void (*free)(struct app *a);
};

/* The kinds, each defined in its own file: one row each in ui_kinds. */
extern const struct ui_kind ui_tracer_kind, ui_qmp_kind;


/* Adds uri as a new host, connecting on its own thread (at once when the
 * sources run, else when they start): its id.  Never blocks; a host that
 * cannot be reached says so in its samples (err is not used). */
int ui_host_open(struct app *a, const char *uri, bool readonly, char **err);
/* Stops and removes a host; -1 when no host has that id. */
int ui_host_remove(struct app *a, unsigned id);
/* Removes every host and source (at exit). */
void ui_hosts_free(struct app *a);

/* Adds a source that belongs to no host (the tracer). */
void ui_source_add(struct app *a, struct ui_source *s);
/* Stops and removes a source that belongs to no host. */
void ui_source_remove(struct app *a, struct ui_source *s);
/* Starts every source; later ones start when added. */
void ui_sources_start(struct app *a);
/* Takes every source's newest sample; true if any was new. */
bool ui_sources_take(struct app *a);
void ui_sources_set_needs(struct app *a, unsigned needs);
void ui_sources_set_delay(struct app *a, int64_t delay_ns);
void ui_sources_kick(struct app *a);
/* Every kind's hook (struct ui_kind), in turn. */
void ui_kinds_refreshed(struct app *a);
void ui_kinds_batch_step(struct app *a);
void ui_kinds_free(struct app *a);
/* The kinds' header fields, two spaces between; "" for none. */
void ui_kinds_header(const struct app *a, char *buf, size_t n);
/* The kinds' parts of the cost field, one after another. */
void ui_kinds_cost(const struct app *a, char *buf, size_t n);
/* Synchronous, for tests: one sample of every host, in turn. */
void ui_hosts_step(struct app *a);
/* Marks the hosts whose libvirt call has waited too long as silent
 * (struct ui_host); true if any changed, so the rows must be rebuilt. */
bool ui_hosts_poll(struct app *a);
/* How long a call may wait before its host is not answering: the
 * refresh delay, at least 1 s. */
int64_t ui_host_silent_after_ns(const struct app *a);

#endif
