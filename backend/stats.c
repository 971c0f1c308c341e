#include <config.h>
#include "backend/stats.h"
#include "common/xml.h"
#include "backend/rates.h"
#include "backend/hooks.h"
#include "backend/schedparams.h"
#include "common/util.h"
#include "common/test_hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

/* private: the device list came from the domain XML (driver gave no
 * block/net groups) and may be reused while the domain keeps its id */
#define HAVE_DEVLIST (1u << 16)
/* the balloon group queries each QEMU process: memory changes slowly, so
 * on other samples the previous values are carried forward */
#define BALLOON_EVERY 3
#define INACTIVE_INFO_EVERY 10
/* scheduler parameters change only when someone sets them: one call per
 * domain every few samples, and at once after hvtop set them
 * (be_stats_ctx.sched_now) */
#define SCHED_EVERY 5
/* a domain's UUID and ID are asked again at least this often (samples):
 * see known_identity */
#define IDENTITY_EVERY 10

unsigned be_stats_groups(unsigned needs, unsigned long n)
{
	/* cpu.time comes from virDomainGetCPUStats and the current memory
	 * from virDomainGetInfo (fill_missing), which ask QEMU nothing:
	 * libvirt's cpu-total group costs a QMP query-stats per guest per
	 * sample (halt-polling times), and its balloon group a qom-get and a
	 * query-balloon, which QEMU answers on the main thread that runs the
	 * guest's devices */
	unsigned g = VIR_DOMAIN_STATS_STATE;
	if ((needs & BE_NEED_MEMSTATS) && n % BALLOON_EVERY == 0)
		g |= VIR_DOMAIN_STATS_BALLOON;
	if (needs & BE_NEED_VCPU)
		g |= VIR_DOMAIN_STATS_VCPU;
	if (needs & BE_NEED_NET)
		g |= VIR_DOMAIN_STATS_INTERFACE;
	if (needs & BE_NEED_BLOCK)
		g |= VIR_DOMAIN_STATS_BLOCK;
	return g;
}

static struct be_iface *iface_at(struct be_domain *d, unsigned long i)
{
	if (i >= 4096)
		return NULL;
	if (i >= d->niface) {
		d->ifaces = xrealloc(d->ifaces, (i + 1) * sizeof(*d->ifaces));
		memset(d->ifaces + d->niface, 0, (i + 1 - d->niface) * sizeof(*d->ifaces));
		d->niface = i + 1;
	}
	return &d->ifaces[i];
}

static struct be_disk *disk_at(struct be_domain *d, unsigned long i)
{
	if (i >= 4096)
		return NULL;
	if (i >= d->ndisk) {
		d->disks = xrealloc(d->disks, (i + 1) * sizeof(*d->disks));
		memset(d->disks + d->ndisk, 0, (i + 1 - d->ndisk) * sizeof(*d->disks));
		d->ndisk = i + 1;
	}
	return &d->disks[i];
}

/* vcpu.N.* come grouped by N, in order: the last entry is the usual hit */
static struct be_vcpu *vcpu_at(struct be_domain *d, unsigned long idx)
{
	size_t i;
	struct be_vcpu *v;
	if (idx >= 16384)
		return NULL;
	for (i = d->nvcpu; i-- > 0;)
		if (d->vcpu[i].index == idx)
			return &d->vcpu[i];
	d->vcpu = xrealloc(d->vcpu, (d->nvcpu + 1) * sizeof(*d->vcpu));
	v = &d->vcpu[d->nvcpu++];
	memset(v, 0, sizeof(*v));
	v->index = (unsigned)idx;
	v->pcpu = -1;
	v->run_pct = v->wait_pct = v->steal_pct = -1;
	return v;
}

static uint64_t num(const virTypedParameter *p)
{
	switch (p->type) {
	case VIR_TYPED_PARAM_INT: return p->value.i < 0 ? 0 : (uint64_t)p->value.i;
	case VIR_TYPED_PARAM_UINT: return p->value.ui;
	case VIR_TYPED_PARAM_LLONG: return p->value.l < 0 ? 0 : (uint64_t)p->value.l;
	case VIR_TYPED_PARAM_ULLONG: return p->value.ul;
	/* NaN, negative and too large for 64 bits have no conversion in C */
	case VIR_TYPED_PARAM_DOUBLE:
		return !(p->value.d >= 0) ? 0 :
		       p->value.d >= 18446744073709551615.0 ? UINT64_MAX :
		       (uint64_t)p->value.d;
	case VIR_TYPED_PARAM_BOOLEAN: return p->value.b;
	default: return 0;
	}
}

