/* KVM or TCG for the demo guests: KVM only where a guest really boots
 * under it.  /dev/kvm can be present and still useless (nested KVM that
 * hangs Linux guests for minutes), so the test is a short boot of the demo
 * image under plain QEMU; its verdict is cached in the state directory. */
#ifndef HVTOP_KVM_ACCEL_H
#define HVTOP_KVM_ACCEL_H

#include <stdbool.h>

enum kvm_accel { KVM_ACCEL_AUTO = 0, KVM_ACCEL_KVM, KVM_ACCEL_TCG };

struct kvm_accel_verdict {
	enum kvm_accel accel; /* KVM_ACCEL_KVM or KVM_ACCEL_TCG */
	char why[200];        /* why TCG, or how KVM was chosen */
	bool cached;          /* from an earlier probe */
};

/* "kvm", "tcg" -> the value; -1 for anything else. */
int kvm_accel_parse(const char *s);
const char *kvm_accel_name(enum kvm_accel a); /* "KVM", "TCG" */

/* Decides for the image in imgdir (vmlinuz, initrd.img, stamp); forced
 * wins.  progress: one line on stderr while probing.  Never fails: when in
 * doubt the answer is TCG, with the reason. */
void kvm_accel_choose(enum kvm_accel forced, const char *statedir,
		      const char *imgdir, bool progress,
		      struct kvm_accel_verdict *v);

/* The note for a verdict. */
char *kvm_accel_verdict_note(const struct kvm_accel_verdict *v);

#endif
