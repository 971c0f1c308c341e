#include <config.h>
#include "ui/theme.h"
#include "backend/model.h"

#include <stdlib.h>
#include <string.h>

/* The one table of slots: name in theme files, default colours and
 * attributes (the "default" theme), and the mono rendering. */
struct th_slot_def {
	enum th_slot id;
	const char *name;
	short fg, bg;
	attr_t attr;
	attr_t mono;
};

static const struct th_slot_def slots[TH_COUNT] = {
	{ TH_NORMAL,    "normal",     -1,            -1,          A_NORMAL, A_NORMAL },
	{ TH_HEADER,    "header",     COLOR_CYAN,    -1,          A_NORMAL, A_NORMAL },
	{ TH_COLHEAD,   "column-head", COLOR_BLACK,  COLOR_GREEN, A_NORMAL, A_REVERSE },
	{ TH_SELECTION, "selection",  COLOR_BLACK,   COLOR_CYAN,  A_NORMAL, A_REVERSE | A_BOLD },
	{ TH_RUNNING,   "running",    COLOR_GREEN,   -1,          A_NORMAL, A_NORMAL },
	{ TH_PAUSED,    "paused",     COLOR_YELLOW,  -1,          A_NORMAL, A_BOLD },
	{ TH_SHUTOFF,   "shutoff",    -1,            -1,          A_DIM,    A_DIM },
	{ TH_CRASHED,   "crashed",    COLOR_RED,     -1,          A_BOLD,   A_BOLD },
	{ TH_OTHER,     "other-state", COLOR_MAGENTA, -1,         A_NORMAL, A_NORMAL },
	{ TH_STATUS,    "status",     -1,            -1,          A_BOLD,   A_BOLD },
	{ TH_WARNING,   "warning",    COLOR_YELLOW,  -1,          A_BOLD,   A_BOLD },
	{ TH_ERROR,     "error",      COLOR_WHITE,   COLOR_RED,   A_BOLD,   A_REVERSE | A_BOLD },
	{ TH_DIM,       "dim",        -1,            -1,          A_DIM,    A_DIM },
	{ TH_GRAPH_LOW, "graph-low",  COLOR_GREEN,   -1,          A_NORMAL, A_NORMAL },
	{ TH_GRAPH_MID, "graph-mid",  COLOR_YELLOW,  -1,          A_NORMAL, A_NORMAL },
	{ TH_GRAPH_HIGH, "graph-high", COLOR_RED,    -1,          A_BOLD,   A_BOLD },
	{ TH_VM0,       "vm0",        COLOR_RED,     -1,          A_BOLD,   A_BOLD },
	{ TH_VM1,       "vm1",        COLOR_GREEN,   -1,          A_BOLD,   A_NORMAL },
	{ TH_VM2,       "vm2",        COLOR_YELLOW,  -1,          A_BOLD,   A_UNDERLINE },
	{ TH_VM3,       "vm3",        COLOR_BLUE,    -1,          A_BOLD,   A_REVERSE },
	{ TH_VM4,       "vm4",        COLOR_MAGENTA, -1,          A_BOLD,   A_BOLD | A_UNDERLINE },
	{ TH_VM5,       "vm5",        COLOR_CYAN,    -1,          A_BOLD,   A_DIM },
	{ TH_VM6,       "vm6",        COLOR_WHITE,   -1,          A_BOLD,   A_NORMAL },
	{ TH_VM7,       "vm7",        COLOR_RED,     -1,          A_NORMAL, A_UNDERLINE },
};

static attr_t attrs[TH_COUNT];
static const char *current = "default";

int th_init(const char *name)
{
	bool mono = (name && strcmp(name, "mono") == 0) ||
		    getenv("NO_COLOR") != NULL || !has_colors();
	int i;

	if (name && strcmp(name, "default") != 0 && strcmp(name, "mono") != 0)
		return -1;
	if (!mono && start_color() == ERR)
		mono = true;
	if (!mono)
		use_default_colors();
	for (i = 0; i < TH_COUNT; i++) {
		if (mono || COLOR_PAIRS <= i + 1) {
			attrs[i] = slots[i].mono;
			continue;
		}
		init_pair((short)(i + 1), slots[i].fg, slots[i].bg);
		attrs[i] = COLOR_PAIR(i + 1) | slots[i].attr;
	}
	current = mono ? "mono" : "default";
	return 0;
}

attr_t th_attr(enum th_slot s)
{
	return s < TH_COUNT ? attrs[s] : A_NORMAL;
}

enum th_slot th_state_slot(int st)
{
	switch (st) {
	case BE_ST_RUNNING: return TH_RUNNING;
	case BE_ST_PAUSED: case BE_ST_PMSUSPENDED: return TH_PAUSED;
	case BE_ST_SHUTOFF: return TH_SHUTOFF;
	case BE_ST_CRASHED: return TH_CRASHED;
	default: return TH_OTHER;
	}
}

const char *th_current(void)
{
	return current;
}
