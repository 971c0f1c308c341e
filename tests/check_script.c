#include <config.h>
#include "ui/script.h"
#include "ui/options.h"
#include "ui/keys.h"
#include "common/util.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct named {
	const char *name;
	int key;
};

/* Every name the manual documents, with the key it must give. */
static const struct named documented[] = {
	{ "<Enter>", UI_KEY_ENTER },
	{ "<Esc>", UI_KEY_ESC },
	{ "<Tab>", UI_KEY_TAB },
	{ "<S-Tab>", UI_FN(KEY_BTAB) },
	{ "<Up>", UI_FN(KEY_UP) },
	{ "<Down>", UI_FN(KEY_DOWN) },
	{ "<Left>", UI_FN(KEY_LEFT) },
	{ "<Right>", UI_FN(KEY_RIGHT) },
	{ "<PgUp>", UI_FN(KEY_PPAGE) },
	{ "<PgDn>", UI_FN(KEY_NPAGE) },
	{ "<Home>", UI_FN(KEY_HOME) },
	{ "<End>", UI_FN(KEY_END) },
	{ "<Space>", ' ' },
	{ "<BS>", UI_FN(KEY_BACKSPACE) },
	{ "<Del>", UI_FN(KEY_DC) },
	{ "<Ins>", UI_FN(KEY_IC) },
	{ "<F1>", UI_FN(KEY_F(1)) },
	{ "<F2>", UI_FN(KEY_F(2)) },
	{ "<F3>", UI_FN(KEY_F(3)) },
	{ "<F4>", UI_FN(KEY_F(4)) },
	{ "<F5>", UI_FN(KEY_F(5)) },
	{ "<F6>", UI_FN(KEY_F(6)) },
	{ "<F7>", UI_FN(KEY_F(7)) },
	{ "<F8>", UI_FN(KEY_F(8)) },
	{ "<F9>", UI_FN(KEY_F(9)) },
	{ "<F10>", UI_FN(KEY_F(10)) },
	{ "<F11>", UI_FN(KEY_F(11)) },
	{ "<F12>", UI_FN(KEY_F(12)) },
	{ "<lt>", '<' },
};

#define N_DOCUMENTED (sizeof(documented) / sizeof(documented[0]))

static struct ui_script *parse_ok(const char *text)
{
	char err[256] = "";
	struct ui_script *s = ui_script_parse(text, err, sizeof(err));

	ck_assert_msg(s != NULL, "'%s' refused: %s", text, err);
	ck_assert_uint_eq(s->pos, 0);
	return s;
}

static void check_key(const struct ui_script *s, size_t i, int key)
{
	ck_assert_uint_gt(s->n, i);
	ck_assert_int_eq(s->steps[i].op, UI_SCRIPT_KEY);
	ck_assert_int_eq(s->steps[i].key, key);
}

/* The script must be refused with exactly this message. */
static void parse_bad(const char *text, const char *want)
{
	char err[256] = "";
	struct ui_script *s = ui_script_parse(text, err, sizeof(err));

	ck_assert_msg(s == NULL, "'%s' accepted", text);
	ck_assert_str_eq(err, want);
}

START_TEST(test_plain)
{
	struct ui_script *s = parse_ok("q1 >/");

	ck_assert_uint_eq(s->n, 5);
	check_key(s, 0, 'q');
	check_key(s, 1, '1');
	check_key(s, 2, ' ');
	check_key(s, 3, '>');
	check_key(s, 4, '/');
	ui_script_free(s);
}
END_TEST

START_TEST(test_empty)
{
	struct ui_script *s = parse_ok("");

	ck_assert_uint_eq(s->n, 0);
	ui_script_free(s);
	s = parse_ok("\n\r\n");
	ck_assert_uint_eq(s->n, 0);
	ui_script_free(s);
	ui_script_free(NULL);
}
END_TEST

