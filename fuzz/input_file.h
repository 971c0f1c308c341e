/* The loaders read files: each fuzz input is written to one temporary file
 * per process, reused for every input. */
#ifndef HVTOP_FUZZ_INPUT_FILE_H
#define HVTOP_FUZZ_INPUT_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char fuzz_input_made[4096];

static void fuzz_input_remove(void)
{
	if (fuzz_input_made[0])
		unlink(fuzz_input_made);
}

/* path: a buffer that starts empty and names the file once made (in
 * $TMPDIR, which fuzz/run.sh points at its own folder; removed at exit) */
static inline const char *fuzz_input_file(char *path, size_t n,
					  const char *tag,
					  const uint8_t *data, size_t size)
{
	FILE *f;
	if (!path[0]) {
		const char *dir = getenv("TMPDIR");
		int fd;
		snprintf(path, n, "%s/hvtop-fuzz-%s-XXXXXX", dir && *dir ? dir : "/tmp",
			 tag);
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
		snprintf(fuzz_input_made, sizeof(fuzz_input_made), "%s", path);
		atexit(fuzz_input_remove);
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	return path;
}

#endif
