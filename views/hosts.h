/* A host's connection state in words, for view 6, the header and the
 * batch outputs alike. */
#ifndef HVTOP_VIEWS_HOSTS_H
#define HVTOP_VIEWS_HOSTS_H

#include <stddef.h>
#include "views/state.h"

/* The state as one word for outputs ("connected", "connecting", "not
 * answering", "disconnected": lost and retrying, "failed": never
 * connected, retrying); buf gets it for people, with how long a host has
 * not answered ("not answering for 12 s"). */
const char *view_host_state(const struct ui_host *h, char *buf, size_t n);

#endif
