/* One integer per key everywhere (keymap, scripts, views): a character is
 * its Unicode code point; a curses function key (KEY_UP, KEY_F(1), ...)
 * is UI_FN(code), which no code point can collide with. */
#ifndef HVTOP_KEYS_H
#define HVTOP_KEYS_H

#include <curses.h>

#define UI_FN_BASE 0x200000
#define UI_FN(k) (UI_FN_BASE + (k))
#define UI_IS_FN(k) ((k) >= UI_FN_BASE)

#define UI_KEY_ENTER '\n'
#define UI_KEY_ESC 27
#define UI_KEY_TAB '\t'
#define UI_CTRL(c) ((c) & 0x1f)

#endif
