/* libFuzzer: the config loader and key bindings on arbitrary files. */
#include <config.h>
#include "fuzz/input_file.h"
#include "ui/settings.h"
#include "ui/keymap.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void quiet(const char *msg)
{
	(void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ui_config cfg;
	struct ui_keymap *m;
	char err[1024];

	fuzz_input_file(path, sizeof(path), "config", data, size);
	if (ui_config_load(path, &cfg, false, err, sizeof(err), quiet) == 0) {
		m = ui_keymap_new();
		/* load checked the bindings: applying them must not fail */
		if (ui_keymap_apply(m, cfg.binds, cfg.nbinds, cfg.file, err, sizeof(err)) < 0)
			abort();
		ui_keymap_free(m);
	}
	ui_config_free(&cfg);
	return 0;
}
