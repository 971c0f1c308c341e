/* placeholder until the view is written */
#include "config.h"
#include "views/view.h"
#include "ui/app.h"

static void detail_draw(struct app *a, WINDOW *w, int y0, int h)
{
	(void)a; (void)w; (void)y0; (void)h;
}

const struct view view_detail = {
	.name = "detail",
	.title = "detail",
	.key = 0,
	.needs = 0,
	.draw = detail_draw,
};
