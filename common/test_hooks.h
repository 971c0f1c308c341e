/* The environment variables hvtop reads that tests set: each one's name,
 * one line each saying what it does and who sets it.  The C code reads
 * them through these macros only (getenv(TEST_HOOK_JOB_DELAY_MS)), so
 * this is the one list; tests/test-hooks.sh fails on a getenv("HVTOP_...")
 * left in the C sources and on an HVTOP_ variable a test uses that is not
 * here.  (TEST_HOOK_, not TH_: that prefix is the theme slots'.)
 *
 * "hvtop(1)" marks the ones also documented for users in the man page's
 * ENVIRONMENT section; the others are for tests only and may change.
 *
 * Not test hooks, and not here: the user contract's variables
 * (PRODUCT.md, hvtop(1)): LIBVIRT_DEFAULT_URI (the connection without -c),
 * XDG_CONFIG_HOME and XDG_STATE_HOME with HOME (where settings, themes,
 * the embedded root and the demo image live), NO_COLOR (no colours).
 * tests/lib/hermetic-env.sh gives every test its own HOME and XDG dirs and
 * clears the rest, and the HVTOP_ ones below but the test-run knobs.
 */
#ifndef HVTOP_TEST_HOOKS_H
#define HVTOP_TEST_HOOKS_H

/* kvm/accel.c: seconds the KVM probe guest has to print (8 s: guests/accel.sh); hvtop(1) */
#define TEST_HOOK_ACCEL_PROBE_TIMEOUT "HVTOP_ACCEL_PROBE_TIMEOUT"
/* backend/stats.c: set: no per-domain fallback calls, only the bulk call (bench/vs-virt-top: hvtop's own work beside virt-top's) */
#define TEST_HOOK_BENCH_NO_FALLBACKS "HVTOP_BENCH_NO_FALLBACKS"
/* kvm/demo.c: extra guest kernel parameters (hvtop.acpi=off: actions/guest.sh) */
#define TEST_HOOK_DEMO_APPEND "HVTOP_DEMO_APPEND"
/* kvm/demo.c: the demo's profile mix, comma-separated (guests/demo.sh and others, actions/guest.sh); hvtop(1) */
#define TEST_HOOK_DEMO_PROFILES "HVTOP_DEMO_PROFILES"
/* kvm/demo.c: seconds the demo waits for guests to boot (150: guests/lib.sh); hvtop(1) */
#define TEST_HOOK_DEMO_TIMEOUT "HVTOP_DEMO_TIMEOUT"
/* kvm/demo.c: the directory with build-image.sh (the source's kvm/guest: guests/lib.sh); hvtop(1) */
#define TEST_HOOK_GUEST_DIR "HVTOP_GUEST_DIR"
/* ui/act_create.c: the create form's demo image dir instead of STATE/guest (tests/hermetic.sh, as a user's) */
#define TEST_HOOK_IMAGE_DIR "HVTOP_IMAGE_DIR"
/* backend/jobs.c: milliseconds each job waits before it runs, to watch it queued (actions/jobs.sh) */
#define TEST_HOOK_JOB_DELAY_MS "HVTOP_JOB_DELAY_MS"
/* ui/act_vm.c: seconds a shutdown waits before it offers to force off (1: actions/guest.sh) */
#define TEST_HOOK_SHUTDOWN_TIMEOUT "HVTOP_SHUTDOWN_TIMEOUT"
/* kvm/tracer.c: set: the tracer samples /proc as without tracefs access (tracer/proc.sh) */
#define TEST_HOOK_TRACER_PROC "HVTOP_TRACER_PROC"
/* ui/tracer.c: host thread ids the tracer follows besides the guests' vCPUs, comma-separated (the tracer tests, bench/slices) */
#define TEST_HOOK_TRACE_TIDS "HVTOP_TRACE_TIDS"
/* ui/theme.c: a themes dir searched before the installed one (the source's themes/: config/tui.sh, config/check_config) */
#define TEST_HOOK_THEME_DIR "HVTOP_THEME_DIR"

/* Read by scripts, not by hvtop's C code (so no macro), one line each:
 *   HVTOP                      the hvtop binary under test (AM_TESTS_ENVIRONMENT)
 *   HVTOP_CACHE                kernel package cache of kvm/guest/build-image.sh (guests/lib.sh: the build tree's tests/guests/kernel-cache); hvtop(1)
 *   HVTOP_GUEST_KERNEL         build-image.sh: the kernel to boot instead of the host's (users); hvtop(1)
 *   HVTOP_GUEST_MODULES        build-image.sh: where that kernel's modules are (users)
 *   HVTOP_GUEST_BUSYBOX        build-image.sh: the busybox binary to put in the initramfs (users)
 *   HVTOP_GUEST_CACHE          guests/boot-image.sh: an image dir to build into and reuse (developers)
 *   HVTOP_GUEST_ACCEL          guests/boot-image.sh: the QEMU accelerator, default tcg (developers)
 *   HVTOP_BOOT_TIMEOUT         guests/boot-image.sh: seconds to wait for HVTOP-READY (developers)
 *   HVTOP_RESTART_CYCLES       guests/restart.sh: how many restarts, default 20 (developers)
 *   HVTOP_TEST_INNER           guests/lib.sh: set in the re-run inside the network namespace
 *   HVTOP_TEST_TMP             guests/lib.sh: the outer run's temp dir, for the inner one
 *   HVTOP_TEST_ENV             tests/lib/hermetic-env.sh: the test's private HOME and XDG dirs' parent
 */

#endif
