/* libFuzzer: the create, balloon and snapshot form validators on arbitrary
 * field text.  The input is split at NUL bytes into the fields' texts; a
 * value a validator accepts must lie within the range it promises. */
#include <config.h>
#include "ui/validate.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define HOST_CPUS 8u
#define HOST_KIB (16ull * 1024 * 1024)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const existing[] = { "vm1", "web" };
	char err[512];
	char *text = malloc(size + 1);
	const char *f[8];
	size_t nf = 0, i;
	unsigned vcpus;
	uint64_t kib, bytes;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	f[nf++] = text;
	for (i = 0; i < size && nf < 8; i++)
		if (text[i] == '\0')
			f[nf++] = text + i + 1;
	while (nf < 8)
		f[nf++] = "";

	if (ui_valid_name(f[0], existing, 2, "domain", err, sizeof(err)) == 0 &&
	    (strlen(f[0]) == 0 || strlen(f[0]) > 64 || strcmp(f[0], "vm1") == 0))
		abort();
	if (ui_valid_vcpus(f[1], HOST_CPUS, &vcpus, err, sizeof(err)) == 0 &&
	    (vcpus < 1 || vcpus > HOST_CPUS))
		abort();
	if (ui_valid_mem(f[2], HOST_KIB, &kib, err, sizeof(err)) == 0 &&
	    (kib < UI_MEM_MIN_KIB || kib > HOST_KIB))
		abort();
	if (ui_valid_disk_size(f[3], &bytes, err, sizeof(err)) == 0 &&
	    (bytes < (1ull << 20) || bytes > (64ull << 40)))
		abort();
	(void)ui_valid_path(f[4], false, false, err, sizeof(err));
	(void)ui_valid_path(f[5], true, true, err, sizeof(err));
	(void)ui_valid_image_dir(f[6], false, err, sizeof(err));
	if (ui_valid_balloon(f[7], 4ull << 20, 1ull << 20, &kib, err,
			     sizeof(err)) == 0 &&
	    (kib > (4ull << 20) || kib < (1ull << 20)))
		abort();
	free(text);
	return 0;
}
