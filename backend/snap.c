#include <config.h>
#include "backend/model.h"

#include <stdlib.h>
#include <string.h>

void be_snap_ref(struct be_snap *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_SEQ_CST);
}

static void domain_free(struct be_domain *d)
{
	size_t i;
	free(d->name);
	for (i = 0; i < d->niface; i++)
		free(d->ifaces[i].name);
	for (i = 0; i < d->ndisk; i++) {
		free(d->disks[i].name);
		free(d->disks[i].path);
	}
	free(d->ifaces);
	free(d->disks);
}

void be_snap_unref(struct be_snap *s)
{
	size_t i;
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	for (i = 0; i < s->ndomains; i++)
		domain_free(&s->domains[i]);
	free(s->domains);
	free(s->uri);
	free(s->hostname);
	free(s->error);
	free(s);
}

static int by_uuid(const void *key, const void *elt)
{
	return strcmp(key, ((const struct be_domain *)elt)->uuid);
}

const struct be_domain *be_snap_find(const struct be_snap *s, const char *uuid)
{
	if (!s || !s->ndomains)
		return NULL;
	return bsearch(uuid, s->domains, s->ndomains, sizeof(*s->domains), by_uuid);
}

static const char *const state_names[BE_ST_COUNT] = {
	"no state", "running", "blocked", "paused",
	"shutdown", "shutoff", "crashed", "pmsuspended",
};

const char *be_state_name(int st)
{
	return st >= 0 && st < BE_ST_COUNT ? state_names[st] : "unknown";
}

/* virt-top's letters, so its users read the S column unchanged */
char be_state_letter(int st)
{
	static const char l[BE_ST_COUNT] = { '?', 'R', 'S', 'P', 'D', 'O', 'X', 'M' };
	return st >= 0 && st < BE_ST_COUNT ? l[st] : '?';
}

bool be_state_active(int st)
{
	return st != BE_ST_SHUTOFF && st != BE_ST_NOSTATE && st != BE_ST_CRASHED;
}
