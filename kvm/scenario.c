#include <config.h>
#include "kvm/scenario.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the host CPU the contended lessons share: the second one when there is
 * one, so that host CPU 0 keeps the host's own work */
static unsigned shared_cpu(unsigned host_cpus)
{
	return host_cpus > 1 ? 1 : 0;
}

static void step(struct kvm_scenario *sc, int guest, int after_s,
		 const struct be_sched_req *r)
{
	if (sc->nsteps >= KVM_SCENARIO_MAX_STEPS)
		return;
	sc->steps[sc->nsteps].guest = guest;
	sc->steps[sc->nsteps].after_s = after_s;
	sc->steps[sc->nsteps].req = *r;
	sc->nsteps++;
}

static void pin_to(struct be_sched_req *r, unsigned cpu)
{
	r->set |= BE_SCHED_PIN;
	r->pin[cpu / 8] |= (unsigned char)(1u << (cpu % 8));
}

/* three cpu-hogs on one host CPU with shares 2:1:1: 50/25/25 */
static void shares(struct kvm_scenario *sc, unsigned cpus)
{
	static const uint64_t w[] = { 2048, 1024, 1024 };
	int i;
	sc->n = 3;
	for (i = 0; i < 3; i++) {
		struct be_sched_req r;
		memset(&r, 0, sizeof(r));
		sc->profiles[i] = "cpu-hog";
		pin_to(&r, shared_cpu(cpus));
		r.set |= BE_SCHED_SHARES;
		r.shares = w[i];
		step(sc, i, 0, &r);
	}
}

/* one cpu-hog that may use 20 % of a core */
static void cap(struct kvm_scenario *sc, unsigned cpus)
{
	struct be_sched_req r;
	memset(&r, 0, sizeof(r));
	(void)cpus;
	sc->n = 1;
	sc->profiles[0] = "cpu-hog";
	r.set |= BE_SCHED_CAP;
	r.cap_pct = 20;
	step(sc, 0, 0, &r);
}

/* a cpu-hog on host CPU 0, moved to host CPU 1 after 10 s */
static void pinning(struct kvm_scenario *sc, unsigned cpus)
{
	struct be_sched_req r;
	memset(&r, 0, sizeof(r));
	sc->n = 1;
	sc->profiles[0] = "cpu-hog";
	pin_to(&r, 0);
	step(sc, 0, 0, &r);
	memset(&r, 0, sizeof(r));
	pin_to(&r, shared_cpu(cpus));
	step(sc, 0, 10, &r);
}

/* one busy vCPU more than the host has CPUs: they wait for each other */
static void overcommit(struct kvm_scenario *sc, unsigned cpus)
{
	int i;
	sc->n = (int)cpus + 1;
	if (sc->n > KVM_SCENARIO_MAX_GUESTS)
		sc->n = KVM_SCENARIO_MAX_GUESTS;
	for (i = 0; i < sc->n; i++)
		sc->profiles[i] = "cpu-hog";
}

/* an idle guest beside a busy one on the same host CPU: it halts and
 * gives its time away */
static void halt(struct kvm_scenario *sc, unsigned cpus)
{
	int i;
	sc->n = 2;
	sc->profiles[0] = "idle";
	sc->profiles[1] = "cpu-hog";
	for (i = 0; i < 2; i++) {
		struct be_sched_req r;
		memset(&r, 0, sizeof(r));
		pin_to(&r, shared_cpu(cpus));
		step(sc, i, 0, &r);
	}
}

static const struct {
	const char *name, *brief, *lesson;
	void (*fill)(struct kvm_scenario *sc, unsigned host_cpus);
} table[] = {
	{ "shares", "3 cpu-hogs on one CPU, shares 2:1:1", "three cpu-hogs on one host CPU with cpu shares 2048/1024/1024: they get 50/25/25 %", shares },
	{ "cap", "a cpu-hog capped at 20 % of a core", "a cpu-hog capped at 20 % of one core gets 20 %", cap },
	{ "pinning", "a cpu-hog moved from CPU 0 to 1", "a cpu-hog pinned to host CPU 0, moved to host CPU 1 after 10 s", pinning },
	{ "overcommit", "a busy vCPU more than host CPUs", "one busy vCPU more than the host has CPUs: wait and steal rise", overcommit },
	{ "halt", "an idle guest beside a cpu-hog", "an idle guest beside a cpu-hog on one host CPU: its vCPU halts and gives its time away", halt },
};

bool kvm_scenario_known(const char *name)
{
	size_t i;
	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i].name, name) == 0)
			return true;
	return false;
}

int kvm_scenario_get(const char *name, unsigned host_cpus,
		     struct kvm_scenario *sc)
{
	size_t i;
	memset(sc, 0, sizeof(*sc));
	for (i = 0; i < ARRAY_SIZE(table); i++)
		if (strcmp(table[i].name, name) == 0) {
			sc->name = table[i].name;
			sc->lesson = table[i].lesson;
			table[i].fill(sc, host_cpus ? host_cpus : 1);
			return 0;
		}
	return -1;
}

void kvm_scenario_help(void *file)
{
	FILE *f = file;
	size_t i;
	for (i = 0; i < ARRAY_SIZE(table); i++)
		fprintf(f, "                          %-11s%s\n", table[i].name,
			table[i].brief);
}

void kvm_scenario_run_free(struct kvm_scenario_run *r)
{
	free(r->virsh);
	memset(r, 0, sizeof(*r));
}
