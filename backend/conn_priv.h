/* For backend modules that call libvirt on a connection (ops, snapshots):
 * never for views or the UI. */
#ifndef HVTOP_CONN_PRIV_H
#define HVTOP_CONN_PRIV_H

#include <libvirt/libvirt.h>
#include "backend/conn.h"

virConnectPtr be_conn_virt(struct be_conn *c);

#endif
