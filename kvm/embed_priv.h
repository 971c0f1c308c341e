/* The embedded driver's calls that need libvirt types: for backend/ and
 * kvm/ only (see embed.h for why they exist). */
#ifndef HVTOP_KVM_EMBED_PRIV_H
#define HVTOP_KVM_EMBED_PRIV_H

#include <signal.h>
#include <stdbool.h>
#include <libvirt/libvirt.h>
#include "kvm/embed.h"

/* Call right after virConnectOpen of an embedded root: returns when libvirt
 * has finished reconnecting to every guest that was running (each active
 * domain's job is free and no "init-" thread is left).  With progress, says
 * on stderr what it waits for once that takes more than a second.  -1 with
 * *err set if it still was not done after timeout_ms. */
int kvm_embed_settle(virConnectPtr vc, int timeout_ms, bool progress,
		     char **err);

/* Call before virConnectClose and before the process ends: waits (bounded)
 * for reconnect threads still running, so that exiting never cuts one off. */
void kvm_embed_quiesce(int timeout_ms);

/* Blocks SIGINT, SIGTERM, SIGHUP and SIGQUIT in the calling thread (old
 * mask in *old, restore with pthread_sigmask): threads it creates then,
 * libvirt's among them, never take them, and the process is not ended
 * halfway through libvirt's reconnect. */
void kvm_embed_block_signals(sigset_t *old);

/* Opens the root (prepare + virConnectOpen + settle) for kvm/ tools that
 * need their own connection (the demo, the test helper). */
virConnectPtr kvm_embed_open(const char *root, bool progress, char **err);

#endif
