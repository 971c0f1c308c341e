#include <config.h>
#include "backend/sched.h"
#include "backend/ops_priv.h"
#include "backend/conn.h"
#include "common/format.h"
#include "common/util.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

/* --- pure helpers -------------------------------------------------------- */

/* the map's length up to its last set byte: what libvirt is given */
static size_t used_len(const unsigned char *m, size_t len)
{
	while (len && !m[len - 1])
		len--;
	return len;
}

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

/* --- reading and applying ----------------------------------------------- */

/* the most scheduler parameters a driver gives (the remote protocol's
 * limit), so no virDomainGetSchedulerType call is needed to size them */
#define SCHED_PARAMS_MAX 16

static uint64_t unum(const virTypedParameter *p)
{
	switch (p->type) {
	case VIR_TYPED_PARAM_INT: return p->value.i < 0 ? 0 : (uint64_t)p->value.i;
	case VIR_TYPED_PARAM_UINT: return p->value.ui;
	case VIR_TYPED_PARAM_LLONG: return p->value.l < 0 ? 0 : (uint64_t)p->value.l;
	case VIR_TYPED_PARAM_ULLONG: return p->value.ul;
	default: return 0;
	}
}

int be_sched_read(virDomainPtr dom, struct be_sched *s)
{
	virTypedParameter params[SCHED_PARAMS_MAX];
	int i, n = SCHED_PARAMS_MAX;

	memset(params, 0, sizeof(params));
	if (virDomainGetSchedulerParametersFlags(dom, params, &n,
						 VIR_DOMAIN_AFFECT_CURRENT) < 0) {
		virResetLastError();
		return -1;
	}
	for (i = 0; i < n; i++) {
		const virTypedParameter *p = &params[i];
		if (strcmp(p->field, VIR_DOMAIN_SCHEDULER_CPU_SHARES) == 0) {
			s->shares = unum(p);
			s->have |= BE_SCHED_SHARES;
		} else if (strcmp(p->field, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA) == 0) {
			s->quota_us = p->type == VIR_TYPED_PARAM_LLONG ?
				p->value.l : (int64_t)unum(p);
			s->have |= BE_SCHED_CAP;
		} else if (strcmp(p->field, VIR_DOMAIN_SCHEDULER_VCPU_PERIOD) == 0) {
			s->period_us = unum(p);
		}
	}
	virTypedParamsClear(params, n);
	return 0;
}

static const char *virt_msg(void)
{
	virErrorPtr e = virGetLastError();
	return e && e->message ? e->message : "unknown error";
}

static uint64_t period_of(virDomainPtr dom)
{
	struct be_sched s;
	memset(&s, 0, sizeof(s));
	be_sched_read(dom, &s);
	return s.period_us;
}

static int set_params(virDomainPtr dom, const char *name,
		      const struct be_sched_req *r, char *err, size_t errsz)
{
	virTypedParameterPtr params = NULL;
	int n = 0, max = 0, rc = -1;
	const char *what = (r->set & BE_SCHED_SHARES) ?
		((r->set & BE_SCHED_CAP) ? "the cpu shares and cap" : "the cpu shares") :
		"the CPU cap";

	if ((r->set & BE_SCHED_SHARES) &&
	    virTypedParamsAddULLong(&params, &n, &max, VIR_DOMAIN_SCHEDULER_CPU_SHARES,
				    r->shares) < 0)
		goto out;
	if ((r->set & BE_SCHED_CAP) &&
	    virTypedParamsAddLLong(&params, &n, &max, VIR_DOMAIN_SCHEDULER_VCPU_QUOTA,
				   be_sched_quota(r->cap_pct, period_of(dom))) < 0)
		goto out;
	rc = virDomainSetSchedulerParametersFlags(dom, params, n,
						  VIR_DOMAIN_AFFECT_CURRENT);
out:
	if (rc < 0)
		snprintf(err, errsz, "cannot set %s of '%s': %s", what, name, virt_msg());
	virTypedParamsFree(params, n);
	return rc;
}

static int pin_vcpus(virDomainPtr dom, const char *name,
		     const struct be_sched_req *r, char *err, size_t errsz)
{
	int v, n = virDomainGetVcpusFlags(dom, VIR_DOMAIN_AFFECT_CURRENT);
	size_t len = used_len(r->pin, sizeof(r->pin));
	if (n < 0) {
		snprintf(err, errsz, "cannot count the vCPUs of '%s': %s", name, virt_msg());
		return -1;
	}
	for (v = 0; v < n; v++)
		if (virDomainPinVcpuFlags(dom, (unsigned)v, (unsigned char *)r->pin,
					  (int)len, VIR_DOMAIN_AFFECT_CURRENT) < 0) {
			snprintf(err, errsz, "cannot pin vCPU %d of '%s': %s", v, name,
				 virt_msg());
			return -1;
		}
	return 0;
}

int be_sched_apply(virDomainPtr dom, const char *name,
		   const struct be_sched_req *r, char *err, size_t errsz)
{
	if ((r->set & (BE_SCHED_SHARES | BE_SCHED_CAP)) &&
	    set_params(dom, name, r, err, errsz) < 0)
		return -1;
	if ((r->set & BE_SCHED_PIN) && pin_vcpus(dom, name, r, err, errsz) < 0)
		return -1;
	if ((r->set & BE_SCHED_EMU) &&
	    virDomainPinEmulator(dom, (unsigned char *)r->emu,
				 (int)used_len(r->emu, sizeof(r->emu)),
				 VIR_DOMAIN_AFFECT_CURRENT) < 0) {
		snprintf(err, errsz, "cannot pin the emulator threads of '%s': %s",
			 name, virt_msg());
		return -1;
	}
	return 0;
}

