/* Time slices as a trace-event JSON file (the format chrome://tracing
 * and Perfetto open): one track per host CPU, each slice a complete
 * event named "VM/vCPU" with why it ended in its args.  `w` in view 1
 * writes the last 60 s at once; --trace streams the run's slices as they
 * arrive, so a long run is never held in memory.  No curses here. */
#ifndef HVTOP_UI_TRACE_H
#define HVTOP_UI_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct be_slice_hist;
struct ui_trace;

/* Creates path (truncating it); NULL with one sentence in err. */
struct ui_trace *ui_trace_open(const char *path, char *err, size_t n);
/* Appends the slices of h's samples newer than those already written
 * (h may be NULL: nothing yet). */
void ui_trace_follow(struct ui_trace *t, const struct be_slice_hist *h);
/* Slices written so far. */
size_t ui_trace_count(const struct ui_trace *t);
/* Ends the JSON and closes the file; -1 with err if anything failed to
 * be written.  t is freed either way (NULL is accepted). */
int ui_trace_close(struct ui_trace *t, char *err, size_t n);
/* All of h into path at once: the number of slices written, or -1 with
 * err. */
long ui_trace_write(const char *path, const struct be_slice_hist *h,
		    char *err, size_t n);

#endif
