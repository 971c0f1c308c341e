/* libFuzzer: the key-script parser (--keys, --keys-file) on arbitrary
 * text.  A script it accepts must name every key it holds back: each key
 * step gets a name from ui_key_name, and parsing that name again gives the
 * same key. */
#include <config.h>
#include "ui/script.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], name[64];
	char *text = malloc(size + 1);
	struct ui_script *s;
	size_t i;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	s = ui_script_parse(text, err, sizeof(err));
	for (i = 0; s && i < s->n; i++) {
		struct ui_script *again;
		if (s->steps[i].op != UI_SCRIPT_KEY)
			continue;
		ui_key_name(s->steps[i].key, name, sizeof(name));
		again = ui_script_parse(name, err, sizeof(err));
		if (!again || again->n != 1 || again->steps[0].key != s->steps[i].key)
			abort();
		ui_script_free(again);
	}
	ui_script_free(s);
	free(text);
	return 0;
}
