#include <config.h>
#include "views/attr.h"
#include "backend/model.h"

/* The terminal's one table of slot attributes, as ncurses keeps its one
 * table of colour pairs: set when a theme is applied, read by every
 * view.  All zero (A_NORMAL) before the first theme. */
static attr_t attrs[TH_COUNT];

attr_t th_attr(enum th_slot s)
{
	return (unsigned)s < TH_COUNT ? attrs[s] : A_NORMAL;
}

void th_set_attr(enum th_slot s, attr_t attr)
{
	if ((unsigned)s < TH_COUNT)
		attrs[s] = attr;
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

enum th_slot th_vm_slot(unsigned i)
{
	return (enum th_slot)(TH_VM0 + i % TH_NVM);
}
