/* Parsing of bulk-stats records, and sampling libvirt's test driver
 * (whose bulk stats hold only `state`, so the per-domain fallbacks run). */
#include <config.h>
#include <check.h>
#include "kvm/hooks.h"
#include "tests/check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "backend/conn.h"
#include "backend/conn_priv.h"
#include "backend/stats.h"
#include <libvirt/libvirt.h>

static void set_ull(virTypedParameterPtr p, const char *name, unsigned long long v)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->field, sizeof(p->field), "%s", name);
	p->type = VIR_TYPED_PARAM_ULLONG;
	p->value.ul = v;
}

static void set_int(virTypedParameterPtr p, const char *name, int v)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->field, sizeof(p->field), "%s", name);
	p->type = VIR_TYPED_PARAM_INT;
	p->value.i = v;
}

static void set_uint(virTypedParameterPtr p, const char *name, unsigned v)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->field, sizeof(p->field), "%s", name);
	p->type = VIR_TYPED_PARAM_UINT;
	p->value.ui = v;
}

static void set_str(virTypedParameterPtr p, const char *name, char *v)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->field, sizeof(p->field), "%s", name);
	p->type = VIR_TYPED_PARAM_STRING;
	p->value.s = v;
}

START_TEST(parse_record)
{
	virTypedParameter p[32];
	struct be_domain d;
	unsigned have;
	int n = 0;
	memset(&d, 0, sizeof(d));
	set_ull(&p[n++], "state.state", 1);
	set_ull(&p[n++], "cpu.time", 123456789);
	set_ull(&p[n++], "balloon.current", 1048576);
	set_ull(&p[n++], "balloon.maximum", 2097152);
	set_ull(&p[n++], "balloon.available", 1000000);
	set_ull(&p[n++], "vcpu.current", 2);
	set_ull(&p[n++], "vcpu.0.time", 5);
	set_ull(&p[n++], "vcpu.0.delay", 300);
	set_ull(&p[n++], "vcpu.1.delay", 700);
	set_ull(&p[n++], "net.count", 1);
	set_str(&p[n++], "net.0.name", (char *)"vnet0");
	set_ull(&p[n++], "net.0.rx.bytes", 1000);
	set_ull(&p[n++], "net.0.tx.pkts", 7);
	set_ull(&p[n++], "block.count", 2);
	set_str(&p[n++], "block.0.name", (char *)"vda");
	set_str(&p[n++], "block.0.path", (char *)"/img/a.qcow2");
	set_ull(&p[n++], "block.0.wr.bytes", 4096);
	set_str(&p[n++], "block.1.name", (char *)"vdb");
	set_ull(&p[n++], "block.1.rd.reqs", 9);
	set_ull(&p[n++], "block.1.capacity", 1ULL << 30);
	/* malformed names are ignored, never trusted as indices */
	set_ull(&p[n++], "block.99999999.rd.reqs", 1);
	set_ull(&p[n++], "net.x.rx.bytes", 1);
	have = be_stats_parse(&d, p, n);
	ck_assert_uint_eq(have, BE_NEED_STATE | BE_NEED_CPU | BE_NEED_BALLOON |
			  BE_NEED_MEMSTATS | BE_NEED_VCPU | BE_NEED_NET | BE_NEED_BLOCK);
	ck_assert_int_eq(d.state, 1);
	ck_assert_uint_eq(d.c.cpu_time_ns, 123456789);
	ck_assert_uint_eq(d.mem_kib, 1048576);
	ck_assert_uint_eq(d.mem_max_kib, 2097152);
	ck_assert_uint_eq(d.bal_available_kib, 1000000);
	ck_assert_uint_eq(d.vcpus, 2);
	ck_assert_uint_eq(d.c.vcpu_delay_ns, 1000);
	ck_assert_uint_eq(d.niface, 1);
	ck_assert_str_eq(d.ifaces[0].name, "vnet0");
	ck_assert_uint_eq(d.ifaces[0].rx_bytes, 1000);
	ck_assert_uint_eq(d.ifaces[0].tx_pkts, 7);
	ck_assert_uint_eq(d.ndisk, 2);
	ck_assert_str_eq(d.disks[0].path, "/img/a.qcow2");
	ck_assert_uint_eq(d.disks[0].wr_bytes, 4096);
	ck_assert_uint_eq(d.disks[1].rd_reqs, 9);
	ck_assert_uint_eq(d.disks[1].capacity, 1ULL << 30);
	be_domain_clear(&d);
}
END_TEST