START_TEST(test_named_each)
{
	size_t i;

	for (i = 0; i < N_DOCUMENTED; i++) {
		struct ui_script *s = parse_ok(documented[i].name);

		ck_assert_msg(s->n == 1, "%s gave %zu steps",
			      documented[i].name, s->n);
		ck_assert_msg(s->steps[0].op == UI_SCRIPT_KEY &&
			      s->steps[0].key == documented[i].key,
			      "%s gave key %d, want %d", documented[i].name,
			      s->steps[0].key, documented[i].key);
		ui_script_free(s);
	}
}
END_TEST

START_TEST(test_named_sequence)
{
	struct ui_script *s = parse_ok("a<Down><Down>b<Enter>");

	ck_assert_uint_eq(s->n, 5);
	check_key(s, 0, 'a');
	check_key(s, 1, UI_FN(KEY_DOWN));
	check_key(s, 2, UI_FN(KEY_DOWN));
	check_key(s, 3, 'b');
	check_key(s, 4, '\n');
	ui_script_free(s);
}
END_TEST

START_TEST(test_case_insensitive)
{
	static const char *const spellings[] = {
		"<enter>", "<ENTER>", "<eNtEr>", "<Enter>",
	};
	struct ui_script *s;
	size_t i;

	for (i = 0; i < sizeof(spellings) / sizeof(spellings[0]); i++) {
		s = parse_ok(spellings[i]);
		ck_assert_uint_eq(s->n, 1);
		check_key(s, 0, UI_KEY_ENTER);
		ui_script_free(s);
	}
	s = parse_ok("<s-tab><PGDN><f12><LT><SYNC><Wait:5><c-L><C-l>");
	ck_assert_uint_eq(s->n, 8);
	check_key(s, 0, UI_FN(KEY_BTAB));
	check_key(s, 1, UI_FN(KEY_NPAGE));
	check_key(s, 2, UI_FN(KEY_F(12)));
	check_key(s, 3, '<');
	ck_assert_int_eq(s->steps[4].op, UI_SCRIPT_SYNC);
	ck_assert_int_eq(s->steps[5].op, UI_SCRIPT_WAIT);
	ck_assert_int_eq(s->steps[5].ms, 5);
	check_key(s, 6, UI_CTRL('l'));
	check_key(s, 7, UI_CTRL('l'));
	ui_script_free(s);
}
END_TEST

START_TEST(test_lt)
{
	struct ui_script *s = parse_ok("a<lt>b<lt><lt>");

	ck_assert_uint_eq(s->n, 5);
	check_key(s, 0, 'a');
	check_key(s, 1, '<');
	check_key(s, 2, 'b');
	check_key(s, 3, '<');
	check_key(s, 4, '<');
	ui_script_free(s);
}
END_TEST

START_TEST(test_utf8)
{
	/* é (2 bytes), € (3 bytes), 😀 (4 bytes): one step per character */
	struct ui_script *s = parse_ok("\xc3\xa9x\xe2\x82\xac\xf0\x9f\x98\x80");

	ck_assert_uint_eq(s->n, 4);
	check_key(s, 0, 0xe9);
	check_key(s, 1, 'x');
	check_key(s, 2, 0x20ac);
	check_key(s, 3, 0x1f600);
	ui_script_free(s);
}
END_TEST

START_TEST(test_ctrl)
{
	struct ui_script *s = parse_ok("<C-l><C-a><C-z><C-@><C-[><C-\\><C-]>"
				       "<C-^><C-_><C-L>");

	ck_assert_uint_eq(s->n, 10);
	check_key(s, 0, 12);
	check_key(s, 1, 1);
	check_key(s, 2, 26);
	check_key(s, 3, 0);
	check_key(s, 4, 27);
	check_key(s, 5, 28);
	check_key(s, 6, 29);
	check_key(s, 7, 30);
	check_key(s, 8, 31);
	check_key(s, 9, 12);
	ui_script_free(s);
}
END_TEST

