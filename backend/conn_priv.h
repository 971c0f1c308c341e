/* For backend modules that call libvirt on a connection (ops, snapshots):
 * never for views or the UI. */
#ifndef HVTOP_CONN_PRIV_H
#define HVTOP_CONN_PRIV_H

#include <libvirt/libvirt.h>
#include "backend/conn.h"

virConnectPtr be_conn_virt(struct be_conn *c);
/* For other threads (jobs): a new reference to the connection, NULL while
 * it is down; release it with virConnectClose.  The sampler may reconnect
 * meanwhile: the reference keeps the old connection usable. */
virConnectPtr be_conn_virt_ref(struct be_conn *c);

#endif
