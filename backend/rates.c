#include <config.h>
#include "backend/rates.h"
#include "common/util.h"

#include <string.h>

/* the groups whose counters carry over a gap: the others (state, memory)
 * are levels, not counters */
static const unsigned counter_groups[] = {
	BE_NEED_CPU, BE_NEED_VCPU, BE_NEED_BLOCK, BE_NEED_NET,
};
#define NGROUPS (sizeof(counter_groups) / sizeof(counter_groups[0]))

double be_rate(uint64_t cur, uint64_t prev, int64_t interval_ns)
{
	if (interval_ns <= 0 || cur < prev)
		return -1;
	return (double)(cur - prev) * 1e9 / (double)interval_ns;
}

static void invalidate(struct be_domain *d)
{
	size_t i;
	struct be_rates *r = &d->r;
	r->valid = false;
	r->cpu_pct = r->steal_pct = -1;
	r->rd_rps = r->wr_rps = r->rd_bps = r->wr_bps = -1;
	r->rx_bps = r->tx_bps = r->rx_pps = r->tx_pps = -1;
	for (i = 0; i < d->niface; i++)
		d->ifaces[i].rx_bps = d->ifaces[i].tx_bps =
			d->ifaces[i].rx_pps = d->ifaces[i].tx_pps = -1;
	for (i = 0; i < d->ndisk; i++) {
		d->disks[i].rd_bps = d->disks[i].wr_bps = -1;
		d->disks[i].rd_rps = d->disks[i].wr_rps = -1;
		d->disks[i].rd_lat_ms = d->disks[i].wr_lat_ms = -1;
	}
	for (i = 0; i < d->nvcpu; i++)
		d->vcpu[i].run_pct = d->vcpu[i].wait_pct = d->vcpu[i].steal_pct = -1;
}

/* the groups a sample holds counters of: fetched, or kept from before */
static unsigned counted(const struct be_domain *d)
{
	return d->have | d->kept;
}

static int bit_of(unsigned group)
{
	return __builtin_ctz(group);
}

/* Time from the sample that took prev's value of group to d's sample: a
 * kept value is older than prev itself. */
static int64_t span(const struct be_domain *prev, unsigned group, int64_t iv)
{
	return iv + (prev->kept & group ? prev->kept_age_ns[bit_of(group)] : 0);
}

/* The same, from the read of prev's value to the read of d's */
static int64_t read_span(const struct be_domain *d, const struct be_domain *prev,
			 unsigned group, int64_t iv)
{
	return span(prev, group, iv) + d->read_off_ns[bit_of(group)] -
	       prev->read_off_ns[bit_of(group)];
}

static struct be_disk *disk_named(struct be_domain *d, const char *name)
{
	size_t i;
	for (i = 0; i < d->ndisk; i++)
		if (strcmp(d->disks[i].name, name) == 0)
			return &d->disks[i];
	d->disks = xrealloc(d->disks, (d->ndisk + 1) * sizeof(*d->disks));
	memset(&d->disks[d->ndisk], 0, sizeof(*d->disks));
	d->disks[d->ndisk].name = xstrdup(name);
	return &d->disks[d->ndisk++];
}

static struct be_iface *iface_named(struct be_domain *d, const char *name)
{
	size_t i;
	for (i = 0; i < d->niface; i++)
		if (strcmp(d->ifaces[i].name, name) == 0)
			return &d->ifaces[i];
	d->ifaces = xrealloc(d->ifaces, (d->niface + 1) * sizeof(*d->ifaces));
	memset(&d->ifaces[d->niface], 0, sizeof(*d->ifaces));
	d->ifaces[d->niface].name = xstrdup(name);
	return &d->ifaces[d->niface++];
}

/* The device list may be there already without numbers (read from the
 * domain XML for the other device group), so devices are matched by name. */