START_TEST(test_wait_sync)
{
	struct ui_script *s = parse_ok("<wait:250>x<sync><wait:0><wait:600000>");

	ck_assert_uint_eq(s->n, 5);
	ck_assert_int_eq(s->steps[0].op, UI_SCRIPT_WAIT);
	ck_assert_int_eq(s->steps[0].ms, 250);
	check_key(s, 1, 'x');
	ck_assert_int_eq(s->steps[2].op, UI_SCRIPT_SYNC);
	ck_assert_int_eq(s->steps[3].op, UI_SCRIPT_WAIT);
	ck_assert_int_eq(s->steps[3].ms, 0);
	ck_assert_int_eq(s->steps[4].op, UI_SCRIPT_WAIT);
	ck_assert_int_eq(s->steps[4].ms, 600000);
	ui_script_free(s);
}
END_TEST

START_TEST(test_newlines_ignored)
{
	struct ui_script *s = parse_ok("a\nb\r\n<Enter>\n\n<wait:1>\r");

	ck_assert_uint_eq(s->n, 4);
	check_key(s, 0, 'a');
	check_key(s, 1, 'b');
	check_key(s, 2, UI_KEY_ENTER);
	ck_assert_int_eq(s->steps[3].op, UI_SCRIPT_WAIT);
	ui_script_free(s);
}
END_TEST

START_TEST(test_long_script)
{
	/* past any initial capacity, so the step array has to grow */
	size_t i, n = 1000;
	char *text = xmalloc(n * 7 + 1);
	struct ui_script *s;

	for (i = 0; i < n; i++)
		memcpy(text + i * 7, "x<Down>", 7);
	text[n * 7] = '\0';
	s = parse_ok(text);
	ck_assert_uint_eq(s->n, 2 * n);
	for (i = 0; i < n; i++) {
		check_key(s, 2 * i, 'x');
		check_key(s, 2 * i + 1, UI_FN(KEY_DOWN));
	}
	ui_script_free(s);
	free(text);
}
END_TEST

START_TEST(test_bad_names)
{
	char text[64], want[128];

	parse_bad("ab<Ennter>",
		  "key script: position 3: unknown key name <Ennter>");
	parse_bad("<>", "key script: position 1: unknown key name <>");
	parse_bad("<F13>", "key script: position 1: unknown key name <F13>");
	parse_bad("<F0>", "key script: position 1: unknown key name <F0>");
	parse_bad("<Enter >",
		  "key script: position 1: unknown key name <Enter >");
	parse_bad("x<syncx>",
		  "key script: position 2: unknown key name <syncx>");
	parse_bad("<M-x>", "key script: position 1: unknown key name <M-x>");
	/* the bad token comes after newlines: they still count as bytes */
	parse_bad("a\nb\n<Nope>",
		  "key script: position 5: unknown key name <Nope>");
	/*
	 * A long token is cut at 40 bytes, backing off to a character
	 * boundary: here byte 40 is the second byte of the 'é'.
	 */
	memset(text, 'a', sizeof(text));
	text[0] = '<';
	memcpy(text + 39, "\xc3\xa9zzzzz>", 9);
	text[48] = '\0';
	memset(want, 'a', sizeof(want));
	memcpy(want, "key script: position 1: unknown key name <", 42);
	strcpy(want + 42 + 38, "...>");
	parse_bad(text, want);
	/* control characters are not echoed to the terminal */
	parse_bad("<a\x1b[2Jb>",
		  "key script: position 1: unknown key name <a?[2Jb>");
}
END_TEST

START_TEST(test_bad_ctrl)
{
	const char *tail = " (a letter or one of @[\\]^_ after C-)";
	char want[256];

	snprintf(want, sizeof(want),
		 "key script: position 2: bad control key <C-1>%s", tail);
	parse_bad("x<C-1>", want);
	snprintf(want, sizeof(want),
		 "key script: position 1: bad control key <C-ab>%s", tail);
	parse_bad("<C-ab>", want);
	snprintf(want, sizeof(want),
		 "key script: position 1: bad control key <C->%s", tail);
	parse_bad("<C->", want);
	snprintf(want, sizeof(want),
		 "key script: position 1: bad control key <C-Enter>%s", tail);
	parse_bad("<C-Enter>", want);
}
END_TEST

