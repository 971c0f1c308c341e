#include <config.h>
#include "views/graph.h"

#include <string.h>

char *ui_sparkline(char *out, size_t outsz, const double *v, size_t nv,
		   int width, double max, bool ascii)
{
	static const char *const blocks[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char lows[] = "_.-=+*#@";
	size_t o = 0, first, i;
	int pad;
	if (!outsz)
		return out;
	if (width < 0)
		width = 0;
	first = nv > (size_t)width ? nv - (size_t)width : 0;
	if (max <= 0)
		for (i = first; i < nv; i++)
			if (v[i] > max)
				max = v[i];
	/* right-align: the newest point is always at the right edge */
	for (pad = width - (int)(nv - first); pad > 0 && o + 1 < outsz; pad--)
		out[o++] = ' ';
	for (i = first; i < nv; i++) {
		const char *cell;
		char one[2] = { 0, 0 };
		int level;
		if (v[i] < 0) {
			cell = " ";
		} else {
			level = max > 0 ? (int)(v[i] / max * 7.999) : 0;
			if (level > 7)
				level = 7;
			if (level < 0)
				level = 0;
			if (ascii) {
				one[0] = lows[level];
				cell = one;
			} else {
				cell = blocks[level];
			}
		}
		if (o + strlen(cell) + 1 > outsz)
			break;
		memcpy(out + o, cell, strlen(cell));
		o += strlen(cell);
	}
	out[o] = '\0';
	return out;
}
