#include <config.h>
#include "ui/script.h"
#include "common/utf8.h"
#include "ui/keys.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define WAIT_MAX_MS 600000
/* A keys file is typed by hand; anything this big is a mistake (or
 * /dev/zero), and refusing it beats reading forever. */
#define SCRIPT_MAX_BYTES (1024 * 1024)
/* How much of a bad <...> token an error message repeats. */
#define ECHO_MAX 40

struct key_name {
	const char *name;
	int key;
};

/*
 * One row per name.  ui_key_name shows the first row that matches a key,
 * so the canonical names (those in the manual) come before the aliases,
 * which are there because vim and tmux users type them from habit.
 */
static const struct key_name key_names[] = {
	{ "Enter", UI_KEY_ENTER },
	{ "Esc", UI_KEY_ESC },
	{ "Tab", UI_KEY_TAB },
	{ "S-Tab", UI_FN(KEY_BTAB) },
	{ "Up", UI_FN(KEY_UP) },
	{ "Down", UI_FN(KEY_DOWN) },
	{ "Left", UI_FN(KEY_LEFT) },
	{ "Right", UI_FN(KEY_RIGHT) },
	{ "PgUp", UI_FN(KEY_PPAGE) },
	{ "PgDn", UI_FN(KEY_NPAGE) },
	{ "Home", UI_FN(KEY_HOME) },
	{ "End", UI_FN(KEY_END) },
	{ "Space", ' ' },
	{ "BS", UI_FN(KEY_BACKSPACE) },
	{ "Del", UI_FN(KEY_DC) },
	{ "Ins", UI_FN(KEY_IC) },
	{ "F1", UI_FN(KEY_F(1)) },
	{ "F2", UI_FN(KEY_F(2)) },
	{ "F3", UI_FN(KEY_F(3)) },
	{ "F4", UI_FN(KEY_F(4)) },
	{ "F5", UI_FN(KEY_F(5)) },
	{ "F6", UI_FN(KEY_F(6)) },
	{ "F7", UI_FN(KEY_F(7)) },
	{ "F8", UI_FN(KEY_F(8)) },
	{ "F9", UI_FN(KEY_F(9)) },
	{ "F10", UI_FN(KEY_F(10)) },
	{ "F11", UI_FN(KEY_F(11)) },
	{ "F12", UI_FN(KEY_F(12)) },
	{ "lt", '<' },
	/* aliases */
	{ "Return", UI_KEY_ENTER },
	{ "CR", UI_KEY_ENTER },
	{ "Escape", UI_KEY_ESC },
	{ "BTab", UI_FN(KEY_BTAB) },
	{ "PageUp", UI_FN(KEY_PPAGE) },
	{ "PageDown", UI_FN(KEY_NPAGE) },
	{ "Backspace", UI_FN(KEY_BACKSPACE) },
	{ "Delete", UI_FN(KEY_DC) },
	{ "Insert", UI_FN(KEY_IC) },
};

/* The characters that follow "C-" besides letters, in ASCII order from
 * '@' (NUL) to '_' (0x1f): exactly those whose UI_CTRL is a C0 control. */
static const char ctrl_punct[] = "@[\\]^_";

struct parser {
	const char *text;
	size_t len;
	struct ui_script *s;
	size_t cap;
	char *err;
	size_t errsz;
};

static void set_err(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
}

/* Positions are 1-based so they match what an editor's column shows. */
static int fail(struct parser *p, size_t off, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct parser *p, size_t off, const char *fmt, ...)
{
	char reason[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reason, sizeof(reason), fmt, ap);
	va_end(ap);
	set_err(p->err, p->errsz, "key script: position %zu: %s", off + 1,
		reason);
	return -1;
}

static void push(struct parser *p, enum ui_script_op op, int key, int ms)
{
	struct ui_script *s = p->s;

	if (s->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		s->steps = xrealloc(s->steps, p->cap * sizeof(*s->steps));
	}
	s->steps[s->n].op = op;
	s->steps[s->n].key = key;
	s->steps[s->n].ms = ms;
	s->n++;
}


/*
 * The token as it may be repeated in a message: cut to ECHO_MAX bytes on a
 * character boundary (the token is known to be valid UTF-8), and control
 * characters shown as '?' so a stray ESC cannot reach the terminal.
 */
