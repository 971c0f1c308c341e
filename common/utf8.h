/* UTF-8 by hand, because the locale's mbrtowc would change what a key
 * script or a path means with LANG. */
#ifndef HVTOP_UTF8_H
#define HVTOP_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8 (RFC 3629): the length of the sequence at s (at most len
 * bytes) with its code point in *cp, or 0 when the bytes are not valid. */
size_t utf8_decode(const unsigned char *s, size_t len, int *cp);
/* cp as UTF-8 in out (NUL-terminated); the length without the NUL. */
size_t utf8_encode(int cp, char out[5]);
/* Whether XML 1.0 allows code point cp in a document (a Char). */
bool utf8_xml_char(int cp);
/* Valid UTF-8 without control characters (C0, DEL, C1) or U+FFFE/U+FFFF:
 * text that XML and a terminal both carry as it is. */
bool utf8_text(const char *s);

#endif
