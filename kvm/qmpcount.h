/* The QMP commands libvirt sends to the QEMUs of this machine, counted
 * per sending process: what watching costs a local host's guests.
 *
 * libvirt keeps no such count and has no API for one; its monitor debug
 * log has the commands, but only in a daemon started with that log.  It
 * does mark the spot with a static probe, qemu_monitor_send_msg (a
 * SystemTap note in its QEMU driver module, one hit per command sent).
 * kvm_qmp_open puts a uprobe on it (uprobe_events, group hvtop_PID,
 * with the probe's semaphore so libvirt fires it), enables it in a
 * tracefs instance of its own (instances/hvtop-qmp-PID) that records
 * each hit's process, and kvm_qmp_drain reads that instance's
 * trace_pipe.  Root and tracefs only; close removes both, and the next
 * hvtop removes those of one that died. */
#ifndef HVTOP_KVM_QMPCOUNT_H
#define HVTOP_KVM_QMPCOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kvm_qmp;

/* NULL with why (one sentence) when it cannot count here. */
struct kvm_qmp *kvm_qmp_open(char *why, size_t n);
/* Reads the hits recorded so far (never blocks). */
void kvm_qmp_drain(struct kvm_qmp *q);
/* The commands process pid has sent since open (as drained). */
uint64_t kvm_qmp_sent(const struct kvm_qmp *q, long pid);
void kvm_qmp_close(struct kvm_qmp *q);

/* The process on this machine that sends uri's QMP commands: this one
 * for an embedded root, the daemon behind the unix socket of a local
 * qemu URI (its SO_PEERCRED); 0 for such a URI whose socket does not
 * answer now, -1 for any other URI (remote, another driver). */
long kvm_qmp_server_pid(const char *uri);
/* uri names a QEMU driver on this machine (its pid may still be 0) */
bool kvm_qmp_local_uri(const char *uri);

/* --- exposed for unit tests ----------------------------------------- */

/* In the ELF image (len bytes), the file offsets of the static probe
 * provider:name and of its semaphore (0: none); -1 when it has none. */
int kvm_stapsdt_find(const unsigned char *elf, size_t len, const char *provider,
		     const char *name, uint64_t *off, uint64_t *sem_off);
/* The sending process (TGID) of one trace_pipe line of the instance
 * (options/record-tgid: "comm-TID (TGID) [CPU] ..."), -1 for none. */
long kvm_qmp_line_pid(const char *line);
/* The socket path a local qemu URI connects to, or NULL (free it). */
char *kvm_qmp_socket_of(const char *uri);

#endif