/* Found by fuzz_stats (fuzz/corpus/stats/crash-huge-double): a double
 * counter too large for 64 bits (or NaN) was converted with undefined
 * behaviour; it is now the largest counter, and NaN or negative is 0. */
START_TEST(parse_doubles)
{
	virTypedParameter p[3];
	struct be_domain d = { 0 };
	memset(p, 0, sizeof(p));
	snprintf(p[0].field, sizeof(p[0].field), "cpu.time");
	p[0].type = VIR_TYPED_PARAM_DOUBLE;
	p[0].value.d = 1e300;
	snprintf(p[1].field, sizeof(p[1].field), "balloon.current");
	p[1].type = VIR_TYPED_PARAM_DOUBLE;
	p[1].value.d = __builtin_nan("");
	snprintf(p[2].field, sizeof(p[2].field), "balloon.maximum");
	p[2].type = VIR_TYPED_PARAM_DOUBLE;
	p[2].value.d = 2048.9;
	be_stats_parse(&d, p, 3);
	ck_assert_uint_eq(d.c.cpu_time_ns, UINT64_MAX);
	ck_assert_uint_eq(d.mem_kib, 0);
	ck_assert_uint_eq(d.mem_max_kib, 2048);
	be_domain_clear(&d);
}
END_TEST

/* A domain whose QEMU libvirt could not ask (NOWAIT, its job busy) has
 * its disks named without counters: that is no block statistics (the
 * fallback asks, or the domain does not answer), not zeros. */
START_TEST(parse_block_without_counters)
{
	virTypedParameter p[4];
	struct be_domain d = { 0 };
	unsigned have;
	memset(p, 0, sizeof(p));
	snprintf(p[0].field, sizeof(p[0].field), "block.count");
	p[0].type = VIR_TYPED_PARAM_UINT;
	p[0].value.ui = 1;
	snprintf(p[1].field, sizeof(p[1].field), "block.0.name");
	p[1].type = VIR_TYPED_PARAM_STRING;
	p[1].value.s = (char *)"vda";
	have = be_stats_parse(&d, p, 2);
	ck_assert_uint_eq(have & BE_NEED_BLOCK, 0);
	be_domain_clear(&d);
	memset(&d, 0, sizeof(d));
	snprintf(p[2].field, sizeof(p[2].field), "block.0.rd.reqs");
	p[2].type = VIR_TYPED_PARAM_ULLONG;
	p[2].value.ul = 7;
	have = be_stats_parse(&d, p, 3);
	ck_assert_uint_eq(have & BE_NEED_BLOCK, BE_NEED_BLOCK);
	ck_assert_uint_eq(d.disks[0].rd_reqs, 7);
	be_domain_clear(&d);
	/* no disks at all: known, nothing to count */
	memset(&d, 0, sizeof(d));
	p[3] = p[0];
	p[3].value.ui = 0;
	have = be_stats_parse(&d, p + 3, 1);
	ck_assert_uint_eq(have & BE_NEED_BLOCK, BE_NEED_BLOCK);
	be_domain_clear(&d);
}
END_TEST