static void carry_block(struct be_domain *d, const struct be_domain *p)
{
	size_t i;
	for (i = 0; i < p->ndisk; i++) {
		const struct be_disk *pk = &p->disks[i];
		struct be_disk *k = disk_named(d, pk->name);
		if (!k->path && pk->path)
			k->path = xstrdup(pk->path);
		k->rd_reqs = pk->rd_reqs;
		k->rd_bytes = pk->rd_bytes;
		k->rd_times_ns = pk->rd_times_ns;
		k->wr_reqs = pk->wr_reqs;
		k->wr_bytes = pk->wr_bytes;
		k->wr_times_ns = pk->wr_times_ns;
	}
	d->c.rd_reqs = p->c.rd_reqs;
	d->c.wr_reqs = p->c.wr_reqs;
	d->c.rd_bytes = p->c.rd_bytes;
	d->c.wr_bytes = p->c.wr_bytes;
}

static void carry_net(struct be_domain *d, const struct be_domain *p)
{
	size_t i;
	for (i = 0; i < p->niface; i++) {
		const struct be_iface *pf = &p->ifaces[i];
		struct be_iface *f = iface_named(d, pf->name);
		f->rx_bytes = pf->rx_bytes;
		f->rx_pkts = pf->rx_pkts;
		f->rx_errs = pf->rx_errs;
		f->rx_drop = pf->rx_drop;
		f->tx_bytes = pf->tx_bytes;
		f->tx_pkts = pf->tx_pkts;
		f->tx_errs = pf->tx_errs;
		f->tx_drop = pf->tx_drop;
	}
	d->c.rx_bytes = p->c.rx_bytes;
	d->c.tx_bytes = p->c.tx_bytes;
	d->c.rx_pkts = p->c.rx_pkts;
	d->c.tx_pkts = p->c.tx_pkts;
}

/* Only the counters: state, host CPU and affinity are this moment's. */
static void carry_vcpus(struct be_domain *d, const struct be_domain *p)
{
	size_t i;
	if (d->nvcpu || !p->nvcpu)
		goto sum;
	d->vcpu = xcalloc(p->nvcpu, sizeof(*d->vcpu));
	d->nvcpu = p->nvcpu;
	for (i = 0; i < p->nvcpu; i++) {
		struct be_vcpu *v = &d->vcpu[i];
		const struct be_vcpu *pv = &p->vcpu[i];
		v->index = pv->index;
		v->have = pv->have & (BE_VCPU_TIME | BE_VCPU_WAIT | BE_VCPU_DELAY);
		v->pcpu = -1;
		v->time_ns = pv->time_ns;
		v->wait_ns = pv->wait_ns;
		v->delay_ns = pv->delay_ns;
		v->run_pct = v->wait_pct = v->steal_pct = -1;
	}
sum:
	d->c.vcpu_delay_ns = p->c.vcpu_delay_ns;
}

/* A group this sample did not fetch (the view on screen does not show
 * it) keeps the previous sample's counters, so that the next sample that
 * fetches it again has a baseline and shows a rate at once. */
static void carry(struct be_domain *d, const struct be_domain *p, int64_t iv)
{
	size_t i;
	for (i = 0; i < NGROUPS; i++) {
		unsigned g = counter_groups[i];
		if ((d->have & g) || !(counted(p) & g))
			continue;
		switch (g) {
		case BE_NEED_CPU:
			d->c.cpu_time_ns = p->c.cpu_time_ns;
			break;
		case BE_NEED_VCPU:
			carry_vcpus(d, p);
			break;
		case BE_NEED_BLOCK:
			carry_block(d, p);
			break;
		case BE_NEED_NET:
			carry_net(d, p);
			break;
		}
		d->kept |= g;
		d->kept_age_ns[bit_of(g)] = span(p, g, iv);
		d->read_off_ns[bit_of(g)] = p->read_off_ns[bit_of(g)];
	}
}

