/* Reading libconfig files, for the settings (ui/settings.c) and the
 * themes (ui/theme.c): where the config dir is, reading a file safely,
 * and messages that name the file and line.  No curses, no libvirt. */
#include <config.h>
#include "ui/config.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Anything bigger is not a hand-written configuration (or is /dev/zero). */
#define CFG_MAX_BYTES (1024 * 1024)

/* libconfig 1.5 (Debian 12) leaks a token or string buffer on some syntax
 * errors (a file ending inside a string, a string where a name belongs).
 * Not ours to fix, and we never allocate through libconfig: tell
 * LeakSanitizer, in any ASan build of hvtop, its tests and fuzz targets. */
const char *__lsan_default_suppressions(void);
__attribute__((used)) const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig.so\n";
}


void ui_libconfig_err(char *err, size_t errsz, const config_setting_t *s,
		      const char *path, const char *fmt, ...)
{
	const config_setting_t *p;
	const char *file = NULL;
	unsigned line = 0;
	va_list ap;
	int n;

	for (p = s; p && !line; p = config_setting_parent(p)) {
		line = config_setting_source_line(p);
		file = config_setting_source_file(p);
	}
	if (!file)
		file = path;
	n = line ? snprintf(err, errsz, "%s:%u: ", file, line) :
		   snprintf(err, errsz, "%s: ", file);
	if (n < 0 || (size_t)n >= errsz)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errsz - (size_t)n, fmt, ap);
	va_end(ap);
}

/* 1-based line of offset off in buf */
static unsigned line_of(const char *buf, size_t off)
{
	unsigned line = 1;
	size_t i;
	for (i = 0; i < off; i++)
		line += buf[i] == '\n';
	return line;
}

int ui_libconfig_read(config_t *c, const char *path, char *err, size_t errsz)
{
	char *buf = NULL, *p;
	size_t len = 0, cap = 0;
	struct stat st;
	int fd, r = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 1;
		snprintf(err, errsz, "%s: cannot read: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(err, errsz, "%s: is a directory", path);
		goto out;
	}
	/* settings bind keys to actions and name the hosts to open: a file
	 * anyone may write is a file anyone may make hvtop act on */
	if (st.st_mode & S_IWOTH) {
		snprintf(err, errsz, "%s: refused: anyone may write to it (chmod o-w %s)",
			 path, path);
		goto out;
	}
	for (;;) {
		ssize_t n;
		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap + 1);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsz, "%s: cannot read: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > CFG_MAX_BYTES) {
			snprintf(err, errsz, "%s: too big for a configuration file (over %d KiB)",
				 path, CFG_MAX_BYTES / 1024);
			goto out;
		}
	}
	if (!buf)
		buf = xmalloc(1);
	buf[len] = '\0';
	p = memchr(buf, '\0', len);
	if (p) {
		snprintf(err, errsz, "%s:%u: not a text file (a NUL byte)", path,
			 line_of(buf, (size_t)(p - buf)));
		goto out;
	}
	/* the only way libconfig would read another file: refuse it */
	for (p = buf; p; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		p += strspn(p, " \t");
		if (strncmp(p, "@include", 8) == 0) {
			snprintf(err, errsz, "%s:%u: @include is not supported", path,
				 line_of(buf, (size_t)(p - buf)));
			goto out;
		}
	}
	config_init(c);
	if (config_read_string(c, buf) != CONFIG_TRUE) {
		int line = config_error_line(c);
		const char *text = config_error_text(c);
		const char *hint = "";
		if (!text)
			text = "syntax error";
		if (strcmp(text, "syntax error") == 0)
			hint = " (libconfig: name = value; strings in \"\", lists in [ ])";
		if (line > 0)
			snprintf(err, errsz, "%s:%d: %s%s", path, line, text, hint);
		else
			snprintf(err, errsz, "%s: %s%s", path, text, hint);
		config_destroy(c);
		goto out;
	}
	r = 0;
out:
	free(buf);
	close(fd);
	return r;
}

/* The value of setting S as it is written in its file ("1e300", "2G"):
 * libconfig keeps only the parsed number, and a number too long for 64 bits
 * comes back as -1, which an error message must not quote as the user's.
 * False when the file or the line cannot be read back. */
bool ui_libconfig_typed_value(const config_setting_t *s, const char *path, char *buf,
			size_t len)
{
	/* ui_libconfig_read parses a string: libconfig knows no file name */
	const char *file = path, *name = config_setting_name(s);
	unsigned line = config_setting_source_line(s), n = 0;
	char text[1024], *p = NULL;
	size_t k;
	FILE *f;

	if (!file || !line || !name || !(f = fopen(file, "r")))
		return false;
	while (n < line && fgets(text, sizeof(text), f))
		n++;
	fclose(f);
	if (n == line)
		p = strstr(text, name);
	if (!p)
		return false;
	p += strlen(name);
	p += strspn(p, " \t");
	if (*p != '=' && *p != ':')
		return false;
	p++;
	p += strspn(p, " \t");
	k = strcspn(p, " \t;,\r\n");
	if (!k || k >= len)
		return false;
	memcpy(buf, p, k);
	buf[k] = '\0';
	return true;
}

int ui_config_dir(char *buf, size_t n)
{
	const char *x = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	struct passwd *pw;
	int r;

	if (x && x[0] == '/')
		r = snprintf(buf, n, "%s/hvtop", x);
	else {
		if (!home || !*home) {
			pw = getpwuid(getuid());
			home = pw ? pw->pw_dir : NULL;
		}
		if (!home || !*home)
			return -1;
		r = snprintf(buf, n, "%s/.config/hvtop", home);
	}
	return r < 0 || (size_t)r >= n ? -1 : 0;
}

int ui_config_path(char *buf, size_t n)
{
	size_t len;
	if (ui_config_dir(buf, n) < 0)
		return -1;
	len = strlen(buf);
	if (len + sizeof("/hvtop.conf") > n)
		return -1;
	memcpy(buf + len, "/hvtop.conf", sizeof("/hvtop.conf"));
	return 0;
}