/* "net.3.rx.bytes" → index 3, rest "rx.bytes" */
static bool indexed(const char *name, const char *prefix, unsigned long *idx,
		    const char **rest)
{
	size_t n = strlen(prefix);
	char *end;
	if (strncmp(name, prefix, n) != 0 || name[n] < '0' || name[n] > '9')
		return false;
	*idx = strtoul(name + n, &end, 10);
	if (*end != '.')
		return false;
	*rest = end + 1;
	return true;
}

static void parse_net(struct be_domain *d, const virTypedParameter *p,
		      const char *field, unsigned long i)
{
	struct be_iface *f = iface_at(d, i);
	uint64_t v = num(p);
	if (!f)
		return;
	if (strcmp(field, "name") == 0 && p->type == VIR_TYPED_PARAM_STRING) {
		free(f->name);
		f->name = xstrdup(p->value.s);
	}
	else if (strcmp(field, "rx.bytes") == 0) f->rx_bytes = v;
	else if (strcmp(field, "rx.pkts") == 0) f->rx_pkts = v;
	else if (strcmp(field, "rx.errs") == 0) f->rx_errs = v;
	else if (strcmp(field, "rx.drop") == 0) f->rx_drop = v;
	else if (strcmp(field, "tx.bytes") == 0) f->tx_bytes = v;
	else if (strcmp(field, "tx.pkts") == 0) f->tx_pkts = v;
	else if (strcmp(field, "tx.errs") == 0) f->tx_errs = v;
	else if (strcmp(field, "tx.drop") == 0) f->tx_drop = v;
}

static void parse_vcpu(struct be_domain *d, const virTypedParameter *p,
		       const char *field, unsigned long i)
{
	struct be_vcpu *v;
	unsigned bit;
	/* "halted" and the hypervisor's own "NAME.TYPE" fields are not used */
	if (strcmp(field, "state") == 0) bit = BE_VCPU_STATE;
	else if (strcmp(field, "time") == 0) bit = BE_VCPU_TIME;
	else if (strcmp(field, "wait") == 0) bit = BE_VCPU_WAIT;
	else if (strcmp(field, "delay") == 0) bit = BE_VCPU_DELAY;
	else return;
	v = vcpu_at(d, i);
	if (!v)
		return;
	v->have |= bit;
	switch (bit) {
	case BE_VCPU_STATE: v->state = (int)num(p); break;
	case BE_VCPU_TIME: v->time_ns = num(p); break;
	case BE_VCPU_WAIT: v->wait_ns = num(p); break;
	default: v->delay_ns = num(p); break;
	}
}

/* true for a counter: libvirt lists a disk's name and path without them
 * when it could not ask QEMU (NOWAIT, its job busy) */
static bool parse_block(struct be_domain *d, const virTypedParameter *p,
			const char *field, unsigned long i)
{
	struct be_disk *k = disk_at(d, i);
	uint64_t v = num(p);
	if (!k)
		return false;
	if (p->type == VIR_TYPED_PARAM_STRING) {
		char **dst = strcmp(field, "name") == 0 ? &k->name :
			     strcmp(field, "path") == 0 ? &k->path : NULL;
		if (dst) {
			free(*dst);
			*dst = xstrdup(p->value.s);
		}
	}
	else if (strcmp(field, "rd.reqs") == 0) k->rd_reqs = v;
	else if (strcmp(field, "rd.bytes") == 0) k->rd_bytes = v;
	else if (strcmp(field, "rd.times") == 0) k->rd_times_ns = v;
	else if (strcmp(field, "wr.reqs") == 0) k->wr_reqs = v;
	else if (strcmp(field, "wr.bytes") == 0) k->wr_bytes = v;
	else if (strcmp(field, "wr.times") == 0) k->wr_times_ns = v;
	else if (strcmp(field, "allocation") == 0) k->allocation = v;
	else if (strcmp(field, "capacity") == 0) k->capacity = v;
	return strncmp(field, "rd.", 3) == 0 || strncmp(field, "wr.", 3) == 0;
}

