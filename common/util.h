/* Small helpers shared by every module. */
#ifndef HVTOP_UTIL_H
#define HVTOP_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Out of memory is not recoverable for a monitor: these abort cleanly. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t sz);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/* mkdir -p: every missing directory of path, with mode; -1 with errno */
int mkdir_p(const char *path, mode_t mode);

int64_t mono_ns(void);
int64_t wall_ns(void);

/* s made printable for a message: control and non-ASCII bytes as '?',
 * at most n - 1 bytes, "..." when cut */
const char *fmt_printable(const char *s, char *buf, size_t n);

#endif
