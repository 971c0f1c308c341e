/* The scheduling dialog's pure parts: the measured split, host CPU lists,
 * the quota of a cap, the virsh commands shown, the fields' checks, and
 * the measured figures' mean over the time each point covers. */
#include <config.h>
#include <check.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "backend/sched.h"
#include "ui/validate.h"

static unsigned char m0[1] = { 0x1 }, m1[1] = { 0x2 }, m01[1] = { 0x3 };

#define NEAR(x, want) ck_assert_msg(fabs((x) - (want)) < 0.05, \
				    "%s = %.3f, want %.3f", #x, (double)(x), (double)(want))

START_TEST(split_three_on_one_cpu)
{
	/* the shares scenario: three hogs on host CPU 1, 2048/1024/1024,
	 * and a fourth VM elsewhere that must not count */
	struct be_split_dom v[] = {
		{ 50.0, m1, 1, 2048 }, { 25.0, m1, 1, 1024 }, { 25.0, m1, 1, 1024 },
		{ 90.0, m0, 1, 1024 },
	};
	struct be_split s;
	be_sched_split(v, 4, 0, &s);
	ck_assert_uint_eq(s.peers, 3);
	NEAR(s.measured_pct, 50);
	NEAR(s.expected_pct, 50);
	NEAR(s.group_pct, 100);
	be_sched_split(v, 4, 2, &s);
	NEAR(s.measured_pct, 25);
	NEAR(s.expected_pct, 25);
	/* the one on CPU 0 is alone there */
	be_sched_split(v, 4, 3, &s);
	ck_assert_uint_eq(s.peers, 1);
	NEAR(s.measured_pct, 100);
	NEAR(s.expected_pct, 100);
}
END_TEST

START_TEST(split_unpinned_and_unknown)
{
	/* an unpinned VM shares with everyone; an unknown %CPU (stopped, or
	 * no interval yet) is nobody's peer; unknown shares: no expectation */
	struct be_split_dom v[] = {
		{ 30.0, NULL, 0, 0 }, { 10.0, m0, 1, 1024 }, { -1, m01, 1, 1024 },
	};
	struct be_split s;
	be_sched_split(v, 3, 0, &s);
	ck_assert_uint_eq(s.peers, 2);
	NEAR(s.measured_pct, 75);
	ck_assert(s.expected_pct < 0);
	be_sched_split(v, 3, 1, &s);
	NEAR(s.measured_pct, 25);
	/* itself unknown: nothing measured */
	be_sched_split(v, 3, 2, &s);
	ck_assert(s.measured_pct < 0);
	/* idle together: nothing to split */
	v[0].cpu_pct = v[1].cpu_pct = 0;
	be_sched_split(v, 3, 1, &s);
	ck_assert(s.measured_pct < 0);
	/* out of range */
	be_sched_split(v, 3, 7, &s);
	ck_assert_uint_eq(s.peers, 0);
}
END_TEST

/* The e dialog asks for a sample at once when it opens: that sample's
 * rates run over milliseconds.  A vCPU capped at 20 % ran 0 ms in one
 * such window (0.0 % was shown, sched.sh's failure), 18 ms of 50 in
 * another (36 %): they weigh what they cover, and alone show nothing. */
START_TEST(measured_over_time)
{
	double v[] = { 20.0, 20.4, 19.6, 0.0 }, w[] = { 1.0, 1.0, 1.0, 0.02 };
	double v2[] = { 36.0, 20.0 }, w2[] = { 0.05, 1.0 };
	double u[] = { -1, 30.0 }, uw[] = { 1.0, 1.0 };
	/* the short window alone: not yet */
	ck_assert(be_weighted_mean(v + 3, w + 3, 1, 5, 0.9) < 0);
	ck_assert(be_weighted_mean(v2, w2, 1, 5, 0.9) < 0);
	/* with whole refreshes it barely counts */
	NEAR(be_weighted_mean(v, w, 4, 5, 0.9), (20.0 + 20.4 + 19.6) / 3.02);
	NEAR(be_weighted_mean(v2, w2, 2, 5, 0.9), (36.0 * 0.05 + 20.0) / 1.05);
	/* the last max_points known points only, the newest last */
	NEAR(be_weighted_mean(v, w, 4, 2, 0.9), 19.6 * 1.0 / 1.02);
	/* unknown points are skipped, not counted as 0 */
	NEAR(be_weighted_mean(u, uw, 2, 5, 0.9), 30.0);
	ck_assert(be_weighted_mean(u, uw, 0, 5, 0.9) < 0);
}
END_TEST