START_TEST(parse_vcpus)
{
	/* as the bulk call returns them, QEMU's extra fields included */
	virTypedParameter p[32];
	struct be_domain d;
	unsigned have;
	int n = 0;
	memset(&d, 0, sizeof(d));
	set_uint(&p[n++], "vcpu.current", 2);
	set_uint(&p[n++], "vcpu.maximum", 4);
	set_int(&p[n++], "vcpu.0.state", 1);
	set_ull(&p[n++], "vcpu.0.time", 7000000000ULL);
	set_ull(&p[n++], "vcpu.0.wait", 30);
	set_ull(&p[n++], "vcpu.0.delay", 300);
	memset(&p[n], 0, sizeof(p[n]));
	snprintf(p[n].field, sizeof(p[n].field), "vcpu.0.halted");
	p[n].type = VIR_TYPED_PARAM_BOOLEAN;
	p[n++].value.b = 1;
	set_ull(&p[n++], "vcpu.0.halt_poll_success_ns.sum", 99);
	/* vCPU 1 unplugged: the array is sparse */
	set_int(&p[n++], "vcpu.2.state", 2);
	set_ull(&p[n++], "vcpu.2.time", 5);
	set_ull(&p[n++], "vcpu.2.delay", 700);
	set_ull(&p[n++], "vcpu.99999.time", 1);
	have = be_stats_parse(&d, p, n);
	ck_assert_uint_eq(have, BE_NEED_VCPU);
	ck_assert_uint_eq(d.vcpus, 2);
	ck_assert_uint_eq(d.vcpu_max, 4);
	ck_assert_uint_eq(d.nvcpu, 2);
	ck_assert_uint_eq(d.vcpu[0].index, 0);
	ck_assert_uint_eq(d.vcpu[0].have, BE_VCPU_STATE | BE_VCPU_TIME |
			  BE_VCPU_WAIT | BE_VCPU_DELAY);
	ck_assert_int_eq(d.vcpu[0].state, BE_VCPU_RUNNING);
	ck_assert_uint_eq(d.vcpu[0].time_ns, 7000000000ULL);
	ck_assert_uint_eq(d.vcpu[0].wait_ns, 30);
	ck_assert_uint_eq(d.vcpu[0].delay_ns, 300);
	/* the bulk call has no host CPU, affinity or thread */
	ck_assert_int_eq(d.vcpu[0].pcpu, -1);
	ck_assert_ptr_null(d.vcpu[0].affinity);
	ck_assert_int_eq(d.vcpu[0].tid, 0);
	ck_assert_uint_eq(d.vcpu[1].index, 2);
	ck_assert_uint_eq(d.vcpu[1].have, BE_VCPU_STATE | BE_VCPU_TIME | BE_VCPU_DELAY);
	ck_assert_int_eq(d.vcpu[1].state, BE_VCPU_BLOCKED);
	ck_assert_uint_eq(d.vcpu[1].time_ns, 5);
	/* the domain's steal sum, as the domains view shows it */
	ck_assert_uint_eq(d.c.vcpu_delay_ns, 1000);
	be_domain_clear(&d);
}
END_TEST

START_TEST(groups_follow_needs)
{
	/* cpu time and current memory come from GetInfo, which asks QEMU
	 * nothing: neither the cpu-total group (a query-stats per guest) nor
	 * the balloon group (a qom-get and a query-balloon) is asked for them */
	unsigned g = be_stats_groups(BE_NEED_STATE | BE_NEED_CPU | BE_NEED_BALLOON, 0);
	ck_assert_uint_eq(g, VIR_DOMAIN_STATS_STATE);
	/* what is not on screen is not fetched */
	ck_assert(!(g & (VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE |
			 VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BALLOON)));
	g = be_stats_groups(BE_NEED_NET | BE_NEED_BLOCK | BE_NEED_VCPU, 1);
	ck_assert(g & VIR_DOMAIN_STATS_BLOCK);
	ck_assert(g & VIR_DOMAIN_STATS_INTERFACE);
	ck_assert(g & VIR_DOMAIN_STATS_VCPU);
	/* the guest's own memory figures (the balloon group) only while
	 * shown, and then every few samples */
	ck_assert(be_stats_groups(BE_NEED_MEMSTATS, 0) & VIR_DOMAIN_STATS_BALLOON);
	ck_assert(!(be_stats_groups(BE_NEED_MEMSTATS, 1) & VIR_DOMAIN_STATS_BALLOON));
}
END_TEST

