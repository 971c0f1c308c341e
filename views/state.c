/* The app state's read side (views/state.h): lookups the views and the
 * rest of the app share. */
#include <config.h>
#include "views/state.h"
#include "common/format.h"

#include <string.h>

const struct be_sample *ui_host_of(const struct app *a, const struct be_domain *d)
{
	return ui_host_sample(a, d->host);
}

const struct be_domain *ui_selected(const struct app *a)
{
	return a->sel < a->nrows ? a->rows[a->sel] : NULL;
}

const struct be_domain *ui_find_domain(const struct app *a, unsigned host,
				       const char *uuid)
{
	const struct ui_host *h = ui_host_by_id(a, host);
	const struct be_sample *s = h ? h->src.sample : NULL;
	/* a host that does not answer: its last numbers are not live */
	return s && !h->silent ? be_sample_find(s, uuid) : NULL;
}

int ui_body_lines(const struct app *a)
{
	return a->lines - HEADER_LINES - 1;
}

void ui_draw_text(struct app *a, WINDOW *w, int y, int x, int width,
		  const char *s, bool right)
{
	char buf[4096];
	if (width <= 0 || y < 0 || y >= a->lines)
		return;
	if (x + width > a->cols)
		width = a->cols - x;
	if (width <= 0)
		return;
	mvwaddstr(w, y, x, fmt_fit(buf, sizeof(buf), s, width, right, a->ascii));
}

struct ui_host *ui_host_by_id(const struct app *a, unsigned id)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++)
		if (a->hosts[i]->id == id)
			return a->hosts[i];
	return NULL;
}

const struct be_sample *ui_host_sample(const struct app *a, unsigned id)
{
	const struct ui_host *h = ui_host_by_id(a, id);
	return h ? h->src.sample : NULL;
}

bool ui_host_readonly(const struct app *a, unsigned id)
{
	const struct ui_host *h = ui_host_by_id(a, id);
	return a->readonly || !h || h->readonly;
}

const char *ui_domain_migrating(const struct app *a, const struct be_domain *d)
{
	const struct ui_mgmt *m = a->mgmt;
	size_t i;
	if (!m || !m->nmigrating)
		return NULL;
	for (i = 0; i < m->nmigrating; i++)
		if (strcmp(m->migrating[i].uuid, d->uuid) == 0) {
			if (m->migrating[i].src == d->host)
				return "out";
			/* the destination's copy, paused until the switch-over */
			if (m->migrating[i].dest == d->host)
				return "in";
		}
	return NULL;
}

int ui_domain_busy_state(const struct app *a, const struct be_domain *d)
{
	const struct ui_mgmt *m = a->mgmt;
	size_t i;
	if (!m || !m->nshutting)
		return -1;
	for (i = 0; i < m->nshutting; i++)
		if (m->shutting[i].host == d->host &&
		    strcmp(m->shutting[i].uuid, d->uuid) == 0)
			return d->state == BE_ST_SHUTOFF ? -1 : BE_ST_SHUTDOWN;
	return -1;
}
