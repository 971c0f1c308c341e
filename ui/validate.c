#include <config.h>
#include "ui/validate.h"
#include "common/utf8.h"
#include "common/format.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>
#include <wctype.h>

#define NAME_MAX_BYTES 64
#define DISK_MIN (1ULL << 20)
#define DISK_MAX (64ULL << 40)

char *ui_human_kib(char *buf, size_t n, uint64_t kib)
{
	double v = (double)kib;
	if (kib >= (1ULL << 30))
		snprintf(buf, n, "%.1f TiB", v / (1ULL << 30));
	else if (kib >= (1ULL << 20))
		snprintf(buf, n, "%.1f GiB", v / (1ULL << 20));
	else if (kib >= 1024)
		snprintf(buf, n, "%.0f MiB", v / 1024);
	else
		snprintf(buf, n, "%llu KiB", (unsigned long long)kib);
	return buf;
}

static int fail(char *err, size_t errsz, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsz, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errsz, fmt, ap);
	va_end(ap);
	return -1;
}

static bool name_punct(wchar_t c)
{
	return c == '-' || c == '_' || c == '.' || c == '+';
}

int ui_valid_name(const char *s, const char *const *existing, size_t n,
		  const char *what, char *err, size_t errsz)
{
	mbstate_t st;
	const char *p = s;
	size_t i;
	bool first = true;

	if (!what)
		what = "name";
	if (!*s)
		return fail(err, errsz, "a %s is needed", what);
	if (strlen(s) > NAME_MAX_BYTES)
		return fail(err, errsz, "a %s has at most %d bytes", what, NAME_MAX_BYTES);
	memset(&st, 0, sizeof(st));
	while (*p) {
		wchar_t c;
		size_t r = mbrtowc(&c, p, strlen(p), &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0)
			return fail(err, errsz, "the %s is not valid text", what);
		if (!iswalnum((wint_t)c) && !name_punct(c)) {
			if (c < 0x80 && iswprint((wint_t)c))
				return fail(err, errsz, "'%c' is not allowed in a %s "
					    "(letters, digits and - _ . + only)", (char)c, what);
			return fail(err, errsz, "a %s has letters, digits and "
				    "- _ . + only", what);
		}
		if (first && name_punct(c))
			return fail(err, errsz, "a %s starts with a letter or digit", what);
		first = false;
		p += r;
	}
	for (i = 0; i < n; i++)
		if (existing[i] && strcmp(existing[i], s) == 0)
			return fail(err, errsz, "'%s' already exists", s);
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

int ui_valid_vcpus(const char *s, unsigned host_cpus, unsigned *out,
		   char *err, size_t errsz)
{
	unsigned long v;
	if (!host_cpus)
		host_cpus = 1;
	if (!*s)
		return fail(err, errsz, "a number of vCPUs is needed");
	if (!all_digits(s) || strlen(s) > 6)
		return fail(err, errsz, "'%s' is not a whole number", s);
	v = strtoul(s, NULL, 10);
	if (v < 1 || v > host_cpus)
		return fail(err, errsz, "vCPUs must be 1 to %u (the host's CPUs)",
			    host_cpus);
	*out = (unsigned)v;
	return 0;
}

static int size_syntax(const char *s, const char *unit, char *err, size_t errsz)
{
	const char *p = s;
	while (*p == ' ')
		p++;
	if (!*p)
		return fail(err, errsz, "a size is needed");
	if (*p == '-')
		return fail(err, errsz, "a size cannot be negative");
	return fail(err, errsz, "'%s' is not a size: a number (%s) or with "
		    "K, M, G or T", s, unit);
}

int ui_valid_mem(const char *s, uint64_t host_kib, uint64_t *out_kib,
		 char *err, size_t errsz)
{
	uint64_t b, kib;
	char h1[32], h2[32];
	if (fmt_parse_size(s, 1ULL << 20, &b) < 0)
		return size_syntax(s, "MiB", err, errsz);
	kib = b >> 10;
	if (kib < UI_MEM_MIN_KIB)
		return fail(err, errsz, "%s is less than the minimum of %s",
			    ui_human_kib(h1, sizeof(h1), kib),
			    ui_human_kib(h2, sizeof(h2), UI_MEM_MIN_KIB));
	if (host_kib && kib > host_kib)
		return fail(err, errsz, "%s is more than the host's %s",
			    ui_human_kib(h1, sizeof(h1), kib),
			    ui_human_kib(h2, sizeof(h2), host_kib));
	*out_kib = kib;
	return 0;
}

int ui_valid_disk_size(const char *s, uint64_t *out_bytes, char *err,
		       size_t errsz)
{
	uint64_t b;
	char h[32];
	if (fmt_parse_size(s, 1ULL << 30, &b) < 0)
		return size_syntax(s, "GiB", err, errsz);
	if (b < DISK_MIN)
		return fail(err, errsz, "a disk has at least 1 MiB");
	if (b > DISK_MAX)
		return fail(err, errsz, "%s is more than the %s this form creates",
			    ui_human_kib(h, sizeof(h), b >> 10), "64 TiB");
	*out_bytes = b;
	return 0;
}

int ui_valid_path(const char *s, bool local, bool dir, char *err, size_t errsz)
{
	struct stat st;
	if (!*s)
		return fail(err, errsz, "a path is needed");
	if (!utf8_text(s))
		return fail(err, errsz, "a path of UTF-8 text without control "
			    "characters is needed (libvirt's XML carries no other)");
	if (s[0] != '/')
		return fail(err, errsz, "'%s' is not an absolute path", s);
	if (!local)
		return 0;
	if (stat(s, &st) < 0)
		return fail(err, errsz, "%s: %s", s,
			    errno == ENOENT ? "no such file" : strerror(errno));
	if (dir && !S_ISDIR(st.st_mode))
		return fail(err, errsz, "%s is not a directory", s);
	if (!dir && S_ISDIR(st.st_mode))
		return fail(err, errsz, "%s is a directory", s);
	if (!dir && !S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		return fail(err, errsz, "%s is not a file or block device", s);
	return 0;
}

int ui_valid_image_dir(const char *s, bool local, char *err, size_t errsz)
{
	static const char *const files[] = { "vmlinuz", "initrd.img" };
	size_t i;
	if (ui_valid_path(s, local, true, err, errsz) < 0)
		return -1;
	for (i = 0; local && i < sizeof(files) / sizeof(files[0]); i++) {
		char p[4200];
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", s, files[i]);
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode))
			return fail(err, errsz, "no %s in %s (hvtop --demo builds "
				    "the image)", files[i], s);
	}
	return 0;
}

