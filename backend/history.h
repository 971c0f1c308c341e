/* Per-domain ring buffers of recent rates, for sparklines.  Pure data: fed
 * by the UI thread with each sample it takes. */
#ifndef HVTOP_HISTORY_H
#define HVTOP_HISTORY_H

#include <stddef.h>
#include "backend/model.h"

enum be_series {
	BE_HIST_CPU,     /* cpu_pct, one-CPU scale */
	BE_HIST_RX,      /* bytes/s */
	BE_HIST_TX,
	BE_HIST_RD,      /* bytes/s */
	BE_HIST_WR,
	BE_HIST_MEM,     /* current memory, KiB */
	BE_HIST_SPAN,    /* the seconds the point's rates run over */
	BE_HIST_COUNT
};

struct be_history;

struct be_history *be_history_new(unsigned len);
void be_history_free(struct be_history *h);
/* Append one point per domain of s (unknown rates as -1); domains of that
 * host no longer in s are forgotten. */
void be_history_update(struct be_history *h, const struct be_sample *s);
/* Copies up to max points, oldest first; returns how many. */
size_t be_history_get(const struct be_history *h, unsigned host,
		      const char *uuid, enum be_series series, double *out,
		      size_t max);
unsigned be_history_len(const struct be_history *h);

#endif
