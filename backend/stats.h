/* One sample of one connection: the bulk stats call, then per-domain calls
 * for just what the driver left out. */
#ifndef HVTOP_STATS_H
#define HVTOP_STATS_H

#include <libvirt/libvirt.h>
#include "backend/model.h"

struct be_stats_ctx {
	unsigned long sample_no;
	bool nowait_unsupported; /* the daemon refused the NOWAIT flag */
	/* where a domain's CPU time comes from, found at the first sample:
	 * QEMU's cgroup (virDomainGetCPUStats), or GetInfo elsewhere (the
	 * test driver's cgroup figures are constants) and where QEMU has no
	 * cpuacct controller */
	enum { BE_CPU_UNKNOWN, BE_CPU_CGROUP, BE_CPU_INFO } cpu_source;
	const char *uri; /* the connection's, for the vcpu_threads hook */
	bool sched_now; /* read every domain's scheduler parameters next time */
	/* domains whose QEMU does not answer (libvirt's control info says a
	 * monitor command has been waiting): listed with their state only,
	 * never asked anything that waits for them */
	struct be_stuck *stuck;
	size_t nstuck;
};

struct be_stuck {
	char uuid[40];
	int64_t ms; /* waiting so far */
};

/* Fill out->domains and totals (out's host facts must be set, for %MEM and
 * the %CPU cap).  focus (a uuid, or NULL) is the domain whose per-domain
 * data (vCPU host CPU and affinity) is fetched, when needs has
 * BE_NEED_VCPU.  Returns 0, or -1 with *err set to one sentence. */
int be_stats_sample(virConnectPtr vc, struct be_stats_ctx *ctx,
		    struct be_sample *out, const struct be_sample *prev,
		    unsigned needs, const char *focus, char **err);

/* The stat groups that serve the needs on this sample. */
unsigned be_stats_groups(unsigned needs, unsigned long sample_no);

/* Parses one record's typed parameters into d; returns the BE_NEED_* bits
 * the record carried.  Exposed for unit tests. */
unsigned be_stats_parse(struct be_domain *d, virTypedParameterPtr params,
			int nparams);

#endif
