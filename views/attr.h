/* The drawing toolkit's colours, by meaning: views draw with th_attr(slot)
 * and never name a colour.  Which colours a slot has is the theme's
 * business (ui/theme.h loads theme files and fills the table here). */
#ifndef HVTOP_VIEWS_ATTR_H
#define HVTOP_VIEWS_ATTR_H

#include <curses.h>

#include "views/slots.h"

attr_t th_attr(enum th_slot slot);
/* Set by the theme when it is applied (ui/theme.c). */
void th_set_attr(enum th_slot slot, attr_t attr);
enum th_slot th_state_slot(int state);
/* the VM colour for the i-th VM (cycles over TH_NVM slots) */
enum th_slot th_vm_slot(unsigned i);

#endif
