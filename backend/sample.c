#include <config.h>
#include "backend/model.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void be_sample_ref(struct be_sample *s)
{
	__atomic_add_fetch(&s->refs, 1, __ATOMIC_SEQ_CST);
}

void be_domain_clear(struct be_domain *d)
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
	for (i = 0; i < d->nvcpu; i++)
		free(d->vcpu[i].affinity);
	free(d->vcpu);
	be_sched_clear(&d->sched);
}

/* libvirt's "no limit" for a CFS quota: VIR_CGROUP_CPU_QUOTA_MAX */
#define QUOTA_MAX 17592186044415LL

double be_sched_cap_pct(const struct be_sched *s)
{
	if (!(s->have & BE_SCHED_CAP) || s->quota_us <= 0 ||
	    s->quota_us >= QUOTA_MAX || !s->period_us)
		return -1;
	return 100.0 * (double)s->quota_us / (double)s->period_us;
}

static unsigned char *dup_map(const unsigned char *m, size_t len)
{
	unsigned char *c;
	if (!m || !len)
		return NULL;
	c = xmalloc(len);
	memcpy(c, m, len);
	return c;
}

void be_sched_copy(struct be_sched *dst, const struct be_sched *src)
{
	*dst = *src;
	dst->pin = dup_map(src->pin, src->pin_len);
	dst->emu = dup_map(src->emu, src->emu_len);
	if (!dst->pin) {
		dst->pin_len = 0;
		dst->have &= ~BE_SCHED_PIN;
	}
	if (!dst->emu) {
		dst->emu_len = 0;
		dst->have &= ~BE_SCHED_EMU;
	}
}

void be_sched_clear(struct be_sched *s)
{
	free(s->pin);
	free(s->emu);
	memset(s, 0, sizeof(*s));
}

void be_sample_unref(struct be_sample *s)
{
	size_t i;
	if (!s || __atomic_sub_fetch(&s->refs, 1, __ATOMIC_SEQ_CST) > 0)
		return;
	for (i = 0; i < s->ndomains; i++)
		be_domain_clear(&s->domains[i]);
	free(s->domains);
	free(s->uri);
	free(s->hostname);
	free(s->error);
	free(s);
}

static bool map_bit(const unsigned char *map, size_t len, size_t c)
{
	return c / 8 < len && (map[c / 8] >> (c % 8)) & 1;
}

size_t be_cpumap_format(char *buf, size_t n, const unsigned char *map,
			size_t len)
{
	size_t c = 0, out = 0;
	int w;

	if (n)
		buf[0] = '\0';
	while (c < len * 8) {
		size_t first;
		if (!map_bit(map, len, c)) {
			c++;
			continue;
		}
		first = c;
		while (map_bit(map, len, c + 1))
			c++;
		w = first == c ?
			snprintf(out < n ? buf + out : NULL, out < n ? n - out : 0,
				 "%s%zu", out ? "," : "", first) :
			snprintf(out < n ? buf + out : NULL, out < n ? n - out : 0,
				 "%s%zu-%zu", out ? "," : "", first, c);
		out += (size_t)w;
		c++;
	}
	return out;
}

static int by_uuid(const void *key, const void *elt)
{
	return strcmp(key, ((const struct be_domain *)elt)->uuid);
}

const struct be_domain *be_sample_find(const struct be_sample *s, const char *uuid)
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
