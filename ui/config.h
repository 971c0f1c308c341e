/* The libconfig reader that the settings and the themes share, and where
 * their files live.  Plain C and libconfig: no curses, no libvirt. */
#ifndef HVTOP_CONFIG_H
#define HVTOP_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <libconfig.h>

/* $XDG_CONFIG_HOME/hvtop (~/.config/hvtop when unset): -1 if neither
 * $XDG_CONFIG_HOME nor $HOME is usable or buf is too small. */
int ui_config_dir(char *buf, size_t n);
/* ui_config_dir() + "/hvtop.conf" */
int ui_config_path(char *buf, size_t n);

/* Reads a libconfig file for settings.c and theme.c: refuses binary files,
 * files over 1 MiB and @include; errors as "FILE:LINE: ...".  -1 with err
 * (c is then destroyed); 0: c is read (config_destroy it); 1: path does not
 * exist (no err, c destroyed). */
int ui_libconfig_read(config_t *c, const char *path, char *err, size_t errsz);
/* err = "FILE:LINE: " (where setting s is) + the formatted message */
void ui_libconfig_err(char *err, size_t errsz, const config_setting_t *s,
		      const char *path, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* The value of setting s as it is written in its file ("1e300", "2G"):
 * libconfig keeps only the parsed number, and a number too long for 64 bits
 * comes back as -1, which an error message must not quote as the user's.
 * False when the file or the line cannot be read back. */
bool ui_libconfig_typed_value(const config_setting_t *s, const char *path,
			      char *buf, size_t len);

#endif