/* --- jobs ---------------------------------------------------------------- */

static int host_cpus(virConnectPtr vc)
{
	virNodeInfo ni;
	if (virNodeGetInfo(vc, &ni) < 0) {
		virResetLastError();
		return 0;
	}
	return (int)VIR_NODEINFO_MAXCPUS(ni);
}

/* the union of the vCPUs' pinning, malloc'd; NULL when not known */
static unsigned char *pin_union(virDomainPtr dom, int ncpus, size_t *len)
{
	int maplen = VIR_CPU_MAPLEN(ncpus > 0 ? ncpus : 1);
	int nv = virDomainGetMaxVcpus(dom), i, k, got;
	unsigned char *maps, *u;
	if (nv <= 0 || nv > 16384) {
		virResetLastError();
		return NULL;
	}
	maps = xcalloc((size_t)nv, (size_t)maplen);
	got = virDomainGetVcpuPinInfo(dom, nv, maps, maplen, VIR_DOMAIN_AFFECT_CURRENT);
	if (got <= 0) {
		virResetLastError();
		free(maps);
		return NULL;
	}
	u = xcalloc(1, (size_t)maplen);
	for (i = 0; i < got; i++)
		for (k = 0; k < maplen; k++)
			u[k] |= VIR_GET_CPUMAP(maps, maplen, i)[k];
	free(maps);
	*len = (size_t)maplen;
	return u;
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

static void peers_of(virConnectPtr vc, struct be_schedinfo *si, int ncpus)
{
	virDomainPtr *doms = NULL;
	int i, n = virConnectListAllDomains(vc, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
	if (n < 0) {
		virResetLastError();
		return;
	}
	si->peers = xcalloc((size_t)n + 1, sizeof(*si->peers));
	for (i = 0; i < n; i++) {
		struct be_sched_peer *p = &si->peers[si->npeers];
		if (virDomainGetUUIDString(doms[i], p->uuid) == 0 &&
		    (p->pin = pin_union(doms[i], ncpus, &p->pin_len)))
			si->npeers++;
		virDomainFree(doms[i]);
	}
	free(doms);
}

static int run_schedinfo(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	virConnectPtr vc = virDomainGetConnect(dom);
	struct be_schedinfo *si = xcalloc(1, sizeof(*si));
	virDomainInfo info;
	int ncpus = host_cpus(vc);
	int maplen = VIR_CPU_MAPLEN(ncpus > 0 ? ncpus : 1);

	if (virDomainGetInfo(dom, &info) < 0) {
		be_schedinfo_free(si);
		return be_job_fail(j, "cannot read the scheduling of '%s': %s",
				   t->name, be_virt_msg());
	}
	si->state = info.state;
	si->vcpus = info.nrVirtCpu;
	si->host_cpus = (unsigned)(ncpus > 0 ? ncpus : 0);
	be_sched_read(dom, &si->sched);
	si->sched.pin = pin_union(dom, ncpus, &si->sched.pin_len);
	if (si->sched.pin)
		si->sched.have |= BE_SCHED_PIN;
	si->sched.emu = xcalloc(1, (size_t)maplen);
	if (virDomainGetEmulatorPinInfo(dom, si->sched.emu, maplen,
					VIR_DOMAIN_AFFECT_CURRENT) < 0) {
		virResetLastError();
		free(si->sched.emu);
		si->sched.emu = NULL;
	} else {
		si->sched.emu_len = (size_t)maplen;
		si->sched.have |= BE_SCHED_EMU;
	}
	peers_of(vc, si, ncpus);
	be_job_data(j, si, be_schedinfo_free);
	return 0;
}

unsigned be_op_schedinfo(struct be_jobs *js, const struct be_op_target *t,
			 be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	return be_target_job(js, x, BE_OP_SCHEDINFO, true, false, run_schedinfo,
			     done, "read the scheduling of '%s'", x->name);
}

static int run_sched(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	const struct be_sched_req *r = t->extra;
	char err[512];
	if (r->after_s > 0) {
		be_job_phase(j, -1, "waiting %d s", r->after_s);
		if (!be_job_sleep(j, (int64_t)r->after_s * 1000000000LL))
			return be_job_fail(j, "stopped before changing the scheduling of '%s'",
					   t->name);
	}
	if (be_sched_apply(dom, t->name, r, err, sizeof(err)) < 0)
		return be_job_fail(j, "%s", err);
	be_conn_sched_changed(t->conn);
	be_job_result(j, "scheduling of '%s' changed", t->name);
	return 0;
}

unsigned be_op_sched(struct be_jobs *js, const struct be_op_target *t,
		     const struct be_sched_req *r, be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	struct be_sched_req *c = xmalloc(sizeof(*c));
	*c = *r;
	x->extra = c;
	return be_target_job(js, x, BE_OP_SCHED, false, r->after_s > 0, run_sched,
			     done, "change the scheduling of '%s'", x->name);
}
