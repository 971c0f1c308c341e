#include <config.h>
#include "common/xml.h"
#include "common/utf8.h"
#include "common/util.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

void xml_escape(FILE *f, const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0, n;
	int cp;
	while (i < len) {
		switch (s[i]) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* control characters (and U+FFFE, U+FFFF) are not
			 * allowed in XML 1.0 at all, and a document must be
			 * UTF-8 throughout: either would make libvirt refuse
			 * the whole document */
			n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
			if (!n || !utf8_xml_char(cp)) {
				fputc('?', f); /* one for a bad byte or character */
				n = n ? n : 1;
			} else {
				fwrite(s + i, 1, n, f);
			}
			i += n;
			continue;
		}
		i++;
	}
}

char *xml_tag_attr(const char *t, const char *end, const char *name)
{
	size_t nl = strlen(name);
	const char *gt = memchr(t, '>', (size_t)(end - t)), *a;
	if (!gt)
		return NULL;
	for (a = t + 1; a + nl + 2 < gt; a++) {
		if (a[-1] == ' ' && strncmp(a, name, nl) == 0 && a[nl] == '=' &&
		    (a[nl + 1] == '\'' || a[nl + 1] == '"')) {
			const char *v = a + nl + 2, *q = memchr(v, a[nl + 1], (size_t)(gt - v));
			return q ? xml_unescape(v, (size_t)(q - v)) : NULL;
		}
	}
	return NULL;
}

void xml_doc_open(struct xml_doc *d)
{
	d->buf = NULL;
	d->len = 0;
	d->f = open_memstream(&d->buf, &d->len);
	if (!d->f) {
		fputs("hvtop: out of memory\n", stderr);
		abort();
	}
}

char *xml_doc_close(struct xml_doc *d)
{
	fclose(d->f);
	return d->buf;
}

char *xml_escaped(const char *s)
{
	struct xml_doc d;
	xml_doc_open(&d);
	xml_escape(d.f, s);
	return xml_doc_close(&d);
}

static void put_utf8(char **o, unsigned long c)
{
	char *p = *o;
	if (c < 0x80) {
		*p++ = (char)c;
	} else if (c < 0x800) {
		*p++ = (char)(0xC0 | (c >> 6));
		*p++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*p++ = (char)(0xE0 | (c >> 12));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*p++ = (char)(0x80 | (c & 0x3F));
	} else {
		*p++ = (char)(0xF0 | (c >> 18));
		*p++ = (char)(0x80 | ((c >> 12) & 0x3F));
		*p++ = (char)(0x80 | ((c >> 6) & 0x3F));
		*p++ = (char)(0x80 | (c & 0x3F));
	}
	*o = p;
}

char *xml_unescape(const char *s, size_t n)
{
	/* an entity is never shorter than what it stands for */
	char *out = xmalloc(n + 1), *o = out;
	size_t i = 0;
	static const struct { const char *e; char c; } ents[] = {
		{ "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' },
		{ "&quot;", '"' }, { "&apos;", '\'' },
	};
	while (i < n) {
		size_t k;
		bool done = false;
		if (s[i] != '&') {
			*o++ = s[i++];
			continue;
		}
		for (k = 0; k < ARRAY_SIZE(ents); k++) {
			size_t l = strlen(ents[k].e);
			if (i + l <= n && strncmp(s + i, ents[k].e, l) == 0) {
				*o++ = ents[k].c;
				i += l;
				done = true;
				break;
			}
		}
		if (!done && i + 3 < n && s[i + 1] == '#') {
			char *end;
			bool hex = s[i + 2] == 'x';
			unsigned long c = strtoul(s + i + (hex ? 3 : 2), &end, hex ? 16 : 10);
			if (end < s + n && *end == ';' && c > 0 && c < 0x110000 &&
			    (size_t)(end + 1 - (s + i)) >= 4) {
				put_utf8(&o, c);
				i = (size_t)(end + 1 - s);
				done = true;
			}
		}
		if (!done)
			*o++ = s[i++];
	}
	*o = '\0';
	return out;
}

/* <tag>escaped value</tag> on its own line */
void xml_elem(FILE *f, const char *indent, const char *tag, const char *v)
{
	fprintf(f, "%s<%s>", indent, tag);
	xml_escape(f, v);
	fprintf(f, "</%s>\n", tag);
}

/* attr='escaped value' */
void xml_attr(FILE *f, const char *name, const char *v)
{
	fprintf(f, " %s='", name);
	xml_escape(f, v);
	fputc('\'', f);
}