START_TEST(test_driver_fallbacks)
{
	char *err = NULL;
	struct be_conn *c;
	struct be_sample *s1, *s2;
	const struct be_domain *d;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", true, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	be_conn_set_needs(c, BE_NEED_ALL);
	s1 = be_conn_step(c);
	usleep(200000);
	s2 = be_conn_step(c);
	ck_assert_uint_eq(s1->ndomains, 1);
	ck_assert_int_eq(s2->state, BE_CONN_UP);
	ck_assert_uint_eq(s2->ndomains, 1);
	ck_assert_uint_eq(s2->cpus, 16);
	d = &s2->domains[0];
	ck_assert_str_eq(d->name, "test");
	ck_assert_int_eq(d->state, BE_ST_RUNNING);
	/* the bulk call gave only state: these came from the fallbacks */
	ck_assert(d->have & BE_NEED_CPU);
	ck_assert(d->have & BE_NEED_BLOCK);
	ck_assert(d->have & BE_NEED_NET);
	ck_assert_uint_eq(d->vcpus, 2);
	ck_assert_uint_eq(d->mem_kib, 2097152);
	ck_assert_uint_eq(d->ndisk, 1);
	ck_assert_str_eq(d->disks[0].name, "vda");
	ck_assert_uint_eq(d->niface, 1);
	ck_assert_str_eq(d->ifaces[0].name, "testnet0");
	/* rates over the real elapsed time, moving and never negative */
	ck_assert(s2->interval_ns >= 150000000);
	ck_assert(d->r.valid);
	/* %CPU is the CPU time's delta over the time between its two reads,
	 * 100 = one CPU: the test driver's CPU time is its clock, so 100.
	 * Over the samples' interval instead, each domain read a moment
	 * later than the one before would be off by its place in the list */
	ck_assert_double_eq_tol(d->r.cpu_pct,
				100.0 * (double)(d->c.cpu_time_ns - s1->domains[0].c.cpu_time_ns) /
				(double)(s2->interval_ns + d->read_off_ns[__builtin_ctz(BE_NEED_CPU)] -
					 s1->domains[0].read_off_ns[__builtin_ctz(BE_NEED_CPU)]), 1e-9);
	/* (under valgrind the read's stamp trails the clock it read by a
	 * few hundred microseconds: 100.16 % once) */
	ck_assert_double_eq_tol(d->r.cpu_pct, 100.0, 1.0);
	/* the test driver's counters are its clock too (microseconds since
	 * the epoch over 20 for bytes read, over 10 for bytes received):
	 * 50000 and 100000 B/s, within what the read's stamp may trail */
	ck_assert_double_eq_tol(d->r.rd_bps, 50000.0, 1000.0);
	ck_assert_double_eq_tol(d->r.rx_bps, 100000.0, 2000.0);
	be_sample_unref(s1);
	be_sample_unref(s2);
	be_conn_free(c);
}
END_TEST

static char *affinity_of(const struct be_vcpu *v, char *buf, size_t n)
{
	be_cpumap_format(buf, n, v->affinity, v->affinity_len);
	return buf;
}

START_TEST(test_driver_vcpus_for_the_focus)
{
	char *err = NULL, uuid[40], map[64];
	struct be_conn *c;
	struct be_sample *s0, *s1, *s2;
	const struct be_domain *d, *d1;
	size_t i;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", true, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	be_conn_set_needs(c, BE_NEED_ALL);
	/* no focus: the bulk call has no vcpu group here, and no domain
	 * costs a per-domain call for it */
	s0 = be_conn_step(c);
	ck_assert_uint_eq(s0->ndomains, 1);
	d = &s0->domains[0];
	ck_assert_uint_eq(d->nvcpu, 0);
	ck_assert(!(d->have & BE_NEED_VCPU));
	snprintf(uuid, sizeof(uuid), "%s", d->uuid);

	be_conn_set_focus(c, uuid);
	s1 = be_conn_step(c);
	usleep(200000);
	s2 = be_conn_step(c);
	d1 = &s1->domains[0];
	d = &s2->domains[0];
	ck_assert(d->have & BE_NEED_VCPU);
	ck_assert_uint_eq(d->nvcpu, 2);
	for (i = 0; i < d->nvcpu; i++) {
		const struct be_vcpu *v = &d->vcpu[i];
		ck_assert_uint_eq(v->index, i);
		/* virDomainGetVcpus: no wait or delay */
		ck_assert_uint_eq(v->have, BE_VCPU_STATE | BE_VCPU_TIME |
				  BE_VCPU_PCPU | BE_VCPU_AFFINITY);
		ck_assert_int_eq(v->state, BE_VCPU_RUNNING);
		/* the test driver puts every vCPU on the host's last CPU and
		 * lets it run on all 16 */
		ck_assert_int_eq(v->pcpu, 15);
		ck_assert_str_eq(affinity_of(v, map, sizeof(map)), "0-15");
		ck_assert_int_eq(v->tid, 0);
		ck_assert_double_eq_tol(v->run_pct,
					100.0 * (double)(v->time_ns - d1->vcpu[i].time_ns) /
					(double)s2->interval_ns, 1e-9);
		ck_assert_double_eq(v->steal_pct, -1);
		ck_assert_double_eq(v->wait_pct, -1);
	}
	/* no delay reported: no steal, as before there were vCPUs */
	ck_assert(d->r.valid);
	ck_assert_double_eq(d->r.steal_pct, -1);

	/* the focus cleared: no per-domain call; the counters are kept
	 * as the baseline for its next focus, nothing of this moment */
	be_conn_set_focus(c, NULL);
	be_sample_unref(s0);
	s0 = be_conn_step(c);
	d = &s0->domains[0];
	ck_assert(!(d->have & BE_NEED_VCPU));
	ck_assert(d->kept & BE_NEED_VCPU);
	ck_assert_uint_eq(d->nvcpu, 2);
	ck_assert_uint_eq(d->vcpu[0].have, BE_VCPU_TIME);
	ck_assert_ptr_null(d->vcpu[0].affinity);
	be_sample_unref(s0);
	be_sample_unref(s1);
	be_sample_unref(s2);
	be_conn_free(c);
}
END_TEST

