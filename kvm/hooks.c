#include <config.h>
#include "kvm/hooks.h"
#include "kvm/demo.h"
#include "kvm/domxml.h"
#include "kvm/embed_priv.h"
#include "kvm/vcpus.h"
#include "backend/hooks.h"
#include "common/util.h"

#include <stdlib.h>
#include <string.h>

/* hvtop --demo found KVM unusable here and runs its guests under TCG (the
 * note it keeps, kvm/demo.h) */
static bool tcg_only(void)
{
	char *note = kvm_demo_note();
	bool tcg = note && strncmp(note, "guests: TCG", 11) == 0;
	free(note);
	return tcg;
}

char *kvm_guest_xml(const struct be_guest *g)
{
	char *cmdline = NULL, *xml;
	/* the demo guest's init reads these; DHCP where someone serves it */
	if (g->boot == BE_BOOT_KERNEL)
		cmdline = xasprintf("console=ttyS0 panic=-1 hvtop.profile=%s hvtop.name=%s%s",
				    g->profile ? g->profile : "idle", g->name,
				    g->net == BE_NET_USER || g->net == BE_NET_NETWORK ?
				    " hvtop.ip=dhcp" : "");
	xml = kvm_domxml_build(g, cmdline);
	free(cmdline);
	return xml;
}

static const struct be_conn_hooks hooks = {
	/* virConnectPtr is struct _virConnect *: the embedded driver's own
	 * open and close are the hooks */
	.open = kvm_embed_connect,
	.close = kvm_embed_close,
	.local_tcg_only = tcg_only,
	.guest_xml = kvm_guest_xml,
	.vcpu_threads = kvm_vcpu_threads,
};

const struct be_conn_hooks *kvm_conn_hooks(void)
{
	return &hooks;
}
