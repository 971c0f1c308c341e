/* Colours by meaning.  One table in theme.c holds each slot's name (as used
 * in theme files) and default. */
#ifndef HVTOP_THEME_H
#define HVTOP_THEME_H

#include <curses.h>

enum th_slot {
	TH_NORMAL,
	TH_HEADER,      /* the summary lines on top */
	TH_COLHEAD,     /* column titles */
	TH_SELECTION,   /* the selected row */
	TH_RUNNING,
	TH_PAUSED,
	TH_SHUTOFF,     /* inactive domains */
	TH_CRASHED,
	TH_OTHER,       /* other domain states */
	TH_STATUS,      /* the status line */
	TH_WARNING,
	TH_ERROR,
	TH_DIM,         /* not live: disconnected, unknown */
	TH_GRAPH_LOW,
	TH_GRAPH_MID,
	TH_GRAPH_HIGH,
	TH_VM0, TH_VM1, TH_VM2, TH_VM3, TH_VM4, TH_VM5, TH_VM6, TH_VM7,
	TH_COUNT
};

/* After initscr: sets up colour pairs for the named theme (or mono when
 * colours are unavailable or NO_COLOR is set).  -1 if the theme is unknown. */
int th_init(const char *name);
attr_t th_attr(enum th_slot slot);
enum th_slot th_state_slot(int state);
const char *th_current(void);

#endif
