/* Rates from two samples of cumulative counters. */
#ifndef HVTOP_RATES_H
#define HVTOP_RATES_H

#include "backend/model.h"

/* Fill d->r (and its devices' and vCPUs' rates) from the previous sample
 * of the same domain.  prev may be NULL (first sample).  host_cpus bounds
 * %CPU so a glitch can never show more CPU than the host has.  A counter
 * group prev holds and d did not fetch is carried into d (d->kept), so a
 * view that does not show it does not cost its rate a refresh later. */
void be_rates_domain(struct be_domain *d, const struct be_domain *prev,
		     int64_t interval_ns, unsigned host_cpus);

/* delta of a cumulative counter per second; -1 when it went backwards or
 * the interval is empty */
double be_rate(uint64_t cur, uint64_t prev, int64_t interval_ns);

#endif
