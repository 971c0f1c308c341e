/* The full-screen main loop (ui/loop.c). */
#ifndef HVTOP_UI_LOOP_H
#define HVTOP_UI_LOOP_H

struct app;

/* handles one key (typed or scripted) */
void ui_key(struct app *a, int key);
/* full-screen loop; returns the exit status */
int ui_run(struct app *a);

#endif
