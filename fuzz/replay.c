/* The fuzz targets without libFuzzer, for make check: runs
 * LLVMFuzzerTestOneInput once on every file named (a directory: on every
 * file in it), so that each input a fuzzer once crashed on stays a test. */
#include <config.h>

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t n = 0, cap = 0, r;
	if (!f) {
		fprintf(stderr, "replay: cannot open %s\n", path);
		return -1;
	}
	do {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			buf = realloc(buf, cap);
			if (!buf)
				abort();
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
	} while (r > 0);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

int main(int argc, char **argv)
{
	int i, done = 0;
	for (i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			struct dirent **e;
			int k, m = scandir(argv[i], &e, NULL, alphasort);
			for (k = 0; k < m; k++) {
				char p[4096];
				if (e[k]->d_name[0] != '.') {
					snprintf(p, sizeof(p), "%s/%s", argv[i], e[k]->d_name);
					if (run_file(p) < 0)
						return 1;
					done++;
				}
				free(e[k]);
			}
			free(e);
		} else if (run_file(argv[i]) < 0) {
			return 1;
		} else {
			done++;
		}
	}
	printf("replay: %d inputs, no crash\n", done);
	return done > 0 ? 0 : 1;
}
