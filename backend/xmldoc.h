/* The XML of the libvirt objects hvtop makes that are the same on every
 * hypervisor: storage volumes and snapshots.  A guest's <domain> is
 * hypervisor-specific and comes from the hooks (backend/hooks.h). */
#ifndef HVTOP_BE_XMLDOC_H
#define HVTOP_BE_XMLDOC_H

#include <stdbool.h>
#include <stdint.h>

/* A <volume> for a new disk image of capacity bytes. */
char *be_volume_xml(const char *name, uint64_t capacity, const char *format);
/* A <domainsnapshot>; disk_only asks for no memory state. */
char *be_snapshot_xml(const char *name, const char *description,
		      bool disk_only);

#endif
