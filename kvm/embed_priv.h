/* The embedded driver's calls that need libvirt types: for backend/ and
 * kvm/ only (see embed.h for why they exist). */
#ifndef HVTOP_KVM_EMBED_PRIV_H
#define HVTOP_KVM_EMBED_PRIV_H

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

/* The one open sequence of an embedded root: if uri names one, takes its
 * lock (kvm_embed_prepare), opens it with the signals that end hvtop
 * blocked, and waits for libvirt's reconnect (kvm_embed_settle) for a few
 * seconds: guests still reconnecting after that are hvtop's sampler's to
 * leave alone.  1 with *vc, 0 when uri is not an embedded root, -1 with
 * *err one sentence. */
int kvm_embed_connect(const char *uri, bool readonly, bool progress,
		      virConnectPtr *vc, char **err);
/* kvm_embed_quiesce, then virConnectClose, unless a reconnect still waits
 * for its QEMU: closing then would kill that guest. */
void kvm_embed_close(virConnectPtr vc);

/* kvm_embed_connect of root's URI, read-write, for kvm/ tools that need
 * their own connection (the demo, the test helper), which wait for every
 * reconnect (up to 120 s). */
virConnectPtr kvm_embed_open(const char *root, bool progress, char **err);

#endif
