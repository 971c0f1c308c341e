/* A domain's scheduler parameters read and set through libvirt, on a
 * domain the caller holds: no jobs, no connection of ours.  The sampler
 * (stats.c), the scheduling jobs (sched.c) and the demo's setup
 * (kvm/demo.c) share it.  Kept apart from sched.c, whose jobs use ops.c's
 * job functions, so that the sampler does not reach the jobs. */
#include <config.h>
#include "backend/schedparams.h"
#include "common/util.h"

#include <stdio.h>
#include <string.h>
#include <libvirt/virterror.h>

/* the map's length up to its last set byte: what libvirt is given */
static size_t used_len(const unsigned char *m, size_t len)
{
	while (len && !m[len - 1])
		len--;
	return len;
}

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
