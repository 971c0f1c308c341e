#include <config.h>
#include "common/utf8.h"

#include <string.h>

/*
 * Strict UTF-8 (RFC 3629): overlong forms, surrogates and values above
 * U+10FFFF are refused, so every key a script yields is a real character.
 * Returns the sequence length, or 0 if the bytes at s are not valid.
 */
size_t utf8_decode(const unsigned char *s, size_t len, int *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;
	int v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		v = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		v = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		else if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		v = c & 0x07;
		if (c == 0xf0)
			lo = 0x90; /* overlong */
		else if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else {
		return 0;
	}
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if (s[i] < lo || s[i] > hi)
			return 0;
		lo = 0x80;
		hi = 0xbf;
		v = (v << 6) | (s[i] & 0x3f);
	}
	*cp = v;
	return n;
}

size_t utf8_encode(int cp, char out[5])
{
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	out[n] = '\0';
	return n;
}

bool utf8_xml_char(int cp)
{
	return (cp >= 0x20 || cp == '\t' || cp == '\n' || cp == '\r') &&
	       cp != 0xfffe && cp != 0xffff;
}

bool utf8_text(const char *s)
{
	size_t len = strlen(s), i = 0, n;
	int cp;
	while (i < len) {
		n = utf8_decode((const unsigned char *)s + i, len - i, &cp);
		if (!n || cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    !utf8_xml_char(cp))
			return false;
		i += n;
	}
	return true;
}
