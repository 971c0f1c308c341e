/* hvtop --demo [N] / --demo-clean: small real Linux guests with workload
 * profiles on the embedded driver, on a private bridge with link-local
 * addresses so that their network counters are real host counters.
 *
 * Files, all under the state directory (kvm_state_dir):
 *   embed/          the embedded driver's root (the guests' definitions)
 *   guest/          the guest image, built by build-image.sh (cached)
 *   demo/NAME.qcow2 each guest's disk; demo/NAME.serial its console log
 *   demo/note       how the guests were accelerated, for the header
 *   accel           the cached KVM-or-TCG verdict
 * build-image.sh is looked for in $HVTOP_GUEST_DIR, else next to the hvtop
 * binary in a build tree (kvm/guest/), else in the installed data directory
 * (HVTOP_DATADIR/guest). */
#ifndef HVTOP_KVM_DEMO_H
#define HVTOP_KVM_DEMO_H

#include <stdbool.h>
#include "kvm/accel.h"

#define KVM_DEMO_PREFIX "hvtop-demo-"
#define KVM_DEMO_BRIDGE "hvtop-br0"
#define KVM_DEMO_DEFAULT_N 4
#define KVM_DEMO_MAX_N 32

struct kvm_scenario;
struct kvm_scenario_run;

struct kvm_demo_opts {
	int n;                 /* guests; 0: the default (or $HVTOP_DEMO_PROFILES) */
	enum kvm_accel accel;  /* forced, or KVM_ACCEL_AUTO */
	/* --demo-scenario (kvm/scenario.h), or NULL: its guests (named
	 * hvtop-demo-NAME-1..., one vCPU each, no network) instead of n,
	 * its settings due at start applied once they are up, and in run
	 * the virsh commands and the steps due later */
	const struct kvm_scenario *scenario;
	struct kvm_scenario_run *run;
};

/* Builds the image, picks the accelerator, sets up the bridge, defines and
 * starts the guests that are not running and waits for their ready lines
 * with a progress line on stderr.  On success *uri is the embedded URI to
 * open (its root is then held by this process) and *note the header's
 * accelerator note.  -1 with *err: one message (for a guest that did not
 * come up, with the last lines of its console). */
int kvm_demo_start(const struct kvm_demo_opts *o, char **uri, char **note,
		   char **err);

/* Destroys and undefines the demo guests, removes their disks and logs and
 * the bridge.  Prints what it did on stdout.  -1 with *err. */
int kvm_demo_clean(char **err);

/* The note written by the last --demo for the embedded root, or NULL. */
char *kvm_demo_note(void);

/* The profile of guest i (0-based) of n, following $HVTOP_DEMO_PROFILES
 * (comma-separated) when set; *peer is the index of its net-chatty peer or
 * -1.  Returns NULL past the end of $HVTOP_DEMO_PROFILES. */
const char *kvm_demo_profile(int i, int n, int *peer);

#endif