static void echo_token(const char *tok, size_t len, char *out, size_t outsz)
{
	size_t n = len, i, o = 0;
	int cut = 0;

	if (n > ECHO_MAX) {
		n = ECHO_MAX;
		while (n > 0 && ((unsigned char)tok[n] & 0xc0) == 0x80)
			n--;
		cut = 1;
	}
	for (i = 0; i < n && o + 1 < outsz; i++) {
		unsigned char c = (unsigned char)tok[i];
		out[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	out[o] = '\0';
	if (cut)
		snprintf(out + o, outsz - o, "...>");
}

static int name_is(const char *name, size_t len, const char *want)
{
	return strlen(want) == len && strncasecmp(name, want, len) == 0;
}

/* "<wait:MS>": digits only, so "<wait: 5>" or "<wait:5ms>" are refused
 * rather than half-understood. */
static int parse_wait(struct parser *p, size_t start, const char *tok,
		      size_t toklen)
{
	char echo[ECHO_MAX + 8];
	const char *d = tok + 6; /* after "<wait:" */
	const char *end = tok + toklen - 1; /* the '>' */
	long ms = 0;
	int big = 0;

	echo_token(tok, toklen, echo, sizeof(echo));
	if (toklen < 7 || tok[5] != ':' || d == end)
		return fail(p, start, "bad wait time in %s", echo);
	for (; d < end; d++) {
		if (*d < '0' || *d > '9')
			return fail(p, start, "bad wait time in %s", echo);
		if (!big) {
			ms = ms * 10 + (*d - '0');
			big = ms > WAIT_MAX_MS;
		}
	}
	if (big)
		return fail(p, start,
			    "wait time out of range in %s (0 to %d ms)", echo,
			    WAIT_MAX_MS);
	push(p, UI_SCRIPT_WAIT, 0, (int)ms);
	return 0;
}

static int parse_ctrl(struct parser *p, size_t start, const char *tok,
		      size_t toklen)
{
	char echo[ECHO_MAX + 8];
	/* "<C-x>" is five bytes, x at index 3 */
	char c = toklen == 5 ? tok[3] : '\0';

	if (c >= 'A' && c <= 'Z')
		c = (char)(c - 'A' + 'a');
	if ((c >= 'a' && c <= 'z') || (c && strchr(ctrl_punct, c))) {
		push(p, UI_SCRIPT_KEY, UI_CTRL(c), 0);
		return 0;
	}
	echo_token(tok, toklen, echo, sizeof(echo));
	return fail(p, start,
		    "bad control key %s (a letter or one of %s after C-)",
		    echo, ctrl_punct);
}

/* One "<...>" token starting at offset start; *used is its length. */
static int parse_token(struct parser *p, size_t start, size_t *used)
{
	const char *text = p->text;
	const char *tok = text + start, *name = tok + 1;
	char echo[ECHO_MAX + 8];
	size_t j = start + 1, toklen, namelen, i;
	int cp;

	*used = 0;
	/*
	 * A '<' or a line end before the '>' means the user forgot it (or
	 * meant a literal '<'); saying so beats reporting a long bogus name.
	 */
	while (j < p->len && text[j] != '>') {
		unsigned char c = (unsigned char)text[j];
		size_t n;

		if (c == '<' || c == '\n' || c == '\r' || c == '\0')
			break;
		n = utf8_decode((const unsigned char *)text + j, p->len - j,
				&cp);
		if (!n)
			return fail(p, j, "invalid UTF-8");
		j += n;
	}
	if (j >= p->len || text[j] != '>')
		return fail(p, start,
			    "unterminated < (write <lt> for a literal <)");
	toklen = j - start + 1;
	namelen = toklen - 2;
	*used = toklen;

	if (name_is(name, namelen, "sync")) {
		push(p, UI_SCRIPT_SYNC, 0, 0);
		return 0;
	}
	if (namelen >= 4 && strncasecmp(name, "wait", 4) == 0 &&
	    (namelen == 4 || name[4] == ':'))
		return parse_wait(p, start, tok, toklen);
	if (namelen >= 2 && (name[0] == 'C' || name[0] == 'c') &&
	    name[1] == '-')
		return parse_ctrl(p, start, tok, toklen);
	for (i = 0; i < ARRAY_SIZE(key_names); i++) {
		if (name_is(name, namelen, key_names[i].name)) {
			push(p, UI_SCRIPT_KEY, key_names[i].key, 0);
			return 0;
		}
	}
	echo_token(tok, toklen, echo, sizeof(echo));
	return fail(p, start, "unknown key name %s", echo);
}

/* Takes a length so that a file's NUL bytes are seen and refused, not
 * silently taken as the end of the script. */
static struct ui_script *parse_text(const char *text, size_t len, char *err,
				    size_t errsz)
{
	struct parser p = {
		.text = text, .len = len, .err = err, .errsz = errsz,
	};
	size_t i = 0;

	p.s = xmalloc(sizeof(*p.s));
	p.s->steps = NULL;
	p.s->n = 0;
	p.s->pos = 0;

	while (i < len) {
		unsigned char c = (unsigned char)text[i];
		size_t n;
		int cp;

		/* so a keys file can be split over lines; Enter is <Enter> */
		if (c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c == '\0') {
			fail(&p, i, "NUL character (write <C-@> for that key)");
			goto error;
		}
		if (c == '<') {
			if (parse_token(&p, i, &n) < 0)
				goto error;
			i += n;
			continue;
		}
		n = utf8_decode((const unsigned char *)text + i, len - i, &cp);
		if (!n) {
			fail(&p, i, "invalid UTF-8");
			goto error;
		}
		/* DEL is what a terminal's Backspace sends; C1 controls are
		 * no key at all.  So every key a script holds has a name that
		 * reads back as the same key (ui_key_name). */
		if (cp == 0x7f) {
			cp = UI_FN(KEY_BACKSPACE);
		} else if (cp >= 0x80 && cp <= 0x9f) {
			fail(&p, i, "control character U+%04X is not a key", cp);
			goto error;
		}
		push(&p, UI_SCRIPT_KEY, cp, 0);
		i += n;
	}
	return p.s;

error:
	ui_script_free(p.s);
	return NULL;
}

struct ui_script *ui_script_parse(const char *text, char *err, size_t errsz)
{
	return parse_text(text ? text : "", text ? strlen(text) : 0, err,
			  errsz);
}

struct ui_script *ui_script_load(const char *path, char *err, size_t errsz)
{
	struct ui_script *s = NULL;
	char msg[256];
	size_t len = 0, cap = 4096;
	char *buf;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		set_err(err, errsz, "cannot read key script '%s': %s", path,
			strerror(errno));
		return NULL;
	}
	buf = xmalloc(cap);
	/* read to EOF rather than fstat, so pipes and <(...) work too */
	for (;;) {
		ssize_t r;

		if (len == cap) {
			if (cap > SCRIPT_MAX_BYTES) {
				set_err(err, errsz,
					"cannot read key script '%s': larger than %d bytes",
					path, SCRIPT_MAX_BYTES);
				goto cleanup;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			set_err(err, errsz, "cannot read key script '%s': %s",
				path, strerror(errno));
			goto cleanup;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	if (len > SCRIPT_MAX_BYTES) {
		set_err(err, errsz,
			"cannot read key script '%s': larger than %d bytes",
			path, SCRIPT_MAX_BYTES);
		goto cleanup;
	}
	s = parse_text(buf, len, msg, sizeof(msg));
	if (!s)
		set_err(err, errsz, "%s: %s", path, msg);

cleanup:
	free(buf);
	close(fd);
	return s;
}

void ui_script_free(struct ui_script *s)
{
	if (!s)
		return;
	free(s->steps);
	free(s);
}

/* Locale-independent on purpose: key names end up in help screens and
 * test expectations, which must not change with LANG. */
static int is_printable(int key)
{
	return key >= 0x20 && key != 0x7f && !(key >= 0x80 && key <= 0x9f) &&
	       !(key >= 0xd800 && key <= 0xdfff) && key <= 0x10ffff;
}

char *ui_key_name(int key, char *buf, size_t n)
{
	char utf8[5];
	size_t i;

	if (!buf || !n)
		return buf;
	for (i = 0; i < ARRAY_SIZE(key_names); i++) {
		if (key_names[i].key == key) {
			snprintf(buf, n, "<%s>", key_names[i].name);
			return buf;
		}
	}
	if (is_printable(key)) {
		utf8_encode(key, utf8);
		snprintf(buf, n, "%s", utf8);
	} else if (key >= 0 && key < 0x20) {
		/* the inverse of UI_CTRL: 1..26 are letters, 0 and 27..31
		 * the punctuation around them in ASCII */
		snprintf(buf, n, "<C-%c>",
			 key >= 1 && key <= 26 ? 'a' + key - 1 : '@' + key);
	} else if (key < 0) {
		snprintf(buf, n, "<key:-0x%x>", -(unsigned)key);
	} else {
		snprintf(buf, n, "<key:0x%x>", (unsigned)key);
	}
	return buf;
}
