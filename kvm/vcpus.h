/* vCPU index -> host thread id for local QEMU guests, from the QEMU pid
 * (libvirt's pid file in the driver's run dir) and the "CPU n/KVM" or
 * "CPU n/TCG" thread names that libvirt's debug-threads=on gives.  No
 * monitor command: qemu-monitor-command taints the domain.  The backend
 * reaches it through its hooks (backend/hooks.h: vcpu_threads). */
#ifndef HVTOP_KVM_VCPUS_H
#define HVTOP_KVM_VCPUS_H

#include <stddef.h>
#include <stdbool.h>

struct be_vcpu;

/* The directory libvirt writes NAME.pid into for uri, malloc'd; NULL when
 * uri is not a local QEMU driver (a remote host, another hypervisor). */
char *kvm_qemu_run_dir(const char *uri);
/* What a URI says of this machine's QEMU driver, shared by the run dir
 * above and kvm/qmpcount.c's socket: the path after "qemu://" of a local
 * one (qemu:/// or qemu+unix:///, "/system?..."), else NULL; its
 * socket=PATH parameter (%XX decoded; NULL: none); and libvirt's per-user
 * runtime dir (its session sockets' dir), NULL without a HOME. */
const char *kvm_local_qemu_path(const char *uri);
char *kvm_uri_socket(const char *uri);
char *kvm_user_runtime_dir(void);

/* Sets v[i].tid (0 where unknown) for a running guest's n vCPUs, matched
 * by v[i].index.  Cached per guest: the thread names are read again only
 * when the QEMU pid (restart, migration back) or its thread count (vCPU
 * hot-plug) changes.  Safe from several threads. */
void kvm_vcpu_threads(const char *uri, const char *name, struct be_vcpu *v,
		      size_t n);

/* Parses a thread name "CPU n/KVM" or "CPU n/TCG" (a trailing newline
 * allowed): the vCPU index, or -1.  Exposed for unit tests. */
int kvm_vcpu_of_comm(const char *comm);

#endif
