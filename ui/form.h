/* A multi-field dialog: text fields checked where they are typed, choices,
 * check boxes and read-only lines.  Tab/Shift-Tab/arrows move between
 * fields, Left/Right/Space change a choice or box, Enter submits, Esc
 * cancels.  A field that fails its check shows the reason beside it and
 * the form stays open: nothing is submitted until every shown field
 * passes.  Opened through ui_form_open, it is the app's input widget. */
#ifndef HVTOP_FORM_H
#define HVTOP_FORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <curses.h>

struct app;
struct ui_form;

/* Checks a text field's value; false with err set to the reason. */
typedef bool (*ui_form_check_fn)(struct app *a, struct ui_form *f,
				 const char *text, char *err, size_t errsz);
/* Enter with every field valid: true closes the form; false keeps it
 * open (the submit set an error with ui_form_error). */
typedef bool (*ui_form_submit_fn)(struct app *a, struct ui_form *f);

struct ui_form *ui_form_new(const char *title, void *ctx,
			    void (*free_ctx)(void *));
void ui_form_free(struct ui_form *f);
void *ui_form_ctx(const struct ui_form *f);

/* Fields, in display order; each returns the field's index.  key names it
 * for the getters; choices are copied. */
int ui_form_add_text(struct ui_form *f, const char *key, const char *label,
		     const char *initial, ui_form_check_fn check,
		     const char *hint);
int ui_form_add_choice(struct ui_form *f, const char *key, const char *label,
		       const char *const *choices, size_t n, size_t sel);
int ui_form_add_toggle(struct ui_form *f, const char *key, const char *label,
		       bool on);
int ui_form_add_info(struct ui_form *f, const char *key, const char *label,
		     const char *text);
/* The field is shown (and checked) only while choice field dep has one of
 * the choices in mask (bit i = choice i). */
void ui_form_show_when(struct ui_form *f, int field, int dep, unsigned mask);
/* + and - (and PgUp/PgDn) change the size in the field by step bytes;
 * unit is what a bare number means (for showing the value). */
void ui_form_set_step(struct ui_form *f, int field, uint64_t step,
		      uint64_t unit, uint64_t min, uint64_t max);
/* Figures shown beside the fields that move with each refresh (a
 * measured value): fn runs before the form is drawn after a refresh came,
 * and may change info fields' text with ui_form_set_text. */
typedef void (*ui_form_refresh_fn)(struct app *a, struct ui_form *f);
void ui_form_set_refresh(struct ui_form *f, ui_form_refresh_fn fn);
/* Stat groups (BE_NEED_*) the samplers fetch while the form is open, for
 * figures the view behind it does not need, and the domain (uuid on
 * host; NULL: none) whose per-domain-only data is fetched with them. */
void ui_form_set_needs(struct ui_form *f, unsigned needs, unsigned host,
		       const char *uuid);
/* The submit label shown in the footer ("create", "set") */
void ui_form_set_action(struct ui_form *f, const char *verb);

const char *ui_form_get(const struct ui_form *f, const char *key);
size_t ui_form_choice(const struct ui_form *f, const char *key);
bool ui_form_on(const struct ui_form *f, const char *key);
bool ui_form_shown(const struct ui_form *f, const char *key);
void ui_form_set_text(struct ui_form *f, const char *key, const char *text);
/* Marks a field bad (and focuses it); key NULL: the form as a whole. */
void ui_form_error(struct ui_form *f, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Checks every shown field; false if any failed (the first is focused). */
bool ui_form_validate(struct app *a, struct ui_form *f);

/* Hands the keyboard to the form (it is freed when closed). */
void ui_form_open(struct app *a, struct ui_form *f, ui_form_submit_fn submit);

/* the form's key handler (and tests): 0 the form goes on, 1 submitted with every field valid
 * (the form then calls ui_form_submit), 2 cancelled */
int ui_form_key(struct app *a, struct ui_form *f, int key);
bool ui_form_submit(struct app *a, struct ui_form *f);
void ui_form_draw(struct app *a, WINDOW *w, struct ui_form *f);

#endif