/* A counter that went down means the domain (or a device) restarted. */
static bool went_back(const struct be_domain *d, const struct be_domain *prev)
{
	const struct be_counters *c = &d->c, *p = &prev->c;
	unsigned both = counted(d) & counted(prev);
	return ((both & BE_NEED_CPU) && c->cpu_time_ns < p->cpu_time_ns) ||
	       ((both & BE_NEED_VCPU) && c->vcpu_delay_ns < p->vcpu_delay_ns) ||
	       ((both & BE_NEED_BLOCK) &&
		(c->rd_reqs < p->rd_reqs || c->wr_reqs < p->wr_reqs ||
		 c->rd_bytes < p->rd_bytes || c->wr_bytes < p->wr_bytes)) ||
	       ((both & BE_NEED_NET) &&
		(c->rx_bytes < p->rx_bytes || c->tx_bytes < p->tx_bytes ||
		 c->rx_pkts < p->rx_pkts || c->tx_pkts < p->tx_pkts));
}

static double latency_ms(uint64_t t, uint64_t pt, uint64_t n, uint64_t pn)
{
	if (t < pt || n <= pn)
		return -1;
	return (double)(t - pt) / (double)(n - pn) / 1e6;
}

static void disk_rates(struct be_disk *k, const struct be_domain *prev,
		       int64_t iv)
{
	const struct be_disk *p = NULL;
	size_t i;
	for (i = 0; i < prev->ndisk; i++)
		if (strcmp(prev->disks[i].name, k->name) == 0)
			p = &prev->disks[i];
	if (!p) {
		k->rd_bps = k->wr_bps = k->rd_rps = k->wr_rps = -1;
		k->rd_lat_ms = k->wr_lat_ms = -1;
		return;
	}
	k->rd_bps = be_rate(k->rd_bytes, p->rd_bytes, iv);
	k->wr_bps = be_rate(k->wr_bytes, p->wr_bytes, iv);
	k->rd_rps = be_rate(k->rd_reqs, p->rd_reqs, iv);
	k->wr_rps = be_rate(k->wr_reqs, p->wr_reqs, iv);
	k->rd_lat_ms = latency_ms(k->rd_times_ns, p->rd_times_ns, k->rd_reqs, p->rd_reqs);
	k->wr_lat_ms = latency_ms(k->wr_times_ns, p->wr_times_ns, k->wr_reqs, p->wr_reqs);
}

static void iface_rates(struct be_iface *f, const struct be_domain *prev,
			int64_t iv)
{
	const struct be_iface *p = NULL;
	size_t i;
	for (i = 0; i < prev->niface; i++)
		if (strcmp(prev->ifaces[i].name, f->name) == 0)
			p = &prev->ifaces[i];
	if (!p) {
		f->rx_bps = f->tx_bps = f->rx_pps = f->tx_pps = -1;
		return;
	}
	f->rx_bps = be_rate(f->rx_bytes, p->rx_bytes, iv);
	f->tx_bps = be_rate(f->tx_bytes, p->tx_bytes, iv);
	f->rx_pps = be_rate(f->rx_pkts, p->rx_pkts, iv);
	f->tx_pps = be_rate(f->tx_pkts, p->tx_pkts, iv);
}

static double pct(uint64_t cur, uint64_t prev, int64_t iv, double cap)
{
	double v = be_rate(cur, prev, iv) * 100.0 / 1e9;
	if (v < 0)
		return 0;
	return v > cap ? cap : v;
}

/* A vCPU is one host thread: never more than one host CPU.  A counter of
 * one vCPU that went down (unplugged and plugged again) has no rate. */
static double vcpu_pct(uint64_t cur, uint64_t prev, int64_t iv)
{
	double v = be_rate(cur, prev, iv);
	if (v < 0)
		return -1;
	v = v * 100.0 / 1e9;
	return v > 100.0 ? 100.0 : v;
}

/* what any of the domain's vCPUs reported (BE_VCPU_*) */
static unsigned vcpu_fields(const struct be_domain *d)
{
	unsigned f = 0;
	size_t i;
	for (i = 0; i < d->nvcpu; i++)
		f |= d->vcpu[i].have;
	return f;
}

