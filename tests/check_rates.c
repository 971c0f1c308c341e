/* Rate maths: deltas over real intervals, resets, appearing domains. */
#include <config.h>
#include <check.h>
#include "tests/check_run.h"
#include <stdlib.h>
#include <string.h>
#include "backend/rates.h"

#define SEC 1000000000LL

static struct be_domain dom(int id, uint64_t cpu, uint64_t rd)
{
	struct be_domain d;
	memset(&d, 0, sizeof(d));
	d.id = id;
	d.vcpus = 2;
	d.have = BE_NEED_CPU | BE_NEED_BLOCK | BE_NEED_NET;
	d.c.cpu_time_ns = cpu;
	d.c.rd_bytes = rd;
	d.c.rx_bytes = rd * 2;
	return d;
}

START_TEST(steady_rates)
{
	struct be_domain p = dom(3, 10 * SEC, 1000), d = dom(3, 10 * SEC + SEC / 2, 5096);
	be_rates_domain(&d, &p, 2 * SEC, 4);
	ck_assert(d.r.valid);
	/* half a CPU-second in two seconds: 25% of one CPU */
	ck_assert_double_eq_tol(d.r.cpu_pct, 25.0, 1e-9);
	ck_assert_double_eq_tol(d.r.rd_bps, 2048.0, 1e-9);
	ck_assert_double_eq_tol(d.r.rx_bps, 4096.0, 1e-9);
}
END_TEST

START_TEST(first_sample_has_no_rate)
{
	struct be_domain d = dom(3, 5 * SEC, 10);
	be_rates_domain(&d, NULL, 0, 4);
	ck_assert(!d.r.valid);
	ck_assert(d.r.cpu_pct < 0);
	ck_assert(d.r.rd_bps < 0);
}
END_TEST

START_TEST(zero_interval)
{
	struct be_domain p = dom(3, SEC, 10), d = dom(3, 2 * SEC, 20);
	be_rates_domain(&d, &p, 0, 4);
	ck_assert(!d.r.valid);
	ck_assert_double_eq(be_rate(20, 10, 0), -1);
	ck_assert_double_eq(be_rate(20, 10, -5), -1);
}
END_TEST

START_TEST(counter_reset_is_not_negative)
{
	/* the domain restarted under the same id: counters start over */
	struct be_domain p = dom(3, 100 * SEC, 1000000), d = dom(3, SEC, 10);
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert(!d.r.valid);
	ck_assert(d.r.cpu_pct < 0 && d.r.rd_bps < 0);
	ck_assert_double_eq(be_rate(5, 10, SEC), -1);
}
END_TEST

START_TEST(restart_with_new_id)
{
	struct be_domain p = dom(3, SEC, 10), d = dom(4, 2 * SEC, 20);
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert(!d.r.valid);
}
END_TEST

START_TEST(inactive_has_no_rate)
{
	struct be_domain p = dom(-1, 0, 0), d = dom(-1, 0, 0);
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert(!d.r.valid);
}
END_TEST

START_TEST(cpu_capped_at_host)
{
	/* a glitch (clock step, counter jump) never shows more CPU than the
	 * host has */
	struct be_domain p = dom(1, 0, 0), d = dom(1, 100 * SEC, 0);
	be_rates_domain(&d, &p, SEC, 2);
	ck_assert(d.r.valid);
	/* 100 CPU-seconds in one second on 2 CPUs: shown as the whole host */
	ck_assert_double_eq(d.r.cpu_pct, 200.0);
}
END_TEST

START_TEST(group_missing_before)
{
	/* a stat group obtained now but not last time has no delta */
	struct be_domain p = dom(1, SEC, 0), d = dom(1, 2 * SEC, 100);
	p.have = BE_NEED_CPU;
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert(d.r.valid);
	ck_assert_double_eq_tol(d.r.cpu_pct, 100.0, 1e-9);
	ck_assert(d.r.rd_bps < 0);
}
END_TEST

