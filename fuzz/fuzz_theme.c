/* libFuzzer: the theme-file parser on arbitrary files.  It links only the
 * parser (ui/theme_file.c), the libconfig reader (ui/config.c) and
 * common/util.c: no curses, no libvirt. */
#include <config.h>
#include "fuzz/input_file.h"
#include "ui/theme_file.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];
static struct th_theme theme; /* large: not on the stack */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];

	fuzz_input_file(path, sizeof(path), "theme", data, size);
	(void)th_theme_load(path, &theme, err, sizeof(err));
	return 0;
}
