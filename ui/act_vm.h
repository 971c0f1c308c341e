/* The exec functions of the management actions, for the action table in
 * ui/actions.c: lifecycle, balloon, undefine and the action menu
 * (ui/act_vm.c), create (ui/act_create.c), snapshots and jobs
 * (ui/act_snap.c).  Each starts a job or opens a dialog; none draws. */
#ifndef HVTOP_ACT_VM_H
#define HVTOP_ACT_VM_H

struct app;

/* seconds a shutdown may take before destroy is offered */
#define UI_SHUTDOWN_TIMEOUT_S 60

void act_action_menu(struct app *a);
void act_start(struct app *a);
void act_shutdown(struct app *a);
void act_reboot(struct app *a);
void act_destroy(struct app *a);
void act_undefine(struct app *a);
void act_pause_resume(struct app *a);
void act_pause(struct app *a);
void act_resume(struct app *a);
void act_balloon(struct app *a);
void act_messages(struct app *a);

void act_create(struct app *a);

void act_snapshot_create(struct app *a);
void act_snapshot_revert(struct app *a);
void act_snapshot_delete(struct app *a);
void act_job_cancel(struct app *a);

#endif
