/* The QMP commands each local QEMU host's libvirt sends per sample
 * (kvm/qmpcount.h), for the cost field of the header ($, show_cost), view
 * 6 and --json's hosts[].qmp_per_refresh.  Counted while one of those
 * shows it; with several hosts on one daemon, each is that daemon's. */
#ifndef HVTOP_UI_QMP_H
#define HVTOP_UI_QMP_H

#include <stddef.h>

struct app;

/* After each refresh: starts or stops counting as the settings want,
 * and closes a host's window every UI_COST_REFRESHES of its samples. */
void ui_qmp_tick(struct app *a);
/* At exit: the uprobe and its tracefs instance go. */
void ui_qmp_free(struct app *a);
/* QMP commands per refresh over the local hosts (each daemon once), or
 * < 0 when none is known. */
double ui_qmp_total(const struct app *a);

/* Why QMP commands are not counted, when a local QEMU host would have
 * them counted; NULL otherwise. */
const char *ui_qmp_why(const struct app *a);

#endif
