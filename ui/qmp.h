/* The QMP commands each local QEMU host's libvirt sends per sample
 * (kvm/qmpcount.h), for the cost field of the header ($, show_cost), view
 * 6 and --json's hosts[].qmp_per_refresh.  Counted while one of those
 * shows it; with several hosts on one daemon, each is that daemon's.
 * The loop runs it as a kind of source (ui_qmp_kind, ui/hosts.h): after
 * each refresh, in the cost field, at exit. */
#ifndef HVTOP_UI_QMP_H
#define HVTOP_UI_QMP_H

#include <stddef.h>

struct app;

/* After each refresh, and when the settings change: starts or stops
 * counting as the settings want, and closes a host's window every
 * UI_COST_REFRESHES of its samples. */
void ui_qmp_tick(struct app *a);

/* Why QMP commands are not counted, when a local QEMU host would have
 * them counted; NULL otherwise. */
const char *ui_qmp_why(const struct app *a);

#endif
