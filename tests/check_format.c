/* Unit formatting and display width. */
#include <config.h>
#include <check.h>
#include "views/state.h"
#include "views/columns.h"
#include "tests/check_run.h"
#include <locale.h>
#include <string.h>
#include "common/format.h"
#include "views/graph.h"

static char b[256];

/* Sorting by a value compares it as the column shows it: rows that read
 * the same keep their order instead of trading places on unseen noise. */
START_TEST(sort_by_shown_value)
{
	struct app a;
	struct be_domain x, y, z;
	memset(&a, 0, sizeof(a));
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	memset(&z, 0, sizeof(z));
	x.r.valid = y.r.valid = z.r.valid = true;
	x.r.cpu_pct = 25.01;
	y.r.cpu_pct = 25.04;
	z.r.cpu_pct = 25.2;
	ck_assert_int_eq(view_sort_cmp(&a, SORT_CPU, &x, &y), 0);
	ck_assert_int_eq(view_sort_cmp(&a, SORT_CPU, &y, &x), 0);
	ck_assert_int_eq(view_sort_cmp(&a, SORT_CPU, &z, &y), -1);
	ck_assert_int_eq(view_sort_cmp(&a, SORT_CPU, &x, &z), 1);
	x.r.valid = false; /* unknown: last */
	ck_assert_int_eq(view_sort_cmp(&a, SORT_CPU, &y, &x), -1);
}
END_TEST

/* one shell word: plain when safe, else single-quoted with ' as '\'' */
START_TEST(shell_words)
{
	static const char *const in[] = {
		"vm-1", "a b", "it's", "$(id)", "", "qemu:///system", "x;y", "é",
	};
	static const char *const want[] = {
		"vm-1", "'a b'", "'it'\\''s'", "'$(id)'", "''", "qemu:///system",
		"'x;y'", "'\xc3\xa9'",
	};
	size_t i;
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct strbuf b = { 0 };
		sb_shell_word(&b, in[i]);
		ck_assert_str_eq(b.s ? b.s : "", want[i]);
		sb_free(&b);
	}
}
END_TEST

START_TEST(sizes)
{
	ck_assert_str_eq(fmt_size(b, sizeof(b), 0), "0");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 999), "999");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 1000), "1.0K");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 1536), "1.5K");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 10240), "10K");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 1048576), "1.0M");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 23.0 * 1048576), "23M");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 1.25 * 1073741824.0), "1.2G");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 3.0 * 1099511627776.0), "3.0T");
	ck_assert_str_eq(fmt_size(b, sizeof(b), 999.0 * 1099511627776.0), "999T");
	ck_assert_str_eq(fmt_size(b, sizeof(b), -1), "-");
	/* always fits a 5-wide column */
	ck_assert_int_le(strlen(fmt_size(b, sizeof(b), 1023.0 * 1024)), 5);
	ck_assert_int_le(strlen(fmt_size(b, sizeof(b), 1e18)), 5);
}
END_TEST

START_TEST(times)
{
	ck_assert_str_eq(fmt_time(b, sizeof(b), 0), "0:00.00");
	ck_assert_str_eq(fmt_time(b, sizeof(b), 5120000000ULL), "0:05.12");
	ck_assert_str_eq(fmt_time(b, sizeof(b), 754560000000ULL), "12:34.56");
	ck_assert_str_eq(fmt_time(b, sizeof(b), 3723000000000ULL), "1:02:03");
	ck_assert_str_eq(fmt_time(b, sizeof(b), 3ULL * 86400 * 1000000000 + 4ULL * 3600 * 1000000000), "3d04h");
}
END_TEST

START_TEST(percent)
{
	ck_assert_str_eq(fmt_pct(b, sizeof(b), 12.34), "12.3");
	ck_assert_str_eq(fmt_pct(b, sizeof(b), 0), "0.0");
	ck_assert_str_eq(fmt_pct(b, sizeof(b), -1), "-");
	ck_assert_str_eq(fmt_pct(b, sizeof(b), 1600), "1600");
}
END_TEST

START_TEST(parse_sizes)
{
	uint64_t v;
	ck_assert_int_eq(fmt_parse_size("64", 1048576, &v), 0);
	ck_assert_uint_eq(v, 64ULL << 20);
	ck_assert_int_eq(fmt_parse_size("1.5G", 1, &v), 0);
	ck_assert_uint_eq(v, 3ULL << 29);
	ck_assert_int_eq(fmt_parse_size("512K", 1, &v), 0);
	ck_assert_uint_eq(v, 512ULL << 10);
	ck_assert_int_eq(fmt_parse_size("2T", 1, &v), 0);
	ck_assert_uint_eq(v, 2ULL << 40);
	ck_assert_int_eq(fmt_parse_size("4GiB", 1, &v), 0);
	ck_assert_uint_eq(v, 4ULL << 30);
	ck_assert_int_eq(fmt_parse_size("-5M", 1, &v), -1);
	ck_assert_int_eq(fmt_parse_size("", 1, &v), -1);
	ck_assert_int_eq(fmt_parse_size("12X", 1, &v), -1);
	ck_assert_int_eq(fmt_parse_size("1e30T", 1, &v), -1);
	ck_assert_int_eq(fmt_parse_size("nan", 1, &v), -1);
}
END_TEST

START_TEST(widths)
{
	ck_assert_int_eq(fmt_width("abc"), 3);
	ck_assert_int_eq(fmt_width("caf\xc3\xa9"), 4);             /* café */
	ck_assert_int_eq(fmt_width("\xe6\x97\xa5\xe6\x9c\xac"), 4); /* 日本: wide */
	ck_assert_int_eq(fmt_width("a\xff" "b"), 3);               /* bad byte: 1 */
}
END_TEST

