/* The drawing toolkit's colours, by meaning: views draw with th_attr(slot)
 * and never name a colour.  Which colours a slot has is the theme's
 * business (ui/theme.h loads theme files and fills the table here). */
#ifndef HVTOP_VIEWS_ATTR_H
#define HVTOP_VIEWS_ATTR_H

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
	TH_IDLE,        /* time-slice view: a physical CPU running no vCPU */
	TH_HOST_SEEN,   /* detail view: numbers the hypervisor measures */
	TH_GUEST_REPORTED, /* detail view: numbers the guest reports */
	TH_BAR,         /* progress bars (jobs) */
	TH_COUNT
};
#define TH_NVM 8 /* TH_VM0 .. TH_VM7: one colour per VM, cycled */

attr_t th_attr(enum th_slot slot);
/* Set by the theme when it is applied (ui/theme.c). */
void th_set_attr(enum th_slot slot, attr_t attr);
enum th_slot th_state_slot(int state);
/* the VM colour for the i-th VM (cycles over TH_NVM slots) */
enum th_slot th_vm_slot(unsigned i);

#endif