unsigned be_stats_parse(struct be_domain *d, virTypedParameterPtr params,
			int nparams)
{
	unsigned have = 0;
	int i;

	for (i = 0; i < nparams; i++) {
		const virTypedParameter *p = &params[i];
		const char *n = p->field, *rest;
		unsigned long idx;

		if (strcmp(n, "state.state") == 0) {
			d->state = (int)num(p);
			have |= BE_NEED_STATE;
		} else if (strcmp(n, "state.reason") == 0) {
			d->reason = (int)num(p);
		} else if (strcmp(n, "cpu.time") == 0) {
			d->c.cpu_time_ns = num(p);
			have |= BE_NEED_CPU;
		} else if (strncmp(n, "balloon.", 8) == 0) {
			const char *f = n + 8;
			have |= BE_NEED_BALLOON | BE_NEED_MEMSTATS;
			if (strcmp(f, "current") == 0) d->mem_kib = num(p);
			else if (strcmp(f, "maximum") == 0) d->mem_max_kib = num(p);
			else if (strcmp(f, "available") == 0) d->bal_available_kib = num(p);
			else if (strcmp(f, "usable") == 0) d->bal_usable_kib = num(p);
			else if (strcmp(f, "unused") == 0) d->bal_unused_kib = num(p);
			else if (strcmp(f, "rss") == 0) d->bal_rss_kib = num(p);
		} else if (strcmp(n, "vcpu.current") == 0) {
			d->vcpus = (unsigned)num(p);
			have |= BE_NEED_VCPU;
		} else if (strcmp(n, "vcpu.maximum") == 0) {
			d->vcpu_max = (unsigned)num(p);
			have |= BE_NEED_VCPU;
		} else if (indexed(n, "vcpu.", &idx, &rest)) {
			have |= BE_NEED_VCPU;
			parse_vcpu(d, p, rest, idx);
			if (strcmp(rest, "delay") == 0)
				d->c.vcpu_delay_ns += num(p);
		} else if (strcmp(n, "net.count") == 0) {
			have |= BE_NEED_NET;
		} else if (indexed(n, "net.", &idx, &rest)) {
			parse_net(d, p, rest, idx);
		} else if (strcmp(n, "block.count") == 0) {
			/* disks without counters are not block statistics: a
			 * domain whose QEMU could not be asked is not all zeros */
			if (num(p) == 0)
				have |= BE_NEED_BLOCK;
		} else if (indexed(n, "block.", &idx, &rest)) {
			if (parse_block(d, p, rest, idx))
				have |= BE_NEED_BLOCK;
		}
	}
	return have;
}

static void sum_devices(struct be_domain *d)
{
	size_t i;
	d->c.rd_reqs = d->c.wr_reqs = d->c.rd_bytes = d->c.wr_bytes = 0;
	d->c.rx_bytes = d->c.tx_bytes = d->c.rx_pkts = d->c.tx_pkts = 0;
	for (i = 0; i < d->ndisk; i++) {
		if (!d->disks[i].name)
			d->disks[i].name = xasprintf("disk%zu", i);
		d->c.rd_reqs += d->disks[i].rd_reqs;
		d->c.wr_reqs += d->disks[i].wr_reqs;
		d->c.rd_bytes += d->disks[i].rd_bytes;
		d->c.wr_bytes += d->disks[i].wr_bytes;
	}
	for (i = 0; i < d->niface; i++) {
		if (!d->ifaces[i].name)
			d->ifaces[i].name = xasprintf("net%zu", i);
		d->c.rx_bytes += d->ifaces[i].rx_bytes;
		d->c.tx_bytes += d->ifaces[i].tx_bytes;
		d->c.rx_pkts += d->ifaces[i].rx_pkts;
		d->c.tx_pkts += d->ifaces[i].tx_pkts;
	}
}

/* Value of attr="..." inside the first tag named tag within [s, end). */
static char *first_tag_attr(const char *s, const char *end, const char *tag,
			    const char *attr)
{
	size_t tl = strlen(tag);
	const char *t;
	for (t = s; t && t < end; t++) {
		t = strstr(t, tag);
		if (!t || t >= end)
			return NULL;
		if (t[-1] != '<' || (t[tl] != ' ' && t[tl] != '/' && t[tl] != '>'))
			continue;
		return xml_tag_attr(t, end, attr);
	}
	return NULL;
}

/* The device names per-device calls need, from the domain XML.  Hand
 * scanned: two attributes do not justify a libxml2 dependency, and libvirt
 * itself always writes this XML in its canonical form. */
static void devices_from_xml(virDomainPtr dom, struct be_domain *d)
{
	char *xml = virDomainGetXMLDesc(dom, 0);
	const char *p, *e;
	if (!xml)
		return;
	for (p = xml; (p = strstr(p, "<disk ")) && (e = strstr(p, "</disk>")); p = e) {
		char *dev = first_tag_attr(p, e, "target", "dev");
		struct be_disk *k;
		if (!dev)
			continue;
		k = disk_at(d, d->ndisk);
		if (!k) {
			free(dev);
			break;
		}
		k->name = dev;
		k->path = first_tag_attr(p, e, "source", "file");
		if (!k->path)
			k->path = first_tag_attr(p, e, "source", "dev");
	}
	for (p = xml; (p = strstr(p, "<interface ")) && (e = strstr(p, "</interface>")); p = e) {
		char *dev = first_tag_attr(p, e, "target", "dev");
		struct be_iface *f;
		if (!dev)
			continue;
		f = iface_at(d, d->niface);
		if (!f) {
			free(dev);
			break;
		}
		f->name = dev;
	}
	free(xml);
	d->have |= HAVE_DEVLIST;
}