START_TEST(test_driver_pinning_of_inactive_focus)
{
	static const char xml[] =
		"<domain type='test'><name>pinned</name>"
		"<memory>65536</memory><vcpu cpuset='1-2,5'>3</vcpu>"
		"<os><type>hvm</type></os></domain>";
	char *err = NULL, uuid[VIR_UUID_STRING_BUFLEN], map[64];
	struct be_conn *c;
	struct be_sample *s;
	virDomainPtr dom;
	const struct be_domain *d;
	size_t i;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", false, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	dom = virDomainDefineXML(be_conn_virt(c), xml);
	ck_assert_ptr_nonnull(dom);
	ck_assert_int_eq(virDomainGetUUIDString(dom, uuid), 0);
	virDomainFree(dom);
	be_conn_set_needs(c, BE_NEED_ALL);
	be_conn_set_focus(c, uuid);
	s = be_conn_step(c);
	d = be_sample_find(s, uuid);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(d->id, -1);
	/* not running: its configured pinning, nothing measured */
	ck_assert_uint_eq(d->nvcpu, 3);
	for (i = 0; i < d->nvcpu; i++) {
		ck_assert_uint_eq(d->vcpu[i].index, i);
		ck_assert_uint_eq(d->vcpu[i].have, BE_VCPU_AFFINITY);
		ck_assert_str_eq(affinity_of(&d->vcpu[i], map, sizeof(map)), "1-2,5");
	}
	be_sample_unref(s);
	be_conn_free(c);
}
END_TEST

START_TEST(test_driver_baseline_survives_a_gap)
{
	/* ALL, then a view without disks, then ALL again: the disk rate
	 * comes at once, over the time since the first sample */
	char *err = NULL;
	struct be_conn *c;
	struct be_sample *s1, *s2, *s3;
	const struct be_domain *d1, *d2, *d3;
	double want;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", true, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	be_conn_set_needs(c, BE_NEED_ALL);
	s1 = be_conn_step(c);
	usleep(100000);
	be_conn_set_needs(c, BE_NEED_CPU | BE_NEED_NET);
	s2 = be_conn_step(c);
	usleep(100000);
	be_conn_set_needs(c, BE_NEED_ALL);
	s3 = be_conn_step(c);
	d1 = &s1->domains[0];
	d2 = &s2->domains[0];
	d3 = &s3->domains[0];
	ck_assert(d1->have & BE_NEED_BLOCK);
	ck_assert(!(d2->have & BE_NEED_BLOCK));
	ck_assert(d2->kept & BE_NEED_BLOCK);
	ck_assert(d2->r.valid);
	ck_assert_double_eq(d2->r.rd_bps, -1);
	ck_assert_double_gt(d2->r.rx_bps, 0);
	ck_assert(d3->r.valid);
	/* over the time between the two reads of the counter */
	want = (double)(d3->c.rd_bytes - d1->c.rd_bytes) * 1e9 /
	       (double)(s3->mono_ns + d3->read_off_ns[__builtin_ctz(BE_NEED_BLOCK)] -
			s1->mono_ns - d1->read_off_ns[__builtin_ctz(BE_NEED_BLOCK)]);
	ck_assert_double_gt(want, 0);
	ck_assert_double_eq_tol(d3->r.rd_bps, want, want * 1e-9);
	ck_assert_double_eq_tol(d3->disks[0].rd_bps, want, want * 1e-9);
	be_sample_unref(s1);
	be_sample_unref(s2);
	be_sample_unref(s3);
	be_conn_free(c);
}
END_TEST

/* The UUID and ID are taken from the previous sample while the domain
 * stays active (or inactive) under its name (known_identity: libvirt
 * formats the UUID for its debug log on every per-domain call).  A change
 * between two samples that the state does not show still reaches the
 * sample within IDENTITY_EVERY (10) samples; one the state shows, at once. */