START_TEST(device_appears)
{
	struct be_domain p = dom(1, SEC, 0), d = dom(1, 2 * SEC, 0);
	struct be_disk pk = { .name = (char *)"vda", .rd_bytes = 100, .rd_reqs = 1,
			      .rd_times_ns = 1000000 };
	struct be_disk dk[2] = {
		{ .name = (char *)"vda", .rd_bytes = 1124, .rd_reqs = 3, .rd_times_ns = 5000000 },
		{ .name = (char *)"vdb", .rd_bytes = 50 },
	};
	p.disks = &pk;
	p.ndisk = 1;
	d.disks = dk;
	d.ndisk = 2;
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert_double_eq_tol(dk[0].rd_bps, 1024, 1e-9);
	ck_assert_double_eq_tol(dk[0].rd_rps, 2, 1e-9);
	/* 4 ms over 2 requests */
	ck_assert_double_eq_tol(dk[0].rd_lat_ms, 2.0, 1e-9);
	ck_assert(dk[1].rd_bps < 0);
}
END_TEST

/* A sample that lacks a group (the view on screen does not show it):
 * what the parser leaves is zeros, as here. */
static struct be_domain net_only(int id, uint64_t rx)
{
	struct be_domain d = dom(id, 0, 0);
	d.have = BE_NEED_NET;
	d.c.rx_bytes = rx;
	return d;
}

START_TEST(baseline_survives_a_gap)
{
	/* view 0, then two refreshes of view 2 (no CPU, no disks), then 0:
	 * the rates after the gap are over the time since the last real
	 * value, 1 + 0.5 + 1.5 s, not over the last interval */
	struct be_disk k0 = { .name = (char *)"vda", .rd_bytes = 1000 };
	struct be_disk k3 = { .name = (char *)"vda", .rd_bytes = 7000 };
	struct be_domain d0 = dom(3, 10 * SEC, 1000);
	struct be_domain d1 = net_only(3, 2000 + 1000);
	struct be_domain d2 = net_only(3, 2000 + 1500);
	struct be_domain d3 = dom(3, 13 * SEC, 7000);
	d0.disks = &k0;
	d0.ndisk = 1;
	d3.disks = &k3;
	d3.ndisk = 1;

	be_rates_domain(&d1, &d0, SEC, 4);
	/* what was fetched has its rate: the gap is no restart */
	ck_assert(d1.r.valid);
	ck_assert_double_eq_tol(d1.r.rx_bps, 1000.0, 1e-9);
	/* what was not is not shown, and kept */
	ck_assert_double_eq(d1.r.cpu_pct, -1);
	ck_assert_double_eq(d1.r.rd_bps, -1);
	ck_assert_uint_eq(d1.kept, BE_NEED_CPU | BE_NEED_BLOCK);
	ck_assert_uint_eq(d1.c.cpu_time_ns, 10 * SEC);
	ck_assert_uint_eq(d1.c.rd_bytes, 1000);
	ck_assert_uint_eq(d1.ndisk, 1);
	ck_assert_str_eq(d1.disks[0].name, "vda");

	be_rates_domain(&d2, &d1, SEC / 2, 4);
	ck_assert(d2.r.valid);
	ck_assert_double_eq_tol(d2.r.rx_bps, 1000.0, 1e-9);
	ck_assert_uint_eq(d2.kept, BE_NEED_CPU | BE_NEED_BLOCK);
	ck_assert_uint_eq(d2.c.cpu_time_ns, 10 * SEC);

	be_rates_domain(&d3, &d2, 3 * SEC / 2, 4);
	ck_assert(d3.r.valid);
	ck_assert_uint_eq(d3.kept, 0);
	/* 3 CPU-seconds in the 3 s since 10 s was read: one CPU (over the
	 * last 1.5 s alone it would read 200) */
	ck_assert_double_eq_tol(d3.r.cpu_pct, 100.0, 1e-9);
	/* 6000 bytes in 3 s, the domain and its disk alike */
	ck_assert_double_eq_tol(d3.r.rd_bps, 2000.0, 1e-9);
	ck_assert_double_eq_tol(k3.rd_bps, 2000.0, 1e-9);
	/* fetched throughout: over the last interval */
	ck_assert_double_eq_tol(d3.r.rx_bps, (14000.0 - 3500.0) / 1.5, 1e-9);
	be_domain_clear(&d1);
	be_domain_clear(&d2);
}
END_TEST

