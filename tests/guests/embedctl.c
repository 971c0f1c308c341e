/* embedctl ROOT DOMAIN ACTION... — the real-guest tests' way to change a
 * guest on an embedded root the way hvtop's actions will, through the
 * same lock and reconnect wait (kvm/embed.c), so that it is as safe as
 * hvtop itself (a bare virsh on the root is not: see kvm/embed.h).
 *
 * Actions, run in order; each prints one line:
 *   setmem KIB      balloon: current memory, live
 *   suspend | resume
 *   snapshot NAME   internal snapshot of the running guest
 *   shares N        scheduler cpu_shares, live
 *   show            "state=running id=N mem=KIB shares=N snapshots=N"
 *   sched           "shares=N quota=N period=N vcpupin=LIST emulatorpin=LIST",
 *                   libvirt's live values (quota -1: no cap; LIST as virsh
 *                   prints it, vcpupin of vCPU 0)
 * Exit 0 if all succeeded, 1 with a message on stderr otherwise. */
#include <config.h>
#include "kvm/hooks.h"
#include "kvm/embed_priv.h"
#include "backend/conn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

static int failed(const char *what, const char *dom)
{
	virErrorPtr e = virGetLastError();
	fprintf(stderr, "embedctl: %s %s: %s\n", what, dom,
		e && e->message ? e->message : "unknown error");
	return 1;
}

static int show(virDomainPtr d, const char *name)
{
	virDomainInfo info;
	virTypedParameterPtr p;
	int np = 0, nsnap, state, reason;
	unsigned long long shares = 0;
	char *type;

	if (virDomainGetState(d, &state, &reason, 0) < 0 ||
	    virDomainGetInfo(d, &info) < 0)
		return failed("cannot read", name);
	/* the call that failed with "cgroup CPU controller is not mounted"
	 * when made before libvirt finished reconnecting */
	type = virDomainGetSchedulerType(d, &np);
	if (!type)
		return failed("cannot read the scheduler of", name);
	free(type);
	p = calloc((size_t)np, sizeof(*p));
	if (!p || virDomainGetSchedulerParametersFlags(d, p, &np, VIR_DOMAIN_AFFECT_LIVE) < 0) {
		free(p);
		return failed("cannot read the scheduler parameters of", name);
	}
	virTypedParamsGetULLong(p, np, "cpu_shares", &shares);
	virTypedParamsClear(p, np);
	free(p);
	nsnap = virDomainSnapshotNum(d, 0);
	printf("state=%s id=%d mem=%lu shares=%llu snapshots=%d\n",
	       state == VIR_DOMAIN_RUNNING ? "running" :
	       state == VIR_DOMAIN_PAUSED ? "paused" : "other",
	       (int)virDomainGetID(d), info.memory, shares, nsnap);
	return 0;
}

static void cpulist(const unsigned char *m, int len, char *out, size_t n)
{
	size_t o = 0;
	int c;
	out[0] = '\0';
	for (c = 0; c < len * 8 && o + 8 < n; c++)
		if (m[c / 8] & (1u << (c % 8)))
			o += (size_t)snprintf(out + o, n - o, "%s%d", o ? "," : "", c);
}

