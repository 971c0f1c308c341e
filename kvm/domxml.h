/* XML for new guests, their disks and snapshots.  Every value taken from
 * the user goes through xml_escape (common/xml.h), so a name such as  a'><x/>  stays
 * a name and never becomes markup.  No libvirt calls: unit-tested. */
#ifndef HVTOP_KVM_DOMXML_H
#define HVTOP_KVM_DOMXML_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct be_guest;

/* A <domain> document for the guest (backend/hooks.h), with cmdline for
 * a kernel boot (NULL: none); malloc'd, NULL only for a NULL name. */
char *kvm_domxml_build(const struct be_guest *s, const char *cmdline);

#endif
