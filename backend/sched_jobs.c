/* The scheduling jobs (backend/ops.h: be_op_schedinfo, be_op_sched): they
 * read and set a domain's scheduler parameters (backend/schedparams.c)
 * on a worker thread, through ops.c's job functions. */
#include <config.h>
#include "backend/ops.h"
#include "backend/ops_priv.h"
#include "backend/conn.h"
#include "backend/sched.h"
#include "backend/schedparams.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

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
