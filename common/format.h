/* Number and text formatting for columns: no curses, unit-tested. */
#ifndef HVTOP_COMMON_FORMAT_H
#define HVTOP_COMMON_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Compact size with binary units: "512", "1.5K", "23M", "1.2G", "3.0T".
 * Fits in 5 columns for any value below 1000 P.  v < 0 gives "-". */
char *fmt_size(char *buf, size_t n, double v);
/* Same scale for plain counts (requests/s): "999", "1.2K"... */
#define fmt_count fmt_size
/* virt-top's TIME column from nanoseconds: "0:05.12", "12:34.56",
 * "1:02:03" (h:mm:ss past an hour), "3d04h" past a day. */
char *fmt_time(char *buf, size_t n, uint64_t ns);
/* "12.3" for a percentage; "-" when unknown (< 0). */
char *fmt_pct(char *buf, size_t n, double v);
/* Parse "64", "64M", "1.5G", "512K", "2T" (binary units) into bytes.
 * def_unit multiplies a bare number.  -1 on a malformed, negative or
 * overflowing value. */
int fmt_parse_size(const char *s, uint64_t def_unit, uint64_t *out);

/* Display width of a UTF-8 string in terminal cells (wide chars count 2,
 * invalid bytes 1). */
int fmt_width(const char *s);
/* Copy s into out, cut at width cells and padded with spaces to exactly
 * width cells (left aligned, or right aligned when right).  ascii replaces
 * anything not printable ASCII with '?', for non-UTF-8 terminals; control
 * characters always become '?'.  Returns out. */
char *fmt_fit(char *out, size_t outsz, const char *s, int width, bool right,
	      bool ascii);

/* JSON string body escaping (no quotes added) into a growing buffer. */
struct strbuf {
	char *s;
	size_t len, cap;
};
void sb_add(struct strbuf *b, const char *s, size_t n);
void sb_puts(struct strbuf *b, const char *s);
void sb_printf(struct strbuf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_json_str(struct strbuf *b, const char *s); /* with quotes */
void sb_csv_str(struct strbuf *b, const char *s);  /* quoted when needed */
/* s as one word for a POSIX shell: as it is when it holds only characters
 * no shell treats specially, else in single quotes (' as '\'') */
void sb_shell_word(struct strbuf *b, const char *s);
void sb_free(struct strbuf *b);

#endif