START_TEST(no_baseline_across_a_restart)
{
	/* a gap does not bridge a restart: the new id starts afresh */
	struct be_domain d0 = dom(3, 10 * SEC, 1000);
	struct be_domain d1 = net_only(3, 3000);
	struct be_domain d2 = dom(4, 11 * SEC, 2000);
	be_rates_domain(&d1, &d0, SEC, 4);
	be_rates_domain(&d2, &d1, SEC, 4);
	ck_assert(!d2.r.valid);
	ck_assert_double_eq(d2.r.cpu_pct, -1);
	ck_assert_uint_eq(d2.kept, 0);
	be_domain_clear(&d1);
}
END_TEST

static struct be_vcpu vcpu(unsigned index, unsigned have, uint64_t time,
			   uint64_t wait, uint64_t delay)
{
	struct be_vcpu v;
	memset(&v, 0, sizeof(v));
	v.index = index;
	v.have = have;
	v.pcpu = -1;
	v.time_ns = time;
	v.wait_ns = wait;
	v.delay_ns = delay;
	return v;
}

#define BULK (BE_VCPU_STATE | BE_VCPU_TIME | BE_VCPU_WAIT | BE_VCPU_DELAY)

START_TEST(vcpu_rates)
{
	/* vCPUs 0 and 2 (1 was unplugged), then 3 plugged in; 2 s apart */
	struct be_vcpu pv[2] = {
		vcpu(0, BULK, 10 * SEC, SEC, SEC),
		vcpu(2, BULK, 20 * SEC, 0, 0),
	};
	struct be_vcpu dv[3] = {
		vcpu(0, BULK, 11 * SEC, SEC + SEC / 5, SEC + SEC / 10),
		vcpu(2, BULK, 23 * SEC, 0, SEC / 5),
		vcpu(3, BULK, SEC, 0, 0),
	};
	struct be_domain p = dom(1, 0, 0), d = dom(1, 0, 0);
	p.have = d.have = BE_NEED_VCPU;
	p.vcpu = pv;
	p.nvcpu = 2;
	p.c.vcpu_delay_ns = SEC;
	d.vcpu = dv;
	d.nvcpu = 3;
	d.c.vcpu_delay_ns = SEC + SEC / 10 + SEC / 5;
	be_rates_domain(&d, &p, 2 * SEC, 4);
	ck_assert(d.r.valid);
	/* one CPU-second in two: 50% of one host CPU */
	ck_assert_double_eq_tol(dv[0].run_pct, 50.0, 1e-9);
	ck_assert_double_eq_tol(dv[0].wait_pct, 10.0, 1e-9);
	ck_assert_double_eq_tol(dv[0].steal_pct, 5.0, 1e-9);
	/* 3 s in 2 s is a glitch: one vCPU never runs on more than one CPU */
	ck_assert_double_eq(dv[1].run_pct, 100.0);
	ck_assert_double_eq(dv[1].wait_pct, 0.0);
	ck_assert_double_eq_tol(dv[1].steal_pct, 10.0, 1e-9);
	/* new: no rate yet */
	ck_assert_double_eq(dv[2].run_pct, -1);
	ck_assert_double_eq(dv[2].steal_pct, -1);
	/* the domain's steal is the delays' sum, as before: 0.3 s in 2 s */
	ck_assert_double_eq_tol(d.r.steal_pct, 15.0, 1e-9);
}
END_TEST

