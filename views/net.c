/* placeholder until the view is written */
#include "config.h"
#include "views/view.h"
#include "ui/app.h"

static void net_draw(struct app *a, WINDOW *w, int y0, int h)
{
	(void)a; (void)w; (void)y0; (void)h;
}

const struct view view_net = {
	.name = "net",
	.title = "net",
	.key = 0,
	.needs = 0,
	.draw = net_draw,
};
