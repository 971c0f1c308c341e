/* The hypervisor-neutral model: plain structs the backend fills and the
 * views read.  No libvirt types here, so views and tests never need it. */
#ifndef HVTOP_MODEL_H
#define HVTOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Same numbering as virDomainState, so the backend can copy it. */
enum be_state {
	BE_ST_NOSTATE = 0,
	BE_ST_RUNNING,
	BE_ST_BLOCKED,
	BE_ST_PAUSED,
	BE_ST_SHUTDOWN,
	BE_ST_SHUTOFF,
	BE_ST_CRASHED,
	BE_ST_PMSUSPENDED,
	BE_ST_COUNT
};

/* What a view or column needs; the backend maps these to stat groups and
 * fetches nothing that no visible view needs.  The same bits say, in a
 * domain, which numbers were actually obtained. */
#define BE_NEED_STATE   (1u << 0)
#define BE_NEED_CPU     (1u << 1) /* cpu.time */
#define BE_NEED_BALLOON (1u << 2) /* current/maximum memory, guest's view */
#define BE_NEED_VCPU    (1u << 3) /* per-vCPU data: time, wait, delay (steal) */
#define BE_NEED_NET     (1u << 4)
#define BE_NEED_BLOCK   (1u << 5)
#define BE_NEED_NBITS   6 /* the stat groups above: kept_age_ns's index */
/* Beyond libvirt's groups: time slices, from the tracer (backend/slices.h).
 * A libvirt connection ignores it. */
#define BE_NEED_SLICES  (1u << 6)
/* Scheduler parameters (cpu shares, the CPU cap) and each domain's vCPU
 * pinning: per-domain calls, so read every few samples and carried in
 * between (struct be_sched) */
#define BE_NEED_SCHED   (1u << 7)
/* The guest's own memory figures (balloon driver: available, usable,
 * unused; rss): libvirt asks QEMU for them (qom-get, query-balloon), so
 * only while they are shown.  BE_NEED_BALLOON's current and maximum
 * memory ask QEMU nothing. */
#define BE_NEED_MEMSTATS (1u << 9)
/* everything a libvirt connection serves of its domains */
#define BE_NEED_ALL     (0x3fu | BE_NEED_SCHED | BE_NEED_MEMSTATS)
/* The host's own CPU busy share (virNodeGetCPUStats) and, for a local
 * URI, its load average: for the hosts view.  Not a domain stat group. */
#define BE_NEED_NODE    (1u << 8)

enum be_conn_state {
	BE_CONN_CONNECTING = 0,
	BE_CONN_UP,
	BE_CONN_DOWN, /* lost; retrying with backoff */
};

struct be_iface {
	char *name;
	uint64_t rx_bytes, rx_pkts, rx_errs, rx_drop;
	uint64_t tx_bytes, tx_pkts, tx_errs, tx_drop;
	double rx_bps, tx_bps, rx_pps, tx_pps; /* per second; < 0: unknown */
};

struct be_disk {
	char *name;
	char *path;
	uint64_t rd_reqs, rd_bytes, rd_times_ns;
	uint64_t wr_reqs, wr_bytes, wr_times_ns;
	uint64_t allocation, capacity;
	double rd_bps, wr_bps, rd_rps, wr_rps; /* per second; < 0: unknown */
	double rd_lat_ms, wr_lat_ms;           /* mean over the interval */
};

/* Which of a vCPU's fields the driver reported: the bulk call's vcpu group
 * has state, time, wait and delay but no host CPU or affinity;
 * virDomainGetVcpus has state, time, host CPU and affinity but no wait or
 * delay (libvirt's test driver reports only what GetVcpus does). */
#define BE_VCPU_STATE    (1u << 0)
#define BE_VCPU_TIME     (1u << 1)
#define BE_VCPU_WAIT     (1u << 2)
#define BE_VCPU_DELAY    (1u << 3)
#define BE_VCPU_PCPU     (1u << 4)
#define BE_VCPU_AFFINITY (1u << 5)

