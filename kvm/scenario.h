/* hvtop --demo-scenario NAME: one lesson of VM scheduling on demo guests.
 * A scenario is a row of the table in kvm/scenario.c: the guests'
 * profiles and the scheduler settings applied to them, through the
 * backend's own setters (backend/sched.h), at start or some seconds
 * later.  kvm_demo_start boots the guests and applies the settings due at
 * start; the later ones are the caller's to run as jobs. */
#ifndef HVTOP_KVM_SCENARIO_H
#define HVTOP_KVM_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include "backend/sched.h"

#define KVM_SCENARIO_MAX_GUESTS 8
#define KVM_SCENARIO_MAX_STEPS 16

struct kvm_scenario_step {
	int guest;     /* 0-based */
	int after_s;   /* 0: once the guests are up */
	struct be_sched_req req;
};

/* A scenario made concrete for a host with some number of CPUs. */
struct kvm_scenario {
	const char *name;
	const char *lesson;  /* what it shows, one sentence */
	int n;               /* guests */
	const char *profiles[KVM_SCENARIO_MAX_GUESTS];
	size_t nsteps;
	struct kvm_scenario_step steps[KVM_SCENARIO_MAX_STEPS];
};

bool kvm_scenario_known(const char *name);
/* Fills sc for a host of host_cpus CPUs; -1 for an unknown name. */
int kvm_scenario_get(const char *name, unsigned host_cpus,
		     struct kvm_scenario *sc);
/* For --help: one line per scenario into f. */
void kvm_scenario_help(void *file);

/* What kvm_demo_start did with a scenario: the virsh commands its
 * settings amount to (newline-separated), and the steps due later with
 * their guests' uuids and names. */
struct kvm_scenario_run {
	char *virsh;
	size_t nlater;
	struct kvm_scenario_later {
		char uuid[40];
		char name[64];
		int after_s;
		struct be_sched_req req;
	} later[KVM_SCENARIO_MAX_STEPS];
};
void kvm_scenario_run_free(struct kvm_scenario_run *r);

#endif
