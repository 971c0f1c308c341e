/* Widgets that take the keyboard for a while: a one-line prompt (filter,
 * delay, y/n confirmations) and a menu.  One at a time, owned by the app. */
#ifndef HVTOP_INPUT_H
#define HVTOP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

struct app;

/* done(text) on Enter; text NULL on Esc.  changed(text) after each edit
 * (may be NULL), for live filtering. */
void ui_prompt_open(struct app *a, const char *label, const char *initial,
		    void (*done)(struct app *, const char *),
		    void (*changed)(struct app *, const char *));
/* done(true) on y, done(false) on n or Esc. */
void ui_confirm_open(struct app *a, const char *question,
		     void (*done)(struct app *, bool yes));
/* A list to pick from.  done(index) on Enter (index -1 on Esc).  With
 * stay_open, Enter/Space call done and keep the menu (toggle lists);
 * check(i), if given, shows a [x] box per item. */
void ui_menu_open(struct app *a, const char *title, const char *const *items,
		  size_t n, size_t sel, bool stay_open,
		  void (*done)(struct app *, int index),
		  bool (*check)(const struct app *, int index));

/* A form (ui/form.h) takes the keyboard; freed when it closes. */
struct ui_form;
void ui_input_open_form(struct app *a, struct ui_form *f);

int ui_input_key(struct app *a, int key); /* UI_HANDLED or UI_UNHANDLED */
/* One key's edit of the text s (a buffer of sz bytes, UTF-8): backspace,
 * ^U (clear) or a character added; false if key is none of them. */
bool ui_line_edit(char *s, size_t sz, int key);
void ui_input_draw(struct app *a, WINDOW *w);
void ui_input_close(struct app *a);

#endif
