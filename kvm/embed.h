/* libvirt's embedded QEMU driver (qemu:///embed?root=DIR): hvtop's state
 * directory, the root's qemu.conf, the one-process-per-root lock, and the
 * wait for libvirt's reconnect to running guests that makes it safe to use.
 *
 * Why the wait: opening an embedded root starts one thread per running
 * guest ("init-NAME") that reconnects to its QEMU monitor and restores the
 * domain's private state (cgroup, vCPU threads, balloon...).  virConnectOpen
 * returns before they finish.  A call made meanwhile sees half-restored
 * state (virDomainGetSchedulerParameters: "cgroup CPU controller is not
 * mounted", as priv->cgroup is still NULL), and when such a thread fails
 * after the monitor was connected libvirt kills the guest
 * ("shutting down, reason=daemon").  So no call touches a domain, and the
 * process does not end, before every reconnect thread has finished. */
#ifndef HVTOP_KVM_EMBED_H
#define HVTOP_KVM_EMBED_H

#include <stdbool.h>

/* $XDG_STATE_HOME/hvtop, else ~/.local/state/hvtop (not created).
 * NULL (with *err set) when neither can be found. */
char *kvm_state_dir(char **err);
/* Makes path (and its parents) a directory only its owner can enter:
 * created 0700, or narrowed to 0700 when it is ours and looser.  -1 with
 * errno. */
int kvm_private_dir(const char *path);

/* "qemu:///embed?root=<state dir>/embed" */
char *kvm_embed_default_uri(char **err);

/* If uri names the embedded QEMU driver, its root (malloc'd); else NULL. */
char *kvm_embed_root_of(const char *uri);

/* Creates ROOT (0700) and ROOT/etc/qemu.conf, points libvirt's own log at
 * a file when the user did not choose (libvirt's warnings would otherwise
 * land on the screen), and takes ROOT/hvtop.lock (flock, our pid inside).
 * Must run before virConnectOpen of the root and before libvirt is
 * initialised.  Idempotent for the same root.  On failure *err is one
 * sentence, e.g. naming the pid of the process that holds the root. */
int kvm_embed_prepare(const char *root, char **err);

/* kvm_embed_prepare of uri's root when uri names one: 1 done, 0 not an
 * embedded root, -1 with *err. */
int kvm_embed_claim(const char *uri, char **err);

/* The root this process holds, or NULL. */
const char *kvm_embed_held_root(void);

#endif