static void copy_devlist(struct be_domain *d, const struct be_domain *prev)
{
	size_t i;
	for (i = 0; i < prev->ndisk; i++) {
		struct be_disk *k = disk_at(d, i);
		k->name = xstrdup(prev->disks[i].name);
		k->path = prev->disks[i].path ? xstrdup(prev->disks[i].path) : NULL;
		k->allocation = prev->disks[i].allocation;
		k->capacity = prev->disks[i].capacity;
	}
	for (i = 0; i < prev->niface; i++)
		iface_at(d, i)->name = xstrdup(prev->ifaces[i].name);
	d->have |= HAVE_DEVLIST;
}

static void fallback_block(virDomainPtr dom, struct be_domain *d, bool info)
{
	size_t i;
	for (i = 0; i < d->ndisk; i++) {
		struct be_disk *k = &d->disks[i];
		virDomainBlockStatsStruct bs;
		if (virDomainBlockStats(dom, k->name, &bs, sizeof(bs)) == 0) {
			k->rd_reqs = bs.rd_req > 0 ? (uint64_t)bs.rd_req : 0;
			k->wr_reqs = bs.wr_req > 0 ? (uint64_t)bs.wr_req : 0;
			k->rd_bytes = bs.rd_bytes > 0 ? (uint64_t)bs.rd_bytes : 0;
			k->wr_bytes = bs.wr_bytes > 0 ? (uint64_t)bs.wr_bytes : 0;
		}
		if (info) {
			virDomainBlockInfo bi;
			if (virDomainGetBlockInfo(dom, k->name, &bi, 0) == 0) {
				k->allocation = bi.allocation;
				k->capacity = bi.capacity;
			}
		}
	}
	d->have |= BE_NEED_BLOCK;
}

static void fallback_net(virDomainPtr dom, struct be_domain *d)
{
	size_t i;
	for (i = 0; i < d->niface; i++) {
		struct be_iface *f = &d->ifaces[i];
		virDomainInterfaceStatsStruct is;
		if (virDomainInterfaceStats(dom, f->name, &is, sizeof(is)) != 0)
			continue;
		f->rx_bytes = is.rx_bytes > 0 ? (uint64_t)is.rx_bytes : 0;
		f->rx_pkts = is.rx_packets > 0 ? (uint64_t)is.rx_packets : 0;
		f->rx_errs = is.rx_errs > 0 ? (uint64_t)is.rx_errs : 0;
		f->rx_drop = is.rx_drop > 0 ? (uint64_t)is.rx_drop : 0;
		f->tx_bytes = is.tx_bytes > 0 ? (uint64_t)is.tx_bytes : 0;
		f->tx_pkts = is.tx_packets > 0 ? (uint64_t)is.tx_packets : 0;
		f->tx_errs = is.tx_errs > 0 ? (uint64_t)is.tx_errs : 0;
		f->tx_drop = is.tx_drop > 0 ? (uint64_t)is.tx_drop : 0;
	}
	d->have |= BE_NEED_NET;
}

static void fallback_memstats(virDomainPtr dom, struct be_domain *d)
{
	virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR];
	int i, n = virDomainMemoryStats(dom, ms, VIR_DOMAIN_MEMORY_STAT_NR, 0);
	for (i = 0; i < n; i++) {
		switch (ms[i].tag) {
		case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON: d->mem_kib = ms[i].val; break;
		case VIR_DOMAIN_MEMORY_STAT_AVAILABLE: d->bal_available_kib = ms[i].val; break;
		case VIR_DOMAIN_MEMORY_STAT_USABLE: d->bal_usable_kib = ms[i].val; break;
		case VIR_DOMAIN_MEMORY_STAT_UNUSED: d->bal_unused_kib = ms[i].val; break;
		case VIR_DOMAIN_MEMORY_STAT_RSS: d->bal_rss_kib = ms[i].val; break;
		default: break;
		}
	}
}

static void carry_memory(struct be_domain *d, const struct be_domain *p)
{
	d->mem_kib = p->mem_kib;
	d->mem_max_kib = p->mem_max_kib;
	d->bal_available_kib = p->bal_available_kib;
	d->bal_usable_kib = p->bal_usable_kib;
	d->bal_unused_kib = p->bal_unused_kib;
	d->bal_rss_kib = p->bal_rss_kib;
	d->have |= p->have & (BE_NEED_BALLOON | BE_NEED_MEMSTATS);
	if (!d->vcpus)
		d->vcpus = p->vcpus;
}

/* The per-domain calls run one domain after another (50 ms for 1000
 * domains on the test driver, whose counters follow the clock): each
 * domain's rate runs over its own interval, or rows that read the same
 * would trade places on that skew alone. */
static void read_at(struct be_domain *d, unsigned group, int64_t t0)
{
	d->read_off_ns[__builtin_ctz(group)] = mono_ns() - t0;
}