START_TEST(test_bad_wait)
{
	parse_bad("<wait:abc>",
		  "key script: position 1: bad wait time in <wait:abc>");
	parse_bad("xy<wait:>",
		  "key script: position 3: bad wait time in <wait:>");
	parse_bad("<wait>", "key script: position 1: bad wait time in <wait>");
	parse_bad("<wait:-1>",
		  "key script: position 1: bad wait time in <wait:-1>");
	parse_bad("<wait: 5>",
		  "key script: position 1: bad wait time in <wait: 5>");
	parse_bad("<wait:5ms>",
		  "key script: position 1: bad wait time in <wait:5ms>");
	parse_bad("<wait:99999999>",
		  "key script: position 1: wait time out of range in "
		  "<wait:99999999> (0 to 600000 ms)");
	parse_bad("<wait:600001>",
		  "key script: position 1: wait time out of range in "
		  "<wait:600001> (0 to 600000 ms)");
	/* far past INT_MAX: no overflow, still a range error */
	parse_bad("<wait:99999999999999999999999999>",
		  "key script: position 1: wait time out of range in "
		  "<wait:99999999999999999999999999> (0 to 600000 ms)");
	/* a digit error anywhere wins over the range */
	parse_bad("<wait:9999999x>",
		  "key script: position 1: bad wait time in <wait:9999999x>");
}
END_TEST

START_TEST(test_unterminated)
{
	const char *want4 = "key script: position 4: unterminated < "
			    "(write <lt> for a literal <)";
	const char *want2 = "key script: position 2: unterminated < "
			    "(write <lt> for a literal <)";

	parse_bad("abc<Enter", want4);
	parse_bad("abc<", want4);
	/* another '<' or a line end before any '>' */
	parse_bad("a<b<Enter>", want2);
	parse_bad("a<Enter\n>", want2);
	parse_bad("a<Enter\r>", want2);
}
END_TEST

