/* Widgets that take the keyboard for a while: a one-line prompt (filter,
 * delay, y/n confirmations) and a menu.  One at a time, owned by the app. */
#ifndef HVTOP_INPUT_H
#define HVTOP_INPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <curses.h>

struct app;

/* returned by ui_input_key */
#define UI_UNHANDLED 0
#define UI_HANDLED   1

/* done(text) on Enter; text NULL on Esc.  changed(text) after each edit
 * (may be NULL), for live filtering. */
void ui_prompt_open(struct app *a, const char *label, const char *initial,
		    void (*done)(struct app *, const char *),
		    void (*changed)(struct app *, const char *));
/* The y/n question, for ui_action_run (ui/actions.c) only: every
 * confirmation goes through that one.  done(ctx, answer): answer 'y', or
 * extra_key (when not 0: a third answer, described by extra), or 0 on n
 * or Esc.  ctx (malloc'd, may be NULL) is freed after done or when the
 * dialog is closed otherwise. */
void ui_confirm_open(struct app *a, const char *question, int extra_key,
		     const char *extra,
		     void (*done)(struct app *, void *ctx, int answer), void *ctx);
/* A list to pick from.  done(index) on Enter (index -1 on Esc).  With
 * stay_open, Enter/Space call done and keep the menu (toggle lists);
 * check(i), if given, shows a [x] box per item. */
void ui_menu_open(struct app *a, const char *title, const char *const *items,
		  size_t n, size_t sel, bool stay_open,
		  void (*done)(struct app *, int index),
		  bool (*check)(const struct app *, int index));

/* A widget of its own that takes the keyboard through this slot (a form,
 * ui/form.c): key returns UI_HANDLED or UI_UNHANDLED, draw draws it, and
 * free is called with it when the slot closes.  The slot knows no widget
 * by name, so a new one is a file of its own. */
struct ui_widget_ops {
	int (*key)(struct app *a, void *w, int key);
	void (*draw)(struct app *a, WINDOW *win, void *w);
	void (*free)(void *w);
};
void ui_input_open_widget(struct app *a, const struct ui_widget_ops *ops,
			  void *w);
/* Closes the slot without freeing its widget (the widget's own key
 * handler, before it runs what may open the next dialog in the slot). */
void ui_input_release(struct app *a);

int ui_input_key(struct app *a, int key); /* UI_HANDLED or UI_UNHANDLED */
/* One key's edit of the text s (a buffer of sz bytes, UTF-8): backspace,
 * ^U (clear) or a character added; false if key is none of them. */
bool ui_line_edit(char *s, size_t sz, int key);
void ui_input_draw(struct app *a, WINDOW *w);
void ui_input_close(struct app *a);

#endif
