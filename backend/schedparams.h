/* A domain's scheduler parameters through libvirt (backend/schedparams.c):
 * for backend modules and kvm/, never for views or the UI. */
#ifndef HVTOP_SCHEDPARAMS_H
#define HVTOP_SCHEDPARAMS_H
#include <stddef.h>
#include <libvirt/libvirt.h>
#include "backend/sched.h"

/* Reads dom's cpu_shares, vcpu_quota and vcpu_period into s (its have
 * bits say which it had; the test driver has none): 0, or -1 (refused,
 * error reset). */
int be_sched_read(virDomainPtr dom, struct be_sched *s);
/* Applies r to dom now (backend/sched.h): 0, or -1 with err set to one
 * sentence.  For the jobs and for setup code with its own connection. */
int be_sched_apply(virDomainPtr dom, const char *name,
		   const struct be_sched_req *r, char *err, size_t errsz);
#endif
