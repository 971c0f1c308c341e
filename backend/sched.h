/* CPU scheduling of domains: cpu shares, a CPU cap as % of one core
 * (vcpu_quota / vcpu_period), vCPU and emulator pinning.  The setters run
 * as jobs (be_op_sched in backend/ops.h, backend/sched_jobs.c) like the
 * other operations, and through be_sched_apply (backend/schedparams.h)
 * for code with its own connection (the demo scenarios);
 * both take effect live on a running domain (its configuration is left
 * as it was) and on the configuration of a stopped one, as virsh's
 * --current does.  The measured split (be_sched_split) is pure, for the
 * dialog and its unit test.  No libvirt types here. */
#ifndef HVTOP_SCHED_H
#define HVTOP_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/model.h"

/* the most host CPUs a pinning names: 1024 */
#define BE_CPUMAP_BYTES 128
/* libvirt's range for cpu_shares (cgroup v1's cpu.shares) */
#define BE_SHARES_MIN 2
#define BE_SHARES_MAX 262144
/* the period a cap uses when the domain reports none: the kernel's */
#define BE_PERIOD_DEFAULT_US 100000
/* libvirt refuses a vcpu_quota below this */
#define BE_QUOTA_MIN_US 1000

/* What to change; fields not in set are left alone. */
struct be_sched_req {
	unsigned set;     /* BE_SCHED_* */
	uint64_t shares;
	double cap_pct;   /* per vCPU, % of one core; 0 removes the cap */
	unsigned char pin[BE_CPUMAP_BYTES], emu[BE_CPUMAP_BYTES];
	int after_s;      /* the job waits this long first (a demo's step) */
};

/* "0-1,3" (spaces allowed around items) into map; every CPU must be below
 * ncpus.  0, or -1 with err set to one sentence. */
int be_cpulist_parse(const char *s, unsigned ncpus, unsigned char *map,
		     size_t maplen, char *err, size_t errsz);

/* The virsh commands r amounts to, one per line ("virsh -c URI schedinfo
 * NAME --set cpu_shares=2048 --live"); live: the domain runs (--live),
 * else --config.  period_us: the domain's (0: the default), for the
 * quota.  Returns a string to free. */
char *be_sched_virsh(const char *uri, const char *name,
		     const struct be_sched_req *r, bool live, unsigned vcpus,
		     uint64_t period_us);

/* vcpu_quota for a cap of pct % of one core per period (pct 0: -1, no
 * cap). */
int64_t be_sched_quota(double pct, uint64_t period_us);

/* --- the measured split ------------------------------------------------ */

/* One domain as the split sees it. */
struct be_split_dom {
	double cpu_pct;            /* measured, 100 = one host CPU; < 0 unknown */
	const unsigned char *pin;  /* host CPUs its vCPUs may use; NULL: all */
	size_t pin_len;
	uint64_t shares;           /* 0: unknown */
};

struct be_split {
	size_t peers;        /* domains sharing a host CPU with it, itself too */
	double measured_pct; /* its part of the CPU time they used; < 0 unknown */
	double expected_pct; /* its part by shares; < 0 unknown */
	double group_pct;    /* the CPU time they used, 100 = one host CPU */
};

/* Among the domains of v that may run on a host CPU that v[self] may run
 * on (and whose cpu_pct is known), the part of their CPU time v[self]
 * used, and the part its shares give it.  A domain's split with nobody
 * else is 100 %. */
void be_sched_split(const struct be_split_dom *v, size_t n, size_t self,
		    struct be_split *out);

/* The mean of the last max_points known points of v (oldest first; < 0
 * unknown), each weighted by the seconds w it covers, or -1 while they
 * cover less than min_s: a rate over a few milliseconds (a sample asked
 * for at once, right after the last) says little, and must not count as
 * much as one over a whole refresh. */
double be_weighted_mean(const double *v, const double *w, size_t n,
			size_t max_points, double min_s);

/* --- what the scheduling jobs give (backend/ops.h) ---------------------- */

/* What the dialog shows: data is a struct be_schedinfo. */
struct be_schedinfo {
	int state;
	unsigned vcpus;      /* online */
	unsigned host_cpus;
	struct be_sched sched; /* shares, cap, pin (union) and emu */
	/* every active domain of its host with its vCPUs' pinning (the
	 * union), for the split: uuid and map */
	size_t npeers;
	struct be_sched_peer {
		char uuid[40];
		unsigned char *pin;
		size_t pin_len;
	} *peers;
};
void be_schedinfo_free(void *p);

#endif