START_TEST(fit)
{
	/* cut by display cells, never in the middle of a wide character */
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "\xe6\x97\xa5\xe6\x9c\xac", 3, false, false),
			 "\xe6\x97\xa5 ");
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "abc", 5, false, false), "abc  ");
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "abc", 5, true, false), "  abc");
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "abcdef", 4, false, false), "abcd");
	/* names are text, never formats or markup */
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "<a>&\"'%s%n", 12, false, false), "<a>&\"'%s%n  ");
	/* control characters never reach the terminal */
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "a\x1b[2Jb", 6, false, false), "a?[2Jb");
	/* ASCII terminals: one '?' per non-ASCII character */
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "caf\xc3\xa9", 5, false, true), "caf? ");
	ck_assert_str_eq(fmt_fit(b, sizeof(b), "\xe6\x97\xa5x", 3, false, true), "?x ");
}
END_TEST

START_TEST(json_csv_escape)
{
	struct strbuf s = { 0 };
	sb_json_str(&s, "a\"b\\c\n<&>");
	ck_assert_str_eq(s.s, "\"a\\\"b\\\\c\\u000a<&>\"");
	sb_free(&s);
	sb_csv_str(&s, "plain");
	sb_csv_str(&s, ",");
	sb_csv_str(&s, "say \"hi\"");
	ck_assert_str_eq(s.s, "plain\",\"\"say \"\"hi\"\"\"");
	sb_free(&s);
}
END_TEST

/* virt-top's CSV group from the column table, byte for byte: its
 * headings (B switches the block ones) and a domain's fields, counts over
 * the interval, empty when unknown, only the name when inactive */
START_TEST(csv_group)
{
#define HEAD ",Domain ID,Domain name,CPU (ns),%CPU,Mem (bytes),%Mem,"
	struct app a;
	struct be_sample s;
	struct be_domain d;
	struct strbuf o = { 0 };
	memset(&a, 0, sizeof(a));
	memset(&s, 0, sizeof(s));
	memset(&d, 0, sizeof(d));

	view_csv_headings(&a, &o);
	ck_assert_str_eq(o.s, HEAD "Block RDRQ,Block WRRQ,Net RXBY,Net TXBY");
	sb_free(&o);
	a.set.io_bytes = true;
	view_csv_headings(&a, &o);
	ck_assert_str_eq(o.s, HEAD "Block RDBY,Block WRBY,Net RXBY,Net TXBY");
	sb_free(&o);
#undef HEAD

	s.cpus = 4;
	s.mem_kib = 4194304;
	s.interval_ns = 2000000000;
	d.id = 7;
	d.name = "a,b";
	d.have = BE_NEED_CPU | BE_NEED_BALLOON | BE_NEED_BLOCK | BE_NEED_NET;
	d.mem_kib = 1048576;
	d.r.valid = true;
	d.r.cpu_pct = 50;
	d.r.rd_rps = 10, d.r.rd_bps = 1000;
	d.r.wr_rps = 5, d.r.wr_bps = 500;
	d.r.rx_bps = 300, d.r.rx_pps = 3;
	d.r.tx_bps = 100, d.r.tx_pps = 1;
	a.set.io_bytes = false;
	view_csv_fields(&a, &s, &d, &o);
	ck_assert_str_eq(o.s, ",7,\"a,b\",1000000000,12.5,1073741824,25,20,10,600,200");
	sb_free(&o);
	/* B: block bytes; net stays bytes */
	a.set.io_bytes = true;
	view_csv_fields(&a, &s, &d, &o);
	ck_assert_str_eq(o.s, ",7,\"a,b\",1000000000,12.5,1073741824,25,2000,1000,600,200");
	sb_free(&o);
	/* the first sample: no interval, no rates */
	s.interval_ns = 0;
	view_csv_fields(&a, &s, &d, &o);
	ck_assert_str_eq(o.s, ",7,\"a,b\",,,1073741824,25,,,,");
	sb_free(&o);
	/* inactive: its name only */
	s.interval_ns = 2000000000;
	d.id = -1;
	view_csv_fields(&a, &s, &d, &o);
	ck_assert_str_eq(o.s, ",,\"a,b\",,,,,,,,");
	sb_free(&o);
}
END_TEST

START_TEST(sparkline)
{
	double v[] = { 0, 50, 100, -1 };
	ck_assert_str_eq(ui_sparkline(b, sizeof(b), v, 4, 6, 100, true), "  _=@ ");
	ck_assert_str_eq(ui_sparkline(b, sizeof(b), v, 4, 2, 100, true), "@ ");
	ck_assert_str_eq(ui_sparkline(b, sizeof(b), v, 3, 3, 0, false),
			 "\u2581\u2584\u2588");
}
END_TEST

int main(void)
{
	Suite *s = suite_create("format");
	TCase *t = tcase_create("format");
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 99; /* a hard error for the harness, not a skip */
	tcase_add_test(t, sizes);
	tcase_add_test(t, shell_words);
	tcase_add_test(t, sort_by_shown_value);
	tcase_add_test(t, times);
	tcase_add_test(t, percent);
	tcase_add_test(t, parse_sizes);
	tcase_add_test(t, widths);
	tcase_add_test(t, fit);
	tcase_add_test(t, json_csv_escape);
	tcase_add_test(t, csv_group);
	tcase_add_test(t, sparkline);
	suite_add_tcase(s, t);
	return check_run(s);
}
