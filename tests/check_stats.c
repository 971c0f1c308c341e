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
#include "backend/stats.h"

static void set_ull(virTypedParameterPtr p, const char *name, unsigned long long v)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->field, sizeof(p->field), "%s", name);
	p->type = VIR_TYPED_PARAM_ULLONG;
	p->value.ul = v;
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
	size_t i;
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
			  BE_NEED_VCPU | BE_NEED_NET | BE_NEED_BLOCK);
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
	for (i = 0; i < d.ndisk; i++) {
		free(d.disks[i].name);
		free(d.disks[i].path);
	}
	free(d.disks);
	free(d.ifaces[0].name);
	free(d.ifaces);
}
END_TEST

START_TEST(groups_follow_needs)
{
	unsigned g = be_stats_groups(BE_NEED_STATE | BE_NEED_CPU, 1);
	ck_assert_uint_eq(g, VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL);
	/* what is not on screen is not fetched */
	ck_assert(!(g & (VIR_DOMAIN_STATS_BLOCK | VIR_DOMAIN_STATS_INTERFACE |
			 VIR_DOMAIN_STATS_VCPU | VIR_DOMAIN_STATS_BALLOON)));
	g = be_stats_groups(BE_NEED_NET | BE_NEED_BLOCK | BE_NEED_VCPU, 1);
	ck_assert(g & VIR_DOMAIN_STATS_BLOCK);
	ck_assert(g & VIR_DOMAIN_STATS_INTERFACE);
	ck_assert(g & VIR_DOMAIN_STATS_VCPU);
	/* the balloon group (a QEMU query each) only every few samples */
	ck_assert(be_stats_groups(BE_NEED_BALLOON, 0) & VIR_DOMAIN_STATS_BALLOON);
	ck_assert(!(be_stats_groups(BE_NEED_BALLOON, 1) & VIR_DOMAIN_STATS_BALLOON));
}
END_TEST

START_TEST(test_driver_fallbacks)
{
	char *err = NULL;
	struct be_conn *c;
	struct be_snap *s1, *s2;
	const struct be_domain *d;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", true, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	be_conn_set_needs(c, BE_NEED_ALL);
	s1 = be_conn_step(c);
	usleep(200000);
	s2 = be_conn_step(c);
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
	ck_assert_double_ge(d->r.cpu_pct, 0);
	ck_assert_double_gt(d->r.rd_bps, 0);
	ck_assert_double_gt(d->r.rx_bps, 0);
	be_snap_unref(s1);
	be_snap_unref(s2);
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
	tcase_add_test(t, groups_follow_needs);
	tcase_add_test(t, test_driver_fallbacks);
	tcase_add_test(t, unknown_uri_is_one_sentence);
	tcase_set_timeout(t, 30);
	suite_add_tcase(s, t);
	return check_run(s);
}
