#include <config.h>
#include "common/format.h"
#include "common/util.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

char *fmt_size(char *buf, size_t n, double v)
{
	static const char units[] = "KMGTPE";
	int u = -1;
	if (v < 0 || isnan(v)) {
		snprintf(buf, n, "-");
		return buf;
	}
	if (v < 1000) {
		snprintf(buf, n, "%.0f", v);
		return buf;
	}
	while (v >= 1000 && u < 5) {
		v /= 1024;
		u++;
	}
	if (v < 9.95)
		snprintf(buf, n, "%.1f%c", v, units[u]);
	else
		snprintf(buf, n, "%.0f%c", v, units[u]);
	return buf;
}

char *fmt_time(char *buf, size_t n, uint64_t ns)
{
	uint64_t cs = ns / 10000000ULL, s = cs / 100;
	if (s < 3600)
		snprintf(buf, n, "%u:%02u.%02u", (unsigned)(s / 60),
			 (unsigned)(s % 60), (unsigned)(cs % 100));
	else if (s < 86400)
		snprintf(buf, n, "%u:%02u:%02u", (unsigned)(s / 3600),
			 (unsigned)(s / 60 % 60), (unsigned)(s % 60));
	else
		snprintf(buf, n, "%llud%02uh", (unsigned long long)(s / 86400),
			 (unsigned)(s / 3600 % 24));
	return buf;
}

char *fmt_pct(char *buf, size_t n, double v)
{
	if (v < 0 || isnan(v))
		snprintf(buf, n, "-");
	else if (v >= 999.5)
		snprintf(buf, n, "%.0f", v);
	else
		snprintf(buf, n, "%.1f", v);
	return buf;
}

int fmt_parse_size(const char *s, uint64_t def_unit, uint64_t *out)
{
	char *end;
	double v, mul = (double)def_unit;
	while (*s == ' ')
		s++;
	if (*s == '-' || *s == '+' || !*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || isnan(v) || isinf(v) || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': mul = 1024.0; end++; break;
	case 'm': case 'M': mul = 1048576.0; end++; break;
	case 'g': case 'G': mul = 1073741824.0; end++; break;
	case 't': case 'T': mul = 1099511627776.0; end++; break;
	case 'b': case 'B': mul = 1; end++; break;
	default: break;
	}
	if ((*end == 'i' || *end == 'I') && mul > 1 && (end[1] == 'B' || end[1] == 'b'))
		end += 2;
	while (*end == ' ')
		end++;
	if (*end || v * mul >= 18446744073709551615.0)
		return -1;
	*out = (uint64_t)(v * mul);
	return 0;
}

/* Next character of a UTF-8 string: its width in cells, and its length in
 * bytes; an invalid byte counts as one cell, shown as '?'. */
static int next_char(const char *s, size_t *len, bool *bad)
{
	mbstate_t st;
	wchar_t wc;
	size_t r;
	int w;
	memset(&st, 0, sizeof(st));
	r = mbrtowc(&wc, s, strnlen(s, MB_LEN_MAX), &st);
	*bad = false;
	if (r == (size_t)-1 || r == (size_t)-2 || r == 0) {
		*len = 1;
		*bad = true;
		return 1;
	}
	*len = r;
	w = wcwidth(wc);
	if (w < 0) {
		*bad = true;
		return 1;
	}
	return w;
}

int fmt_width(const char *s)
{
	int w = 0;
	while (*s) {
		size_t len;
		bool bad;
		w += next_char(s, &len, &bad);
		s += len;
	}
	return w;
}

char *fmt_fit(char *out, size_t outsz, const char *s, int width, bool right,
	      bool ascii)
{
	size_t o = 0;
	int w = 0, pad;
	char stackbuf[512];
	char *body;
	if (!outsz)
		return out;
	/* cells are short: the stack serves all but unusual sizes */
	body = outsz <= sizeof(stackbuf) ? stackbuf : xmalloc(outsz);
	while (*s && o + 1 < outsz) {
		size_t len;
		bool bad;
		int cw;
		if (ascii) {
			unsigned char ch = (unsigned char)*s;
			size_t skip = 1;
			if (ch >= 0x80) {
				/* one '?' per character, not per byte */
				while ((s[skip] & 0xC0) == 0x80)
					skip++;
			}
			if (w + 1 > width)
				break;
			body[o++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
			w++;
			s += skip;
			continue;
		}
		cw = next_char(s, &len, &bad);
		if (w + cw > width || o + len + 1 >= outsz)
			break;
		if (bad) {
			body[o++] = '?';
		} else {
			memcpy(body + o, s, len);
			o += len;
		}
		w += cw;
		s += len;
	}
	body[o] = '\0';
	pad = width - w;
	if (pad < 0)
		pad = 0;
	if ((size_t)pad + o + 1 > outsz)
		pad = (int)(outsz - o - 1);
	if (right) {
		memset(out, ' ', (size_t)pad);
		memcpy(out + pad, body, o + 1);
	} else {
		memcpy(out, body, o);
		memset(out + o, ' ', (size_t)pad);
		out[o + (size_t)pad] = '\0';
	}
	if (body != stackbuf)
		free(body);
	return out;
}

static void sb_reserve(struct strbuf *b, size_t n);

void sb_add(struct strbuf *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void sb_puts(struct strbuf *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

static void sb_reserve(struct strbuf *b, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		b->cap = (b->len + n + 1) * 2;
		b->s = xrealloc(b->s, b->cap);
	}
}

/* Formats straight into the buffer's spare room: JSON of 1000 domains is
 * tens of thousands of fields per sample, and a temporary string each
 * was most of its cost. */
void sb_printf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	sb_reserve(b, 64);
	va_start(ap, fmt);
	n = vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n >= b->cap - b->len) {
		sb_reserve(b, (size_t)n);
		va_start(ap, fmt);
		vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
}

void sb_json_str(struct strbuf *b, const char *s)
{
	sb_add(b, "\"", 1);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		char esc[8];
		if (ch == '"' || ch == '\\') {
			esc[0] = '\\';
			esc[1] = (char)ch;
			sb_add(b, esc, 2);
		} else if (ch < 0x20) {
			snprintf(esc, sizeof(esc), "\\u%04x", ch);
			sb_puts(b, esc);
		} else {
			sb_add(b, s, 1);
		}
	}
	sb_add(b, "\"", 1);
}

void sb_csv_str(struct strbuf *b, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		sb_puts(b, s);
		return;
	}
	sb_add(b, "\"", 1);
	for (; *s; s++) {
		if (*s == '"')
			sb_add(b, "\"", 1);
		sb_add(b, s, 1);
	}
	sb_add(b, "\"", 1);
}

void sb_shell_word(struct strbuf *b, const char *s)
{
	static const char plain[] = "abcdefghijklmnopqrstuvwxyz"
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,";
	if (*s && strspn(s, plain) == strlen(s)) {
		sb_puts(b, s);
		return;
	}
	sb_add(b, "'", 1);
	for (; *s; s++) {
		if (*s == '\'')
			sb_puts(b, "'\\''");
		else
			sb_add(b, s, 1);
	}
	sb_add(b, "'", 1);
}

void sb_free(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}