/* The domain's CPU time as libvirt's cpu-total group has it (the cgroup's,
 * vhost threads included), without the query-stats that group also sends:
 * virDomainGetCPUStats takes no job and asks QEMU nothing.  false: not
 * here (GetInfo's, the QEMU process's own threads, then). */
static bool cgroup_cpu(virDomainPtr dom, struct be_domain *d,
		       struct be_stats_ctx *ctx)
{
	virTypedParameter p[8];
	int i, np;
	bool got = false;
	if (ctx->cpu_source != BE_CPU_CGROUP)
		return false;
	np = virDomainGetCPUStats(dom, p, 8, -1, 1, 0);
	if (np < 0) {
		virErrorPtr e = virGetLastError();
		/* "not supported", or a running domain without a cpuacct
		 * cgroup; a domain that stopped since the bulk call says so
		 * with the same code */
		if (e && (e->code == VIR_ERR_NO_SUPPORT ||
			  (e->code == VIR_ERR_OPERATION_INVALID &&
			   virDomainIsActive(dom) == 1)))
			ctx->cpu_source = BE_CPU_INFO;
		virResetLastError();
		return false;
	}
	for (i = 0; i < np; i++)
		if (strcmp(p[i].field, VIR_DOMAIN_CPU_STATS_CPUTIME) == 0 &&
		    p[i].type == VIR_TYPED_PARAM_ULLONG) {
			d->c.cpu_time_ns = p[i].value.ul;
			got = true;
		}
	virTypedParamsClear(p, np);
	return got;
}

/* Fill what the bulk record left out, with per-domain calls (t0: the
 * sample's mono_ns). */
static void fill_missing(virDomainPtr dom, struct be_domain *d,
			 const struct be_domain *prev, unsigned needs,
			 unsigned long n, int64_t t0, struct be_stats_ctx *ctx)
{
	bool active = d->id >= 0;
	bool slow_due = n % BALLOON_EVERY == 0;
	bool same = prev && prev->id == d->id && prev->state == d->state;
	/* inactive domains change only when redefined: reuse the last answer */
	bool carry = same && (active ? !slow_due : n % INACTIVE_INFO_EVERY != 0);
	/* the balloon group, when the guest's figures are shown */
	bool bulk_mem = d->have & BE_NEED_BALLOON;
	unsigned missing;
	virDomainInfo info;

	if (!bulk_mem && carry)
		carry_memory(d, prev);
	missing = needs & ~d->have;
	if (active && (missing & BE_NEED_CPU) && cgroup_cpu(dom, d, ctx)) {
		d->have |= BE_NEED_CPU;
		read_at(d, BE_NEED_CPU, t0);
	}
	/* GetInfo is one call for cpu time, memory and vCPU count */
	if ((active && !(d->have & BE_NEED_CPU) && (needs & BE_NEED_CPU)) ||
	    !(d->have & BE_NEED_BALLOON) || !d->vcpus) {
		if (virDomainGetInfo(dom, &info) == 0) {
			if (active && !(d->have & BE_NEED_CPU) && (needs & BE_NEED_CPU)) {
				d->c.cpu_time_ns = info.cpuTime;
				d->have |= BE_NEED_CPU;
				read_at(d, BE_NEED_CPU, t0);
			}
			if (!bulk_mem) {
				d->mem_kib = info.memory;
				d->mem_max_kib = info.maxMem;
				d->have |= BE_NEED_BALLOON;
			}
			if (!d->vcpus)
				d->vcpus = info.nrVirtCpu;
		}
	}
	if (!active)
		return;
	if ((missing & BE_NEED_MEMSTATS) && slow_due) {
		fallback_memstats(dom, d);
		d->have |= BE_NEED_MEMSTATS;
	}
	if (missing & (BE_NEED_BLOCK | BE_NEED_NET)) {
		if (same && (prev->have & HAVE_DEVLIST))
			copy_devlist(d, prev);
		else
			devices_from_xml(dom, d);
		if (missing & BE_NEED_BLOCK) {
			fallback_block(dom, d, slow_due || !same);
			read_at(d, BE_NEED_BLOCK, t0);
		}
		if (missing & BE_NEED_NET) {
			fallback_net(dom, d);
			read_at(d, BE_NEED_NET, t0);
		}
	}
}

static void set_affinity(struct be_vcpu *v, const unsigned char *map,
			 size_t len)
{
	free(v->affinity);
	v->affinity = xmalloc(len);
	memcpy(v->affinity, map, len);
	v->affinity_len = len;
	v->have |= BE_VCPU_AFFINITY;
}

/* Host CPU and affinity, which the bulk call never has, and for a driver
 * without the vcpu group (the test driver) state and time too: per-domain
 * calls, so only for the one domain on screen.  GetVcpus answers for a
 * running domain only; an inactive one has its configured pinning. */