START_TEST(test_bad_utf8)
{
	static const char *const bad[] = {
		"ab\xff", /* never valid */
		"ab\x80", /* stray continuation */
		"ab\xc3", /* truncated */
		"ab\xc3(", /* bad continuation */
		"ab\xc0\xaf", /* overlong '/' */
		"ab\xe0\x80\xaf", /* overlong */
		"ab\xed\xa0\x80", /* surrogate U+D800 */
		"ab\xf4\x90\x80\x80", /* U+110000 */
		"ab\xf8\x88\x80\x80\x80", /* 5-byte form */
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		parse_bad(bad[i], "key script: position 3: invalid UTF-8");
	/* inside a token: the position of the bad byte */
	parse_bad("x<En\xfftr>", "key script: position 5: invalid UTF-8");
	/* the first error wins */
	parse_bad("ab<Ennter>\xff",
		  "key script: position 3: unknown key name <Ennter>");
	parse_bad("\xff<Ennter>", "key script: position 1: invalid UTF-8");
}
END_TEST

START_TEST(test_err_buffer)
{
	char err[12];
	struct ui_script *s;

	/* a short buffer is truncated, never overrun; none at all is fine */
	memset(err, 'z', sizeof(err));
	s = ui_script_parse("<x>", err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, "key script:");
	s = ui_script_parse("<x>", NULL, 0);
	ck_assert_ptr_null(s);
}
END_TEST

/* Writes text (len bytes: it may hold NULs) to a fresh temporary file. */
static char *write_temp(const char *text, size_t len)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	int fd;

	path = xasprintf("%s/check_script.XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(write(fd, text, len), (ssize_t)len);
	close(fd);
	return path;
}

START_TEST(test_load)
{
	static const char text[] = "# not a comment\n<Down>\n<Enter>\n";
	char err[256] = "";
	char *path = write_temp(text, sizeof(text) - 1);
	struct ui_script *s = ui_script_load(path, err, sizeof(err));

	ck_assert_msg(s != NULL, "%s", err);
	/* '#', ' ' and the letters are keys too: 15 + <Down> + <Enter> */
	ck_assert_uint_eq(s->n, 17);
	check_key(s, 0, '#');
	check_key(s, 15, UI_FN(KEY_DOWN));
	check_key(s, 16, UI_KEY_ENTER);
	ui_script_free(s);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_load_bad)
{
	static const char text[] = "jj\n<Ennter>\n";
	static const char nul[] = "ab\0c";
	char err[512] = "", want[512];
	char *path = write_temp(text, sizeof(text) - 1);

	ck_assert_ptr_null(ui_script_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want),
		 "%s: key script: position 4: unknown key name <Ennter>", path);
	ck_assert_str_eq(err, want);
	unlink(path);
	free(path);

	path = write_temp(nul, sizeof(nul) - 1);
	ck_assert_ptr_null(ui_script_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want),
		 "%s: key script: position 3: NUL character "
		 "(write <C-@> for that key)",
		 path);
	ck_assert_str_eq(err, want);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(test_load_missing)
{
	char err[512] = "", want[512];
	const char *path = "/nonexistent-hvtop-dir/keys";

	ck_assert_ptr_null(ui_script_load(path, err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read key script '%s': %s", path,
		 strerror(ENOENT));
	ck_assert_str_eq(err, want);

	/* a directory opens, then fails to read */
	ck_assert_ptr_null(ui_script_load("/", err, sizeof(err)));
	snprintf(want, sizeof(want), "cannot read key script '/': %s",
		 strerror(EISDIR));
	ck_assert_str_eq(err, want);
}
END_TEST

START_TEST(test_name_roundtrip)
{
	char buf[32], err[256];
	size_t i;

	for (i = 0; i < N_DOCUMENTED; i++) {
		struct ui_script *s;

		ui_key_name(documented[i].key, buf, sizeof(buf));
		/* the manual's spelling, not an alias */
		ck_assert_str_eq(buf, documented[i].name);
		s = ui_script_parse(buf, err, sizeof(err));
		ck_assert_ptr_nonnull(s);
		ck_assert_uint_eq(s->n, 1);
		ck_assert_int_eq(s->steps[0].key, documented[i].key);
		ui_script_free(s);
	}
}
END_TEST

START_TEST(test_name_other)
{
	char buf[32], want[32];
	int key;

	ck_assert_str_eq(ui_key_name('a', buf, sizeof(buf)), "a");
	ck_assert_str_eq(ui_key_name('>', buf, sizeof(buf)), ">");
	ck_assert_str_eq(ui_key_name(0xe9, buf, sizeof(buf)), "\xc3\xa9");
	ck_assert_str_eq(ui_key_name(0x20ac, buf, sizeof(buf)),
			 "\xe2\x82\xac");
	ck_assert_str_eq(ui_key_name(0x1f600, buf, sizeof(buf)),
			 "\xf0\x9f\x98\x80");
	ck_assert_str_eq(ui_key_name(UI_CTRL('l'), buf, sizeof(buf)),
			 "<C-l>");
	ck_assert_str_eq(ui_key_name(0, buf, sizeof(buf)), "<C-@>");
	ck_assert_str_eq(ui_key_name(31, buf, sizeof(buf)), "<C-_>");
	ck_assert_str_eq(ui_key_name(0x7f, buf, sizeof(buf)), "<key:0x7f>");
	ck_assert_str_eq(ui_key_name(0x85, buf, sizeof(buf)), "<key:0x85>");
	ck_assert_str_eq(ui_key_name(0xd800, buf, sizeof(buf)),
			 "<key:0xd800>");
	ck_assert_str_eq(ui_key_name(-1, buf, sizeof(buf)), "<key:-0x1>");
	key = UI_FN(KEY_RESIZE);
	snprintf(want, sizeof(want), "<key:0x%x>", (unsigned)key);
	ck_assert_str_eq(ui_key_name(key, buf, sizeof(buf)), want);
	/* truncation stays within the buffer */
	ck_assert_str_eq(ui_key_name(UI_KEY_ENTER, buf, 4), "<En");
	ck_assert_ptr_eq(ui_key_name('a', buf, 0), buf);
}
END_TEST

/* Found by fuzz_script (fuzz/corpus/script/crash-del): a raw DEL made a
 * key that no name reads back as; it is the terminal's Backspace.  C1
 * controls are refused where they stand. */
/* --keys-file freed --config's file name (a use after free, then a
 * double free at exit) */
START_TEST(test_options_config_and_keys_file)
{
	struct ui_options o;
	char *argv[] = { "hvtop", "--config", "/etc/hvtop-x.conf", "--keys-file",
			 "/tmp/keys", NULL };
	ck_assert_int_eq(ui_options_parse(&o, 5, argv), 0);
	ck_assert_str_eq(o.config_file, "/etc/hvtop-x.conf");
	ck_assert_str_eq(o.keys_file, "/tmp/keys");
	ui_options_free(&o);
}
END_TEST

START_TEST(test_raw_del_and_c1)
{
	char err[256];
	struct ui_script *s = ui_script_parse("a\x7f", err, sizeof(err));
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n, 2);
	ck_assert_int_eq(s->steps[1].key, UI_FN(KEY_BACKSPACE));
	ui_script_free(s);
	s = ui_script_parse("ab\xc2\x85", err, sizeof(err));
	ck_assert_ptr_null(s);
	ck_assert_str_eq(err, "key script: position 3: control character U+0085 is not a key");
}
END_TEST

