/* libFuzzer: the theme loader on arbitrary files. */
#include <config.h>
#include "fuzz/input_file.h"
#include "ui/theme.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[1024];

	fuzz_input_file(path, sizeof(path), "theme", data, size);
	(void)th_load(path, err, sizeof(err));
	return 0;
}
