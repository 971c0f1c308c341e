#include <config.h>
#include "backend/sched.h"
#include "common/format.h"
#include "common/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- pure helpers -------------------------------------------------------- */

static int cpu_num(const char **p, unsigned long *out)
{
	char *end;
	while (**p == ' ')
		(*p)++;
	if (!isdigit((unsigned char)**p))
		return -1;
	errno = 0;
	*out = strtoul(*p, &end, 10);
	if (errno || *out >= BE_CPUMAP_BYTES * 8)
		return -1;
	*p = end;
	while (**p == ' ')
		(*p)++;
	return 0;
}

int be_cpulist_parse(const char *s, unsigned ncpus, unsigned char *map,
		     size_t maplen, char *err, size_t errsz)
{
	const char *p = s;
	unsigned long a, b, c;
	memset(map, 0, maplen);
	if (!s || !*s) {
		snprintf(err, errsz, "host CPUs are needed, such as 0-1,3");
		return -1;
	}
	for (;;) {
		if (cpu_num(&p, &a) < 0)
			goto bad;
		b = a;
		if (*p == '-') {
			p++;
			if (cpu_num(&p, &b) < 0 || b < a)
				goto bad;
		}
		if (b >= ncpus || b / 8 >= maplen) {
			snprintf(err, errsz, "host CPU %lu does not exist (this host has %u: 0-%u)",
				 b, ncpus, ncpus ? ncpus - 1 : 0);
			return -1;
		}
		for (c = a; c <= b; c++)
			map[c / 8] |= (unsigned char)(1u << (c % 8));
		if (!*p)
			return 0;
		if (*p != ',')
			goto bad;
		p++;
	}
bad:
	snprintf(err, errsz, "'%s' is not a list of host CPUs such as 0-1,3", s);
	return -1;
}

int64_t be_sched_quota(double pct, uint64_t period_us)
{
	double q;
	if (pct <= 0)
		return -1;
	if (!period_us)
		period_us = BE_PERIOD_DEFAULT_US;
	q = floor(pct / 100.0 * (double)period_us + 0.5);
	return q < BE_QUOTA_MIN_US ? BE_QUOTA_MIN_US : (int64_t)q;
}

static void virsh_head(struct strbuf *b, const char *uri, const char *cmd,
		       const char *name)
{
	if (b->len)
		sb_add(b, "\n", 1);
	sb_puts(b, "virsh ");
	if (uri) {
		sb_puts(b, "-c ");
		sb_shell_word(b, uri);
		sb_add(b, " ", 1);
	}
	sb_puts(b, cmd);
	sb_add(b, " ", 1);
	sb_shell_word(b, name);
}

char *be_sched_virsh(const char *uri, const char *name,
		     const struct be_sched_req *r, bool live, unsigned vcpus,
		     uint64_t period_us)
{
	struct strbuf b = { 0 };
	const char *when = live ? " --live" : " --config";
	char list[BE_CPUMAP_BYTES * 8 * 5];
	unsigned v;

	if (r->set & (BE_SCHED_SHARES | BE_SCHED_CAP)) {
		virsh_head(&b, uri, "schedinfo", name);
		if (r->set & BE_SCHED_SHARES)
			sb_printf(&b, " --set cpu_shares=%llu",
				  (unsigned long long)r->shares);
		if (r->set & BE_SCHED_CAP)
			sb_printf(&b, " --set vcpu_quota=%lld",
				  (long long)be_sched_quota(r->cap_pct, period_us));
		sb_puts(&b, when);
	}
	if (r->set & BE_SCHED_PIN) {
		be_cpumap_format(list, sizeof(list), r->pin, sizeof(r->pin));
		for (v = 0; v < (vcpus ? vcpus : 1); v++) {
			virsh_head(&b, uri, "vcpupin", name);
			sb_printf(&b, " %u %s%s", v, list, when);
		}
	}
	if (r->set & BE_SCHED_EMU) {
		be_cpumap_format(list, sizeof(list), r->emu, sizeof(r->emu));
		virsh_head(&b, uri, "emulatorpin", name);
		sb_printf(&b, " %s%s", list, when);
	}
	if (!b.s)
		return xstrdup("");
	return b.s;
}

static bool overlap(const struct be_split_dom *x, const struct be_split_dom *y)
{
	size_t i, n;
	if (!x->pin || !y->pin)
		return true; /* unpinned: it may run on every host CPU */
	n = x->pin_len < y->pin_len ? x->pin_len : y->pin_len;
	for (i = 0; i < n; i++)
		if (x->pin[i] & y->pin[i])
			return true;
	return false;
}

void be_sched_split(const struct be_split_dom *v, size_t n, size_t self,
		    struct be_split *out)
{
	double used = 0, shares = 0;
	bool shares_known = true;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->measured_pct = out->expected_pct = -1;
	if (self >= n)
		return;
	for (i = 0; i < n; i++) {
		if (i != self && (v[i].cpu_pct < 0 || !overlap(&v[self], &v[i])))
			continue;
		out->peers++;
		if (v[i].cpu_pct > 0)
			used += v[i].cpu_pct;
		if (v[i].shares)
			shares += (double)v[i].shares;
		else
			shares_known = false;
	}
	out->group_pct = used;
	if (v[self].cpu_pct >= 0)
		out->measured_pct = used > 0 ? 100.0 * v[self].cpu_pct / used :
			out->peers == 1 ? 100 : -1;
	if (shares_known && shares > 0)
		out->expected_pct = 100.0 * (double)v[self].shares / shares;
}

double be_weighted_mean(const double *v, const double *w, size_t n,
			size_t max_points, double min_s)
{
	double sum = 0, span = 0;
	size_t i, k = 0;
	for (i = n; i-- > 0 && k < max_points;)
		if (v[i] >= 0 && w[i] > 0) {
			sum += v[i] * w[i];
			span += w[i];
			k++;
		}
	return span > 0 && span >= min_s ? sum / span : -1;
}

void be_schedinfo_free(void *p)
{
	struct be_schedinfo *si = p;
	size_t i;
	if (!si)
		return;
	be_sched_clear(&si->sched);
	for (i = 0; i < si->npeers; i++)
		free(si->peers[i].pin);
	free(si->peers);
	free(si);
}