/* Same numbering as virVcpuState. */
enum be_vcpu_state {
	BE_VCPU_OFFLINE = 0,
	BE_VCPU_RUNNING,
	BE_VCPU_BLOCKED,
};

struct be_vcpu {
	unsigned index;    /* the guest's vCPU number; hotplug leaves gaps */
	unsigned have;     /* BE_VCPU_* */
	int state;         /* enum be_vcpu_state */
	int pcpu;          /* host CPU it ran on last; -1 unknown */
	uint64_t time_ns;  /* cumulative run time */
	uint64_t wait_ns;  /* wanted to run while the host ran something else */
	uint64_t delay_ns; /* queued, not running: the guest's steal time */
	/* host CPUs it may run on, libvirt's cpumap layout (bit c of byte
	 * c / 8 is host CPU c); NULL when unknown (be_cpumap_format) */
	unsigned char *affinity;
	size_t affinity_len;
	int tid;           /* host thread id; 0 when unknown */
	/* over the last interval, 100 = one host CPU; < 0: unknown */
	double run_pct, wait_pct, steal_pct;
};

/* Which of a domain's scheduler settings were read (struct be_sched) */
#define BE_SCHED_SHARES (1u << 0)
#define BE_SCHED_CAP    (1u << 1) /* vcpu_quota and vcpu_period */
#define BE_SCHED_PIN    (1u << 2)
#define BE_SCHED_EMU    (1u << 3)

/* A domain's CPU scheduling, as libvirt's schedinfo, vcpupin and
 * emulatorpin show it. */
struct be_sched {
	unsigned have;      /* BE_SCHED_* */
	uint64_t shares;    /* cpu_shares: relative weight, 1024 the default */
	/* vcpu_quota per vcpu_period, in microseconds: each vCPU may run
	 * quota of every period; quota <= 0 (or huge): no cap */
	int64_t quota_us;
	uint64_t period_us;
	/* host CPUs any of its vCPUs may run on (the union of their
	 * pinning), and its emulator threads', libvirt's cpumap layout;
	 * NULL when not read */
	unsigned char *pin, *emu;
	size_t pin_len, emu_len;
};

/* Cumulative counters of one domain, summed over its devices. */
struct be_counters {
	uint64_t cpu_time_ns;
	uint64_t vcpu_delay_ns; /* sum of vcpu.N.delay */
	uint64_t rd_reqs, wr_reqs, rd_bytes, wr_bytes;
	uint64_t rx_bytes, tx_bytes, rx_pkts, tx_pkts;
};

/* Per-second rates and percentages over the last interval.  valid is
 * false for a domain's first sample, after a counter went backwards
 * (restart) and for a zero interval: then nothing is shown, never a
 * negative or absurd number. */
struct be_rates {
	bool valid;
	double cpu_pct;   /* 100 = one host CPU busy (top's scale) */
	double steal_pct; /* vCPU wait for a host CPU, 100 = one CPU */
	double rd_rps, wr_rps, rd_bps, wr_bps;
	double rx_bps, tx_bps, rx_pps, tx_pps;
};

/* A monitor command that has waited this long is a QEMU that does not
 * answer.  A loaded host (TCG guests beside busy neighbours) answers in
 * a few hundred ms; marking those would flash "not answering" at guests
 * that are only slow. */
#define BE_STUCK_MS 1000

