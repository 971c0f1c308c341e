/* The full-screen main loop (ui/loop.c). */
#ifndef HVTOP_UI_LOOP_H
#define HVTOP_UI_LOOP_H

#include <stdbool.h>

struct app;

/* handles one key (typed or scripted) */
void ui_key(struct app *a, int key);
/* full-screen loop; returns the exit status */
int ui_run(struct app *a);
/* Plays the key script's steps (--keys) until one must wait: <wait:MS>
 * and <sync> end at the first call after their time or refresh.  Batch
 * output calls it once a line (screen false): keys act as on the screen,
 * nothing is drawn. */
void ui_script_play(struct app *a, bool screen);

#endif