START_TEST(cpulists)
{
	unsigned char m[BE_CPUMAP_BYTES];
	char err[256];
	ck_assert_int_eq(be_cpulist_parse("0-1,3", 4, m, sizeof(m), err, sizeof(err)), 0);
	ck_assert_uint_eq(m[0], 0xb);
	ck_assert_int_eq(be_cpulist_parse(" 1 , 2-2 ", 4, m, sizeof(m), err, sizeof(err)), 0);
	ck_assert_uint_eq(m[0], 0x6);
	ck_assert_int_eq(be_cpulist_parse("0-4", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_str_eq(err, "host CPU 4 does not exist (this host has 4: 0-3)");
	ck_assert_int_eq(be_cpulist_parse("1-0", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_str_eq(err, "'1-0' is not a list of host CPUs such as 0-1,3");
	ck_assert_int_eq(be_cpulist_parse("1,,2", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_int_eq(be_cpulist_parse("x", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_int_eq(be_cpulist_parse("-1", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_int_eq(be_cpulist_parse("99999999999999999999", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_int_eq(be_cpulist_parse("", 4, m, sizeof(m), err, sizeof(err)), -1);
	ck_assert_str_eq(err, "host CPUs are needed, such as 0-1,3");
}
END_TEST

START_TEST(quota_and_virsh)
{
	struct be_sched_req r;
	char *v;
	ck_assert_int_eq(be_sched_quota(20, 100000), 20000);
	ck_assert_int_eq(be_sched_quota(20, 0), 20000);
	ck_assert_int_eq(be_sched_quota(0.5, 100000), 1000); /* libvirt's floor */
	ck_assert_int_eq(be_sched_quota(0, 100000), -1);
	memset(&r, 0, sizeof(r));
	r.set = BE_SCHED_SHARES | BE_SCHED_CAP | BE_SCHED_PIN | BE_SCHED_EMU;
	r.shares = 2048;
	r.cap_pct = 20;
	r.pin[0] = 0x2;
	r.emu[0] = 0x1;
	v = be_sched_virsh("qemu:///embed?root=/tmp/x y", "vm 'a'", &r, true, 2, 0);
	ck_assert_str_eq(v,
		"virsh -c 'qemu:///embed?root=/tmp/x y' schedinfo 'vm '\\''a'\\''' --set cpu_shares=2048 --set vcpu_quota=20000 --live\n"
		"virsh -c 'qemu:///embed?root=/tmp/x y' vcpupin 'vm '\\''a'\\''' 0 1 --live\n"
		"virsh -c 'qemu:///embed?root=/tmp/x y' vcpupin 'vm '\\''a'\\''' 1 1 --live\n"
		"virsh -c 'qemu:///embed?root=/tmp/x y' emulatorpin 'vm '\\''a'\\''' 0 --live");
	free(v);
	r.set = BE_SCHED_CAP;
	r.cap_pct = 0;
	v = be_sched_virsh("test:///default", "web1", &r, false, 1, 50000);
	ck_assert_str_eq(v, "virsh -c test:///default schedinfo web1 --set vcpu_quota=-1 --config");
	free(v);
}
END_TEST

START_TEST(cap_of_sched)
{
	struct be_sched s;
	memset(&s, 0, sizeof(s));
	ck_assert(be_sched_cap_pct(&s) < 0); /* not read */
	s.have = BE_SCHED_CAP;
	s.period_us = 100000;
	s.quota_us = 20000;
	NEAR(be_sched_cap_pct(&s), 20);
	s.quota_us = -1;
	ck_assert(be_sched_cap_pct(&s) < 0);
	s.quota_us = 17592186044415LL; /* cgroup's "max" as libvirt reports it */
	ck_assert(be_sched_cap_pct(&s) < 0);
}
END_TEST

START_TEST(fields)
{
	uint64_t sh;
	double cap;
	char err[256];
	ck_assert_int_eq(ui_valid_shares("2048", &sh, err, sizeof(err)), 0);
	ck_assert_uint_eq(sh, 2048);
	ck_assert_int_eq(ui_valid_shares(" 2 ", &sh, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_shares("1", &sh, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "cpu shares must be a whole number from 2 to 262144, not '1'");
	ck_assert_int_eq(ui_valid_shares("-5", &sh, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_shares("1.5", &sh, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_shares("262145", &sh, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_shares("", &sh, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_cap("20", &cap, err, sizeof(err)), 0);
	NEAR(cap, 20);
	ck_assert_int_eq(ui_valid_cap("12.5 %", &cap, err, sizeof(err)), 0);
	NEAR(cap, 12.5);
	ck_assert_int_eq(ui_valid_cap("", &cap, err, sizeof(err)), 0);
	NEAR(cap, 0);
	ck_assert_int_eq(ui_valid_cap("none", &cap, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_cap("150", &cap, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "the cap must be 1 to 100 (% of one core) or empty, not '150'");
	ck_assert_int_eq(ui_valid_cap("0", &cap, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_cap("nan", &cap, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_cap("20x", &cap, err, sizeof(err)), -1);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("sched");
	TCase *t = tcase_create("sched");
	SRunner *r;
	int failed;
	tcase_add_test(t, split_three_on_one_cpu);
	tcase_add_test(t, split_unpinned_and_unknown);
	tcase_add_test(t, cpulists);
	tcase_add_test(t, quota_and_virsh);
	tcase_add_test(t, cap_of_sched);
	tcase_add_test(t, fields);
	tcase_add_test(t, measured_over_time);
	suite_add_tcase(s, t);
	r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
