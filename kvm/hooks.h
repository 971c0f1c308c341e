/* What KVM/QEMU hosts add to the hypervisor-neutral backend, as the
 * backend's hooks (backend/hooks.h): the embedded driver's open and close
 * (kvm/embed.h), the demo's TCG verdict, and guest XML with the demo
 * kernel's command line.  ui/main.c hands them to be_init(). */
#ifndef HVTOP_KVM_HOOKS_H
#define HVTOP_KVM_HOOKS_H

struct be_conn_hooks;
struct be_guest;

const struct be_conn_hooks *kvm_conn_hooks(void);

/* The <domain> XML of a new guest on a KVM/QEMU host (or the test driver,
 * type "test"), malloc'd; a BE_BOOT_KERNEL guest gets the command line
 * the demo guest's init reads. */
char *kvm_guest_xml(const struct be_guest *g);

#endif