int ui_valid_balloon(const char *s, uint64_t max_kib, uint64_t used_kib,
		     uint64_t *out_kib, char *err, size_t errsz)
{
	uint64_t b, kib;
	char h1[32], h2[32];
	if (fmt_parse_size(s, 1ULL << 20, &b) < 0)
		return size_syntax(s, "MiB", err, errsz);
	kib = b >> 10;
	if (max_kib && kib > max_kib)
		return fail(err, errsz, "%s is above the maximum of %s",
			    ui_human_kib(h1, sizeof(h1), kib),
			    ui_human_kib(h2, sizeof(h2), max_kib));
	if (kib < UI_MEM_MIN_KIB)
		return fail(err, errsz, "%s is below the floor of %s",
			    ui_human_kib(h1, sizeof(h1), kib),
			    ui_human_kib(h2, sizeof(h2), UI_MEM_MIN_KIB));
	if (used_kib && kib < used_kib)
		return fail(err, errsz, "%s is below the %s the guest uses",
			    ui_human_kib(h1, sizeof(h1), kib),
			    ui_human_kib(h2, sizeof(h2), used_kib));
	*out_kib = kib;
	return 0;
}

static const char *trimmed(const char *s, char *buf, size_t n)
{
	size_t len;
	while (*s == ' ')
		s++;
	snprintf(buf, n, "%s", s);
	len = strlen(buf);
	while (len && buf[len - 1] == ' ')
		buf[--len] = '\0';
	return buf;
}

int ui_valid_shares(const char *s, uint64_t *out, char *err, size_t errsz)
{
	char buf[64], *end;
	const char *t = trimmed(s, buf, sizeof(buf));
	unsigned long long v;
	if (!*t)
		return fail(err, errsz, "cpu shares need a number from 2 to 262144 (1024 is the default)");
	errno = 0;
	v = strtoull(t, &end, 10);
	if (*end || errno || t[0] == '-' || v < 2 || v > 262144)
		return fail(err, errsz, "cpu shares must be a whole number from 2 to 262144, not '%s'", t);
	*out = v;
	return 0;
}

int ui_valid_cap(const char *s, double *out_pct, char *err, size_t errsz)
{
	char buf[64], *end;
	const char *t = trimmed(s, buf, sizeof(buf));
	double v;
	if (!*t || strcmp(t, "none") == 0) {
		*out_pct = 0;
		return 0;
	}
	v = strtod(t, &end);
	while (*end == ' ')
		end++;
	if (*end == '%')
		end++;
	if (end == t || *end || !(v >= 1 && v <= 100))
		return fail(err, errsz, "the cap must be 1 to 100 (%% of one core) or empty, not '%s'", t);
	*out_pct = v;
	return 0;
}