START_TEST(vcpu_counter_back_and_missing_fields)
{
	/* GetVcpus (the test driver) has time but no wait or delay: run %
	 * only, and no steal rather than a made-up 0 */
	struct be_vcpu pv[2] = {
		vcpu(0, BE_VCPU_STATE | BE_VCPU_TIME, 5 * SEC, 0, 0),
		vcpu(1, BE_VCPU_STATE | BE_VCPU_TIME, 5 * SEC, 0, 0),
	};
	struct be_vcpu dv[2] = {
		vcpu(0, BE_VCPU_STATE | BE_VCPU_TIME, 5 * SEC + SEC / 4, 0, 0),
		vcpu(1, BE_VCPU_STATE | BE_VCPU_TIME, SEC, 0, 0),
	};
	struct be_domain p = dom(1, 0, 0), d = dom(1, 0, 0);
	p.have = d.have = BE_NEED_VCPU;
	p.vcpu = pv;
	p.nvcpu = 2;
	d.vcpu = dv;
	d.nvcpu = 2;
	be_rates_domain(&d, &p, SEC, 4);
	ck_assert(d.r.valid);
	ck_assert_double_eq_tol(dv[0].run_pct, 25.0, 1e-9);
	ck_assert_double_eq(dv[0].wait_pct, -1);
	ck_assert_double_eq(dv[0].steal_pct, -1);
	/* its counter went down (replugged): unknown, never negative */
	ck_assert_double_eq(dv[1].run_pct, -1);
	ck_assert_double_eq(d.r.steal_pct, -1);
}
END_TEST

START_TEST(vcpu_baseline_survives_a_gap)
{
	struct be_vcpu pv = vcpu(0, BULK, 10 * SEC, 0, SEC);
	struct be_vcpu dv = vcpu(0, BULK, 12 * SEC, 0, SEC + SEC / 2);
	struct be_domain p = dom(1, 0, 0), g = net_only(1, 0), d = dom(1, 0, 0);
	p.have = d.have = BE_NEED_VCPU | BE_NEED_NET;
	p.vcpu = &pv;
	p.nvcpu = 1;
	p.c.vcpu_delay_ns = SEC;
	d.vcpu = &dv;
	d.nvcpu = 1;
	d.c.vcpu_delay_ns = SEC + SEC / 2;
	be_rates_domain(&g, &p, SEC, 4);
	ck_assert_uint_eq(g.kept, BE_NEED_VCPU);
	ck_assert_uint_eq(g.nvcpu, 1);
	be_rates_domain(&d, &g, 3 * SEC, 4);
	/* 2 s of run time and 0.5 s of delay in the 4 s since */
	ck_assert_double_eq_tol(dv.run_pct, 50.0, 1e-9);
	ck_assert_double_eq_tol(dv.steal_pct, 12.5, 1e-9);
	ck_assert_double_eq_tol(d.r.steal_pct, 12.5, 1e-9);
	be_domain_clear(&g);
}
END_TEST

START_TEST(cpumap_format)
{
	const unsigned char a[] = { 0x0b }, b[] = { 0xff, 0xff },
		c[] = { 0x00, 0x00 }, e[] = { 0x01, 0x80, 0x01 };
	char buf[64];
	ck_assert_uint_eq(be_cpumap_format(buf, sizeof(buf), a, 1), 5);
	ck_assert_str_eq(buf, "0-1,3");
	be_cpumap_format(buf, sizeof(buf), b, 2);
	ck_assert_str_eq(buf, "0-15");
	ck_assert_uint_eq(be_cpumap_format(buf, sizeof(buf), c, 2), 0);
	ck_assert_str_eq(buf, "");
	be_cpumap_format(buf, sizeof(buf), e, 3);
	ck_assert_str_eq(buf, "0,15-16");
	/* too small: cut, terminated, and the length it needs */
	ck_assert_uint_eq(be_cpumap_format(buf, 4, a, 1), 5);
	ck_assert_str_eq(buf, "0-1");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("rates");
	TCase *t = tcase_create("rates");
	tcase_add_test(t, steady_rates);
	tcase_add_test(t, first_sample_has_no_rate);
	tcase_add_test(t, zero_interval);
	tcase_add_test(t, counter_reset_is_not_negative);
	tcase_add_test(t, restart_with_new_id);
	tcase_add_test(t, inactive_has_no_rate);
	tcase_add_test(t, cpu_capped_at_host);
	tcase_add_test(t, group_missing_before);
	tcase_add_test(t, device_appears);
	tcase_add_test(t, baseline_survives_a_gap);
	tcase_add_test(t, no_baseline_across_a_restart);
	tcase_add_test(t, vcpu_rates);
	tcase_add_test(t, vcpu_counter_back_and_missing_fields);
	tcase_add_test(t, vcpu_baseline_survives_a_gap);
	tcase_add_test(t, cpumap_format);
	suite_add_tcase(s, t);
	return check_run(s);
}