static int sched(virDomainPtr d, const char *name)
{
	virTypedParameter p[16];
	int np = 16, ncpu, maplen;
	unsigned long long shares = 0, period = 0;
	long long quota = 0;
	unsigned char map[128];
	char pin[512], emu[512];
	virNodeInfo ni;

	memset(p, 0, sizeof(p));
	if (virDomainGetSchedulerParametersFlags(d, p, &np, VIR_DOMAIN_AFFECT_LIVE) < 0)
		return failed("cannot read the scheduler parameters of", name);
	virTypedParamsGetULLong(p, np, "cpu_shares", &shares);
	virTypedParamsGetULLong(p, np, "vcpu_period", &period);
	virTypedParamsGetLLong(p, np, "vcpu_quota", &quota);
	virTypedParamsClear(p, np);
	if (virNodeGetInfo(virDomainGetConnect(d), &ni) < 0)
		return failed("cannot read the host of", name);
	ncpu = (int)VIR_NODEINFO_MAXCPUS(ni);
	maplen = VIR_CPU_MAPLEN(ncpu);
	memset(map, 0, sizeof(map));
	if (maplen > (int)sizeof(map) ||
	    virDomainGetVcpuPinInfo(d, 1, map, maplen, VIR_DOMAIN_AFFECT_LIVE) < 1)
		return failed("cannot read the vCPU pinning of", name);
	cpulist(map, maplen, pin, sizeof(pin));
	memset(map, 0, sizeof(map));
	if (virDomainGetEmulatorPinInfo(d, map, maplen, VIR_DOMAIN_AFFECT_LIVE) < 0)
		return failed("cannot read the emulator pinning of", name);
	cpulist(map, maplen, emu, sizeof(emu));
	printf("shares=%llu quota=%lld period=%llu vcpupin=%s emulatorpin=%s\n",
	       shares, quota, period, pin, emu);
	return 0;
}

int main(int argc, char **argv)
{
	virConnectPtr vc;
	virDomainPtr d;
	char *err = NULL;
	int i, rc = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: embedctl ROOT DOMAIN ACTION...\n");
		return 2;
	}
	if (kvm_embed_prepare(argv[1], &err) < 0 || be_init(kvm_conn_hooks()) < 0) {
		fprintf(stderr, "embedctl: %s\n", err ? err : "cannot initialise libvirt");
		return 1;
	}
	vc = kvm_embed_open(argv[1], false, &err);
	if (!vc) {
		fprintf(stderr, "embedctl: %s\n", err);
		return 1;
	}
	d = virDomainLookupByName(vc, argv[2]);
	if (!d) {
		rc = failed("no domain", argv[2]);
		goto out;
	}
	for (i = 3; i < argc && !rc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "setmem") == 0 && arg) {
			if (virDomainSetMemoryFlags(d, strtoul(arg, NULL, 10), VIR_DOMAIN_AFFECT_LIVE) < 0)
				rc = failed("cannot balloon", argv[2]);
			else
				printf("setmem %s\n", arg);
			i++;
		} else if (strcmp(a, "suspend") == 0) {
			rc = virDomainSuspend(d) < 0 ? failed("cannot pause", argv[2]) : 0;
			if (!rc)
				printf("suspended\n");
		} else if (strcmp(a, "resume") == 0) {
			rc = virDomainResume(d) < 0 ? failed("cannot resume", argv[2]) : 0;
			if (!rc)
				printf("resumed\n");
		} else if (strcmp(a, "snapshot") == 0 && arg) {
			char xml[256];
			virDomainSnapshotPtr s;
			snprintf(xml, sizeof(xml), "<domainsnapshot><name>%s</name></domainsnapshot>", arg);
			s = virDomainSnapshotCreateXML(d, xml, 0);
			if (!s)
				rc = failed("cannot snapshot", argv[2]);
			else {
				printf("snapshot %s\n", arg);
				virDomainSnapshotFree(s);
			}
			i++;
		} else if (strcmp(a, "shares") == 0 && arg) {
			virTypedParameterPtr p = NULL;
			int np = 0, max = 0;
			virTypedParamsAddULLong(&p, &np, &max, "cpu_shares", strtoull(arg, NULL, 10));
			if (virDomainSetSchedulerParametersFlags(d, p, np, VIR_DOMAIN_AFFECT_LIVE) < 0)
				rc = failed("cannot set the cpu shares of", argv[2]);
			else
				printf("shares %s\n", arg);
			virTypedParamsFree(p, np);
			i++;
		} else if (strcmp(a, "show") == 0) {
			rc = show(d, argv[2]);
		} else if (strcmp(a, "sched") == 0) {
			rc = sched(d, argv[2]);
		} else {
			fprintf(stderr, "embedctl: unknown action '%s'\n", a);
			rc = 2;
		}
	}
	virDomainFree(d);
out:
	kvm_embed_close(vc);
	return rc;
}
