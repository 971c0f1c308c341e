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
	ck_assert_double_le(d.r.cpu_pct, 200.0);
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
	suite_add_tcase(s, t);
	return check_run(s);
}