struct be_domain {
	unsigned host; /* its host's id: (host, uuid) names a domain */
	int id;        /* -1 when inactive */
	char *name;
	char uuid[40];
	int state, reason;
	bool persistent;
	unsigned have; /* BE_NEED_* bits actually obtained this sample */
	/* BE_NEED_* groups whose counters (in c, the devices and the vCPUs)
	 * were not fetched this sample but carried from the last one that
	 * had them, kept_age_ns[bit] before this sample: baselines for the
	 * next rate, never shown as this sample's numbers */
	unsigned kept;
	int64_t kept_age_ns[BE_NEED_NBITS];
	/* when each group's counters were read, after the sample's mono_ns
	 * (same index): 0 with the bulk call, later with per-domain calls;
	 * a rate runs over its counters' own interval (be_rates_domain) */
	int64_t read_off_ns[BE_NEED_NBITS];
	unsigned vcpus;    /* online now */
	unsigned vcpu_max; /* 0 when not reported */
	uint64_t mem_kib, mem_max_kib; /* current (balloon) and maximum */
	/* guest-reported via the balloon driver; 0 when not reported */
	uint64_t bal_available_kib, bal_usable_kib, bal_unused_kib, bal_rss_kib;
	struct be_counters c;
	struct be_rates r;
	double mem_pct; /* of host memory */
	size_t niface, ndisk;
	struct be_iface *ifaces;
	struct be_disk *disks;
	/* one per vCPU, when BE_NEED_VCPU was asked: for every domain what
	 * the bulk call's vcpu group has; host CPU and affinity (and, for a
	 * driver without the group, state and time) only for the focus
	 * domain (be_conn_set_focus).  Kept ones (kept & BE_NEED_VCPU) hold
	 * counters only. */
	size_t nvcpu;
	struct be_vcpu *vcpu;
	/* when BE_NEED_SCHED was asked (have & BE_NEED_SCHED); read every
	 * few samples, carried from the previous one in between */
	struct be_sched sched;
	/* > 0: its QEMU has kept libvirt waiting this long (ms) for an
	 * answer: the domain is listed with its state and no numbers */
	int64_t stuck_ms;
};

/* One connection's state and domains at one sample.  Immutable once
 * published; shared by reference count between the sampler and the UI. */
struct be_sample {
	int refs;
	unsigned host;
	char *uri;
	char *hostname;
	char *error; /* last error sentence, or NULL */
	enum be_conn_state state;
	bool readonly;
	char note[320]; /* be_conn_set_note, for the header; "" if none */
	/* host facts */
	char arch[32];
	char cpu_model[64];
	unsigned cpus, mhz;
	uint64_t mem_kib;
	/* timing */
	uint64_t seq;        /* completed refreshes of this connection */
	int64_t mono_ns;     /* CLOCK_MONOTONIC at the sample */
	int64_t wall_ns;     /* CLOCK_REALTIME at the sample */
	int64_t interval_ns; /* since the previous sample, 0 for the first */
	int64_t cost_ns;     /* wall time the libvirt calls took */
	/* BE_NEED_NODE: the host's CPUs busy over the interval (100 = all
	 * of them) from virNodeGetCPUStats, and its 1-minute load average
	 * from /proc/loadavg when the URI is local; < 0: unknown */
	double node_busy_pct;
	double load1;
	bool ever_up;        /* this connection was up at least once */
	/* domains, sorted by uuid (the backend finds previous samples by it) */
	size_t ndomains;
	struct be_domain *domains;
	/* totals */
	unsigned count_state[BE_ST_COUNT];
	unsigned active, inactive;
	double cpu_pct; /* sum of domains' cpu_pct; /cpus for host share */
	uint64_t guest_mem_kib;
};

void be_sample_ref(struct be_sample *s);
void be_sample_unref(struct be_sample *s);
const struct be_domain *be_sample_find(const struct be_sample *s, const char *uuid);
/* Frees what d points to (names, devices, vCPUs), not d itself. */
void be_domain_clear(struct be_domain *d);

/* A cpumap as a list of host CPUs, "0-1,3" ("" when empty), NUL-terminated
 * in buf (cut short if n is too small); returns the length it needs, as
 * snprintf does. */
size_t be_cpumap_format(char *buf, size_t n, const unsigned char *map,
			size_t len);

/* The CPU cap as % of one core (vcpu_quota / vcpu_period), or -1 for no
 * cap or unknown. */
double be_sched_cap_pct(const struct be_sched *s);
/* Copies src's settings into dst (which holds none). */
void be_sched_copy(struct be_sched *dst, const struct be_sched *src);
void be_sched_clear(struct be_sched *s);

const char *be_state_name(int state);   /* "running" */
char be_state_letter(int state);        /* virt-top's S column letter */
bool be_state_active(int state);

#endif
