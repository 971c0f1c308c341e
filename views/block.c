/* placeholder until the view is written */
#include "config.h"
#include "views/view.h"
#include "ui/app.h"

static void block_draw(struct app *a, WINDOW *w, int y0, int h)
{
	(void)a; (void)w; (void)y0; (void)h;
}

const struct view view_block = {
	.name = "block",
	.title = "block",
	.key = 0,
	.needs = 0,
	.draw = block_draw,
};