static void focus_vcpus(virDomainPtr dom, struct be_domain *d,
			unsigned host_cpus)
{
	int maplen = VIR_CPU_MAPLEN(host_cpus ? host_cpus : 1);
	int nmax = (int)(d->vcpu_max > d->vcpus ? d->vcpu_max : d->vcpus);
	unsigned char *maps;
	virVcpuInfoPtr vi;
	int i, n = -1;

	if (nmax <= 0)
		nmax = virDomainGetMaxVcpus(dom);
	if (nmax <= 0 || nmax > 16384) {
		virResetLastError();
		return;
	}
	maps = xcalloc((size_t)nmax, (size_t)maplen);
	vi = xcalloc((size_t)nmax, sizeof(*vi));
	if (d->id >= 0)
		n = virDomainGetVcpus(dom, vi, nmax, maps, maplen);
	for (i = 0; i < n; i++) {
		struct be_vcpu *v = vcpu_at(d, vi[i].number);
		if (!v)
			continue;
		/* the bulk call's state and time, where it gave them, stay:
		 * they were read at the same moment as its wait and delay */
		if (!(v->have & BE_VCPU_STATE))
			v->state = vi[i].state;
		if (!(v->have & BE_VCPU_TIME))
			v->time_ns = vi[i].cpuTime;
		v->have |= BE_VCPU_STATE | BE_VCPU_TIME;
		if (vi[i].cpu >= 0) {
			v->pcpu = vi[i].cpu;
			v->have |= BE_VCPU_PCPU;
		}
		set_affinity(v, VIR_GET_CPUMAP(maps, maplen, i), (size_t)maplen);
	}
	if (n < 0) {
		virResetLastError();
		n = virDomainGetVcpuPinInfo(dom, nmax, maps, maplen,
					    d->id >= 0 ? VIR_DOMAIN_AFFECT_LIVE :
					    VIR_DOMAIN_AFFECT_CONFIG);
		for (i = 0; i < n; i++) {
			struct be_vcpu *v = vcpu_at(d, (unsigned long)i);
			if (v)
				set_affinity(v, VIR_GET_CPUMAP(maps, maplen, i),
					     (size_t)maplen);
		}
		if (n < 0)
			virResetLastError();
	}
	if (n > 0)
		d->have |= BE_NEED_VCPU;
	free(maps);
	free(vi);
}

/* cpu_shares, vcpu_quota and vcpu_period, as `virsh schedinfo` shows
 * them; asked even when refused, so that a driver without them is not
 * asked again until the next due sample */
static void read_sched(virDomainPtr dom, struct be_domain *d)
{
	d->have |= BE_NEED_SCHED;
	be_sched_read(dom, &d->sched);
}

/* Scheduler parameters every SCHED_EVERY samples, for a domain that
 * (re)started or is new, and when the connection was told they changed;
 * otherwise the previous sample's. */
static void sched_of(virDomainPtr dom, struct be_domain *d,
		     const struct be_domain *p, bool due)
{
	if (!due && p && p->id == d->id && (p->have & BE_NEED_SCHED)) {
		be_sched_copy(&d->sched, &p->sched);
		d->have |= BE_NEED_SCHED;
		return;
	}
	read_sched(dom, d);
}

/* virDomainGetUUIDString formats with 16 printf calls; at 1000 domains
 * per refresh that was a tenth of hvtop's own cost, so hex it here. */
static void uuid_string(virDomainPtr dom, char *out, int i)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[VIR_UUID_BUFLEN];
	int k, o = 0;
	if (virDomainGetUUID(dom, raw) < 0) {
		snprintf(out, 40, "?%d", i);
		return;
	}
	for (k = 0; k < VIR_UUID_BUFLEN; k++) {
		if (k == 4 || k == 6 || k == 8 || k == 10)
			out[o++] = '-';
		out[o++] = hex[raw[k] >> 4];
		out[o++] = hex[raw[k] & 15];
	}
	out[o] = '\0';
}

static int by_name_ptr(const void *a, const void *b)
{
	return strcmp((*(const struct be_domain *const *)a)->name,
		      (*(const struct be_domain *const *)b)->name);
}

/* prev's domains sorted by name (NULL for none), for known_identity */
static const struct be_domain **names_of(const struct be_sample *prev)
{
	const struct be_domain **v;
	size_t i;
	if (!prev || !prev->ndomains)
		return NULL;
	v = xmalloc(prev->ndomains * sizeof(*v));
	for (i = 0; i < prev->ndomains; i++)
		v[i] = &prev->domains[i];
	qsort(v, prev->ndomains, sizeof(*v), by_name_ptr);
	return v;
}

