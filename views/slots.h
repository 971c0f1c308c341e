/* The colour slots, by meaning: what views draw with (views/attr.h) and
 * theme files colour (ui/theme_file.h).  No curses here, so the theme
 * parser and its fuzzer can use it alone. */
#ifndef HVTOP_VIEWS_SLOTS_H
#define HVTOP_VIEWS_SLOTS_H

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
	TH_IDLE,        /* time-slice view: a physical CPU running no vCPU */
	TH_HOST_SEEN,   /* detail view: numbers the hypervisor measures */
	TH_GUEST_REPORTED, /* detail view: numbers the guest reports */
	TH_BAR,         /* progress bars (jobs) */
	TH_COUNT
};
#define TH_NVM 8 /* TH_VM0 .. TH_VM7: one colour per VM, cycled */

#endif