START_TEST(test_driver_identity_follows_changes)
{
	char *err = NULL, *xml, *a, *b, uuid0[40];
	struct be_conn *c;
	struct be_sample *s;
	virConnectPtr vc;
	virDomainPtr dom;
	int k, id0, id1;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	/* test:///default is one host for every connection of the process */
	vc = virConnectOpen("test:///default");
	ck_assert(vc != NULL);
	c = be_conn_open("test:///default", true, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	be_conn_set_needs(c, BE_NEED_STATE | BE_NEED_CPU);
	s = be_conn_step(c);
	ck_assert_uint_eq(s->ndomains, 1);
	id0 = s->domains[0].id;
	memcpy(uuid0, s->domains[0].uuid, sizeof(uuid0));
	ck_assert_int_ge(id0, 0);
	be_sample_unref(s);
	/* destroyed and started again between two samples: running both times */
	dom = virDomainLookupByName(vc, "test");
	ck_assert(dom != NULL);
	ck_assert_int_eq(virDomainDestroy(dom), 0);
	ck_assert_int_eq(virDomainCreate(dom), 0);
	id1 = (int)virDomainGetID(dom);
	ck_assert_int_ne(id1, id0);
	for (k = 0; k < 11; k++) {
		s = be_conn_step(c);
		ck_assert_str_eq(s->domains[0].uuid, uuid0);
		ck_assert_int_eq(s->domains[0].state, BE_ST_RUNNING);
		if (s->domains[0].id == id1)
			break;
		ck_assert_int_eq(s->domains[0].id, id0);
		be_sample_unref(s);
	}
	ck_assert_msg(k < 10, "the new ID showed only after %d samples", k + 1);
	be_sample_unref(s);
	/* destroyed: no ID at once */
	ck_assert_int_eq(virDomainDestroy(dom), 0);
	s = be_conn_step(c);
	ck_assert_int_eq(s->domains[0].state, BE_ST_SHUTOFF);
	ck_assert_int_eq(s->domains[0].id, -1);
	be_sample_unref(s);
	/* undefined and defined anew under its name, with another UUID */
	xml = virDomainGetXMLDesc(dom, 0);
	ck_assert(xml && (a = strstr(xml, "<uuid>")) && (b = strstr(xml, "</uuid>")));
	memmove(a, b + 7, strlen(b + 7) + 1);
	ck_assert_int_eq(virDomainUndefine(dom), 0);
	virDomainFree(dom);
	dom = virDomainDefineXML(vc, xml);
	ck_assert(dom != NULL);
	free(xml);
	for (k = 0; k < 11; k++) {
		s = be_conn_step(c);
		ck_assert_uint_eq(s->ndomains, 1);
		if (strcmp(s->domains[0].uuid, uuid0) != 0)
			break;
		be_sample_unref(s);
	}
	ck_assert_msg(k < 10, "the new UUID showed only after %d samples", k + 1);
	be_sample_unref(s);
	virDomainFree(dom);
	virConnectClose(vc);
	be_conn_free(c);
}
END_TEST

START_TEST(unknown_uri_is_one_sentence)
{
	char *err = NULL;
	struct be_conn *c;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///nonexistent/fixture.xml", true, 0, &err);
	ck_assert(c == NULL);
	ck_assert_ptr_nonnull(err);
	ck_assert_msg(strstr(err, "cannot connect to 'test:///nonexistent/fixture.xml'"), "%s", err);
	ck_assert(!strchr(err, '\n'));
	free(err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("stats");
	TCase *t = tcase_create("stats");
	tcase_add_test(t, parse_record);
	tcase_add_test(t, parse_vcpus);
	tcase_add_test(t, parse_doubles);
	tcase_add_test(t, parse_block_without_counters);
	tcase_add_test(t, groups_follow_needs);
	tcase_add_test(t, test_driver_fallbacks);
	tcase_add_test(t, test_driver_vcpus_for_the_focus);
	tcase_add_test(t, test_driver_pinning_of_inactive_focus);
	tcase_add_test(t, test_driver_baseline_survives_a_gap);
	tcase_add_test(t, test_driver_identity_follows_changes);
	tcase_add_test(t, unknown_uri_is_one_sentence);
	tcase_set_timeout(t, 30);
	suite_add_tcase(s, t);
	return check_run(s);
}
