/* The loaders read files: each fuzz input is written to one temporary file
 * per process, reused for every input. */
#ifndef HVTOP_FUZZ_INPUT_FILE_H
#define HVTOP_FUZZ_INPUT_FILE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* path: a buffer that starts empty and names the file once made */
static inline const char *fuzz_input_file(char *path, size_t n,
					  const char *tag,
					  const uint8_t *data, size_t size)
{
	FILE *f;
	if (!path[0]) {
		int fd;
		snprintf(path, n, "/tmp/hvtop-fuzz-%s-XXXXXX", tag);
		fd = mkstemp(path);
		if (fd < 0)
			abort();
		close(fd);
	}
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	return path;
}

#endif
