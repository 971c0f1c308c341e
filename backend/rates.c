#include <config.h>
#include "backend/rates.h"

#include <string.h>

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
}

/* A counter that went down means the domain (or a device) restarted. */
static bool went_back(const struct be_counters *c, const struct be_counters *p)
{
	return c->cpu_time_ns < p->cpu_time_ns ||
	       c->vcpu_delay_ns < p->vcpu_delay_ns ||
	       c->rd_reqs < p->rd_reqs || c->wr_reqs < p->wr_reqs ||
	       c->rd_bytes < p->rd_bytes || c->wr_bytes < p->wr_bytes ||
	       c->rx_bytes < p->rx_bytes || c->tx_bytes < p->tx_bytes ||
	       c->rx_pkts < p->rx_pkts || c->tx_pkts < p->tx_pkts;
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

void be_rates_domain(struct be_domain *d, const struct be_domain *prev,
		     int64_t iv, unsigned host_cpus)
{
	const struct be_counters *c = &d->c, *p;
	double cap = 100.0 * (host_cpus ? host_cpus : 1);
	size_t i;

	invalidate(d);
	if (!prev || iv <= 0 || d->id < 0 || prev->id != d->id)
		return;
	p = &prev->c;
	if (went_back(c, p))
		return;
	/* a number obtained now but not then has no delta */
	d->r.valid = true;
	if (d->have & prev->have & BE_NEED_CPU)
		d->r.cpu_pct = pct(c->cpu_time_ns, p->cpu_time_ns, iv, cap);
	if (d->have & prev->have & BE_NEED_VCPU)
		d->r.steal_pct = pct(c->vcpu_delay_ns, p->vcpu_delay_ns, iv, cap);
	if (d->have & prev->have & BE_NEED_BLOCK) {
		d->r.rd_rps = be_rate(c->rd_reqs, p->rd_reqs, iv);
		d->r.wr_rps = be_rate(c->wr_reqs, p->wr_reqs, iv);
		d->r.rd_bps = be_rate(c->rd_bytes, p->rd_bytes, iv);
		d->r.wr_bps = be_rate(c->wr_bytes, p->wr_bytes, iv);
		for (i = 0; i < d->ndisk; i++)
			disk_rates(&d->disks[i], prev, iv);
	}
	if (d->have & prev->have & BE_NEED_NET) {
		d->r.rx_bps = be_rate(c->rx_bytes, p->rx_bytes, iv);
		d->r.tx_bps = be_rate(c->tx_bytes, p->tx_bytes, iv);
		d->r.rx_pps = be_rate(c->rx_pkts, p->rx_pkts, iv);
		d->r.tx_pps = be_rate(c->tx_pkts, p->tx_pkts, iv);
		for (i = 0; i < d->niface; i++)
			iface_rates(&d->ifaces[i], prev, iv);
	}
}