/* libvirt formats the domain's UUID for its debug log on every
 * per-domain call, whether it logs or not (VIR_DOMAIN_DEBUG, ~7000
 * instructions through glib's snprintf): virDomainGetID and
 * virDomainGetUUID on every record were a third of hvtop's work per
 * refresh at 1000 domains.  A domain keeps its UUID and ID while it stays
 * active (or inactive) under its name (libvirt's names are unique per
 * host), so d takes them from the previous sample's domain of that name
 * when its state says so; every IDENTITY_EVERY samples (spread by name)
 * they are asked again.  A domain destroyed and started again, or
 * undefined and defined anew, between two samples shows its new ID or
 * UUID within that many.  false: ask libvirt. */
static bool known_identity(struct be_domain *d, const struct be_domain **names,
			   size_t n, unsigned long sample_no)
{
	const struct be_domain key = { .name = d->name }, *kp = &key, **hit;
	unsigned h = 5381;
	const char *c;
	if (!names || !(d->have & BE_NEED_STATE))
		return false;
	for (c = d->name; *c; c++)
		h = h * 33 + (unsigned char)*c;
	if ((sample_no + h) % IDENTITY_EVERY == 0)
		return false;
	hit = bsearch(&kp, names, n, sizeof(*names), by_name_ptr);
	if (!hit || (*hit)->uuid[0] == '?' ||
	    be_state_active((*hit)->state) != be_state_active(d->state) ||
	    ((*hit)->id >= 0) != be_state_active(d->state))
		return false;
	memcpy(d->uuid, (*hit)->uuid, sizeof(d->uuid));
	d->id = (*hit)->id;
	return true;
}

static int by_uuid(const void *a, const void *b)
{
	return strcmp(((const struct be_domain *)a)->uuid,
		      ((const struct be_domain *)b)->uuid);
}

static void totals(struct be_sample *s)
{
	size_t i;
	memset(s->count_state, 0, sizeof(s->count_state));
	s->active = s->inactive = 0;
	s->cpu_pct = 0;
	s->guest_mem_kib = 0;
	for (i = 0; i < s->ndomains; i++) {
		struct be_domain *d = &s->domains[i];
		if (d->state >= 0 && d->state < BE_ST_COUNT)
			s->count_state[d->state]++;
		if (d->id >= 0) {
			s->active++;
			s->guest_mem_kib += d->mem_kib;
			if (d->r.valid && d->r.cpu_pct > 0)
				s->cpu_pct += d->r.cpu_pct;
		} else {
			s->inactive++;
		}
		d->mem_pct = s->mem_kib && d->id >= 0 ?
			100.0 * (double)d->mem_kib / (double)s->mem_kib : 0;
	}
}

static char *last_error(const char *what)
{
	virErrorPtr e = virGetLastError();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "unknown error");
}

/* The benchmark knob: only the bulk call, as virt-top makes (bench/
 * vs-virt-top compares the two tools' own work with the same calls). */
static bool no_fallbacks(void)
{
	/* samplers on several threads: the same answer, stored atomically */
	static int v = -1;
	int x = __atomic_load_n(&v, __ATOMIC_RELAXED);
	if (x < 0) {
		x = getenv(TEST_HOOK_BENCH_NO_FALLBACKS) != NULL;
		__atomic_store_n(&v, x, __ATOMIC_RELAXED);
	}
	return x;
}

static const struct be_stuck *stuck_of(const struct be_stats_ctx *ctx,
				       const char *uuid)
{
	size_t i;
	for (i = 0; i < ctx->nstuck; i++)
		if (strcmp(ctx->stuck[i].uuid, uuid) == 0)
			return &ctx->stuck[i];
	return NULL;
}

static bool st_known(const struct be_stats_ctx *ctx, const char *uuid)
{
	return stuck_of(ctx, uuid) != NULL;
}

/* The bulk call listed the domain's disks without counters: with NOWAIT,
 * libvirt could not take its job.  Whoever holds it, a per-domain call
 * now would wait for it (up to libvirt's 30 s).  libvirt's control info
 * says who: a monitor command waiting over BE_STUCK_MS is a QEMU that does
 * not answer (the domain is marked, stuck_ms); any other job (a
 * migration, another client's command) only leaves this sample without
 * the groups that need the job (the next sample asks again).  Returns the needs left for the
 * fallbacks. */
static unsigned job_busy(virDomainPtr dom, struct be_domain *d, unsigned needs)
{
	virDomainControlInfo ci;
	if (virDomainGetControlInfo(dom, &ci, 0) < 0) {
		virResetLastError();
		return needs & ~(BE_NEED_BLOCK | BE_NEED_SCHED | BE_NEED_MEMSTATS);
	}
	/* "OK" here is an async job (a migration: libvirt's control info
	 * shows only synchronous ones), whose per-domain calls wait too */
	if (ci.state == VIR_DOMAIN_CONTROL_OCCUPIED && ci.stateTime >= BE_STUCK_MS)
		d->stuck_ms = (int64_t)ci.stateTime;
	return needs & ~(BE_NEED_BLOCK | BE_NEED_SCHED | BE_NEED_MEMSTATS);
}

