#include <config.h>
#include "views/view.h"
#include "views/state.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Every view, once: adding a view means adding it here, nothing else. */
const struct view *const ui_views[] = {
	&view_domains, &view_slices, &view_net, &view_block, &view_snapshots,
	&view_jobs, &view_hosts,
	&view_detail, &view_help, &view_log, NULL,
};

const struct view *ui_view_by_key(int key)
{
	size_t i;
	for (i = 0; ui_views[i]; i++)
		if (ui_views[i]->key && ui_views[i]->key == key)
			return ui_views[i];
	return NULL;
}

const struct view *ui_view_by_name(const char *name)
{
	size_t i;
	for (i = 0; ui_views[i]; i++)
		if (strcmp(ui_views[i]->name, name) == 0)
			return ui_views[i];
	return NULL;
}

void view_target_domain(struct view_target *t, const struct be_domain *d)
{
	t->kinds |= VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN);
	t->host = d->host;
	snprintf(t->uuid, sizeof(t->uuid), "%s", d->uuid);
	snprintf(t->name, sizeof(t->name), "%s", d->name);
}

void view_select_domain(const struct app *a, struct view_target *t)
{
	const struct be_domain *d = ui_selected(a);
	if (d)
		view_target_domain(t, d);
}