START_TEST(test_name_ctrl_roundtrip)
{
	char buf[32], err[256];
	int key;

	/* every control key's name parses back to it */
	for (key = 0; key < 0x20; key++) {
		struct ui_script *s;

		ui_key_name(key, buf, sizeof(buf));
		s = ui_script_parse(buf, err, sizeof(err));
		ck_assert_msg(s != NULL, "%d -> '%s': %s", key, buf, err);
		ck_assert_uint_eq(s->n, 1);
		ck_assert_int_eq(s->steps[0].key, key);
		ui_script_free(s);
	}
}
END_TEST

static Suite *script_suite(void)
{
	Suite *s = suite_create("script");
	TCase *tc = tcase_create("parse");

	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_named_each);
	tcase_add_test(tc, test_named_sequence);
	tcase_add_test(tc, test_case_insensitive);
	tcase_add_test(tc, test_lt);
	tcase_add_test(tc, test_utf8);
	tcase_add_test(tc, test_ctrl);
	tcase_add_test(tc, test_wait_sync);
	tcase_add_test(tc, test_newlines_ignored);
	tcase_add_test(tc, test_long_script);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_test(tc, test_bad_names);
	tcase_add_test(tc, test_bad_ctrl);
	tcase_add_test(tc, test_bad_wait);
	tcase_add_test(tc, test_unterminated);
	tcase_add_test(tc, test_bad_utf8);
	tcase_add_test(tc, test_err_buffer);
	suite_add_tcase(s, tc);

	tc = tcase_create("load");
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_load_bad);
	tcase_add_test(tc, test_load_missing);
	suite_add_tcase(s, tc);

	tc = tcase_create("names");
	tcase_add_test(tc, test_name_roundtrip);
	tcase_add_test(tc, test_name_other);
	tcase_add_test(tc, test_name_ctrl_roundtrip);
	tcase_add_test(tc, test_raw_del_and_c1);
	tcase_add_test(tc, test_options_config_and_keys_file);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(script_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	/* an exit status only holds 8 bits: 256 failures must not read 0 */
	return failed > 255 ? 255 : failed;
}