static const struct be_vcpu *vcpu_of(const struct be_domain *d,
				     unsigned index, size_t hint)
{
	size_t i;
	if (hint < d->nvcpu && d->vcpu[hint].index == index)
		return &d->vcpu[hint];
	for (i = 0; i < d->nvcpu; i++)
		if (d->vcpu[i].index == index)
			return &d->vcpu[i];
	return NULL;
}

static void vcpu_rates(struct be_domain *d, const struct be_domain *prev,
		       int64_t iv)
{
	size_t i;
	for (i = 0; i < d->nvcpu; i++) {
		struct be_vcpu *v = &d->vcpu[i];
		const struct be_vcpu *p = vcpu_of(prev, v->index, i);
		unsigned both;
		if (!p)
			continue;
		both = v->have & p->have;
		if (both & BE_VCPU_TIME)
			v->run_pct = vcpu_pct(v->time_ns, p->time_ns, iv);
		if (both & BE_VCPU_WAIT)
			v->wait_pct = vcpu_pct(v->wait_ns, p->wait_ns, iv);
		if (both & BE_VCPU_DELAY)
			v->steal_pct = vcpu_pct(v->delay_ns, p->delay_ns, iv);
	}
}

void be_rates_domain(struct be_domain *d, const struct be_domain *prev,
		     int64_t iv, unsigned host_cpus)
{
	const struct be_counters *c = &d->c, *p;
	double cap = 100.0 * (host_cpus ? host_cpus : 1);
	unsigned both;
	int64_t sp;
	size_t i;

	invalidate(d);
	if (!prev || iv <= 0 || d->id < 0 || prev->id != d->id)
		return;
	carry(d, prev, iv);
	p = &prev->c;
	if (went_back(d, prev))
		return;
	d->r.valid = true;
	/* a number obtained now but not then has no delta; one held then,
	 * fetched or kept, has, over the time since it was taken */
	both = d->have & counted(prev);
	if (both & BE_NEED_CPU)
		d->r.cpu_pct = pct(c->cpu_time_ns, p->cpu_time_ns,
				   read_span(d, prev, BE_NEED_CPU, iv), cap);
	if (both & BE_NEED_VCPU) {
		sp = span(prev, BE_NEED_VCPU, iv);
		/* steal is the sum of the delays: only where they are reported */
		if (vcpu_fields(d) & vcpu_fields(prev) & BE_VCPU_DELAY)
			d->r.steal_pct = pct(c->vcpu_delay_ns, p->vcpu_delay_ns, sp, cap);
		vcpu_rates(d, prev, sp);
	}
	if (both & BE_NEED_BLOCK) {
		sp = read_span(d, prev, BE_NEED_BLOCK, iv);
		d->r.rd_rps = be_rate(c->rd_reqs, p->rd_reqs, sp);
		d->r.wr_rps = be_rate(c->wr_reqs, p->wr_reqs, sp);
		d->r.rd_bps = be_rate(c->rd_bytes, p->rd_bytes, sp);
		d->r.wr_bps = be_rate(c->wr_bytes, p->wr_bytes, sp);
		for (i = 0; i < d->ndisk; i++)
			disk_rates(&d->disks[i], prev, sp);
	}
	if (both & BE_NEED_NET) {
		sp = read_span(d, prev, BE_NEED_NET, iv);
		d->r.rx_bps = be_rate(c->rx_bytes, p->rx_bytes, sp);
		d->r.tx_bps = be_rate(c->tx_bytes, p->tx_bytes, sp);
		d->r.rx_pps = be_rate(c->rx_pkts, p->rx_pkts, sp);
		d->r.tx_pps = be_rate(c->tx_pkts, p->tx_pkts, sp);
		for (i = 0; i < d->niface; i++)
			iface_rates(&d->ifaces[i], prev, sp);
	}
}
