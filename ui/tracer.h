/* The time-slice tracer in the app: started while the needs hold
 * BE_NEED_SLICES (view 1, --slices, --trace, --json's vcpu_stats),
 * told which local vCPU threads to follow from the hosts' samples, and
 * its samples kept for 60 s in a->slices (backend/slices.h). */
#ifndef HVTOP_UI_TRACER_H
#define HVTOP_UI_TRACER_H

#include <stddef.h>

struct app;

/* Starts or stops the tracer for these needs. */
void ui_tracer_needs(struct app *a, unsigned needs);
/* After a host's new sample: the vCPU threads to follow. */
void ui_tracer_follow(struct app *a);
/* Batch: a sample now, into a->slices (nothing when no tracer runs). */
void ui_tracer_step(struct app *a);
/* Stops the tracer (at exit): its instance goes with it. */
void ui_tracer_free(struct app *a);
/* The header's short field ("slices: tracefs, 0 lost"), "" when no
 * tracer runs. */
void ui_tracer_header(const struct app *a, char *buf, size_t n);

#endif