int be_stats_sample(virConnectPtr vc, struct be_stats_ctx *ctx,
		    struct be_sample *out, const struct be_sample *prev,
		    unsigned needs, const char *focus, char **err)
{
	virDomainStatsRecordPtr *recs = NULL;
	unsigned long n = ctx->sample_no++;
	unsigned groups = be_stats_groups(needs, n);
	bool sched_due = n % SCHED_EVERY == 0 || ctx->sched_now;
	unsigned flags = ctx->nowait_unsupported ? 0 :
		VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT;
	const struct be_domain **names;
	int64_t t0;
	int i, nrec;

	if (ctx->cpu_source == BE_CPU_UNKNOWN) {
		const char *type = virConnectGetType(vc);
		if (!type)
			virResetLastError();
		ctx->cpu_source = type && strcmp(type, "QEMU") == 0 ?
			BE_CPU_CGROUP : BE_CPU_INFO;
	}
	t0 = mono_ns();
	nrec = virConnectGetAllDomainStats(vc, groups, &recs, flags);
	if (nrec < 0 && flags) {
		virErrorPtr e = virGetLastError();
		if (e && (e->code == VIR_ERR_INVALID_ARG || e->code == VIR_ERR_NO_SUPPORT)) {
			ctx->nowait_unsupported = true;
			nrec = virConnectGetAllDomainStats(vc, groups, &recs, 0);
		}
	}
	if (nrec < 0) {
		*err = last_error("cannot get domain statistics");
		return -1;
	}
	out->mono_ns = t0;
	out->wall_ns = wall_ns();
	out->interval_ns = prev && prev->state == BE_CONN_UP && prev->mono_ns ?
		t0 - prev->mono_ns : 0;
	out->ndomains = (size_t)nrec;
	out->domains = xcalloc((size_t)nrec, sizeof(*out->domains));
	names = names_of(prev);
	for (i = 0; i < nrec; i++) {
		struct be_domain *d = &out->domains[i];
		virDomainPtr dom = recs[i]->dom;
		const struct be_domain *p;
		const struct be_stuck *st;
		unsigned dneeds;
		d->host = out->host;
		d->name = xstrdup(virDomainGetName(dom));
		d->have = be_stats_parse(d, recs[i]->params, recs[i]->nparams);
		if (!known_identity(d, names, prev ? prev->ndomains : 0, n)) {
			unsigned int id = virDomainGetID(dom);
			uuid_string(dom, d->uuid, i);
			d->id = id == (unsigned int)-1 ? -1 : (int)id;
		}
		p = be_sample_find(prev, d->uuid);
		dneeds = needs;
		if (d->id >= 0 && !st_known(ctx, d->uuid) && (groups & VIR_DOMAIN_STATS_BLOCK) &&
		    d->ndisk && !(d->have & BE_NEED_BLOCK))
			dneeds = job_busy(dom, d, needs);
		if ((st = stuck_of(ctx, d->uuid)) || d->stuck_ms > 0) {
			/* NOWAIT gave what needs no answer from its QEMU; show
			 * its state, and nothing that could be stale or wait */
			if (st)
				d->stuck_ms = st->ms > 0 ? st->ms : 1;
			d->have &= BE_NEED_STATE;
			if (p && !d->vcpus)
				d->vcpus = p->vcpus;
			continue;
		}
		if (!d->vcpus && p && p->id == d->id)
			d->vcpus = p->vcpus;
		/* before the check below: it asks for what is still missing */
		if ((dneeds & BE_NEED_SCHED) && !no_fallbacks())
			sched_of(dom, d, p, sched_due);
		if (((dneeds & ~d->have) || !d->vcpus) && !no_fallbacks())
			fill_missing(dom, d, p, dneeds, n, t0, ctx);
		if ((needs & BE_NEED_VCPU) && focus && strcmp(focus, d->uuid) == 0 &&
		    !no_fallbacks())
			focus_vcpus(dom, d, out->cpus);
		if ((needs & BE_NEED_VCPU) && d->id >= 0 && d->nvcpu &&
		    be_hooks()->vcpu_threads && ctx->uri)
			be_hooks()->vcpu_threads(ctx->uri, d->name, d->vcpu, d->nvcpu);
		sum_devices(d);
		be_rates_domain(d, p, out->interval_ns, out->cpus);
	}
	/* sorted by uuid so that the next sample finds these by bsearch */
	qsort(out->domains, out->ndomains, sizeof(*out->domains), by_uuid);
	free(names);
	virDomainStatsRecordListFree(recs);
	ctx->sched_now = false;
	out->cost_ns = mono_ns() - t0;
	totals(out);
	return 0;
}
