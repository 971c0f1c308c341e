/* The exec functions of the management actions, for the action table in
 * ui/action_table.c: lifecycle, balloon, undefine and the action menu
 * (ui/act_vm.c), scheduling (ui/act_sched.c), create (ui/act_create.c), snapshots and jobs
 * (ui/act_snap.c).  Each starts a job or opens a dialog (never a y/n
 * question: those are the rows' ask functions, which ui_action_run asks);
 * none draws.  t is the target ui_action_run resolved. */
#ifndef HVTOP_ACT_VM_H
#define HVTOP_ACT_VM_H

struct app;
struct view_target;
struct act_ask;

/* seconds a shutdown may take before destroy is offered */
#define UI_SHUTDOWN_TIMEOUT_S 60

#define ACT_ON(fn) void fn(struct app *a, const struct view_target *t, int answer)
#define ACT_ASK(fn) void fn(const struct app *a, const struct view_target *t, \
			    struct act_ask *q)

/* w in view 1 (ui/act_trace.c) */
void act_write_trace(struct app *a);

ACT_ON(act_action_menu);
ACT_ON(act_start);
ACT_ON(act_shutdown);
ACT_ON(act_reboot);
ACT_ON(act_destroy);
ACT_ON(act_undefine);
ACT_ON(act_pause_resume);
ACT_ON(act_pause);
ACT_ON(act_resume);
ACT_ON(act_balloon);
ACT_ON(act_sched);
ACT_ASK(ask_destroy);
ACT_ASK(ask_undefine);
void act_messages(struct app *a);

ACT_ON(act_create);

ACT_ON(act_snapshot_create);
ACT_ON(act_snapshot_revert);
ACT_ON(act_snapshot_delete);
ACT_ASK(ask_snapshot_revert);
ACT_ASK(ask_snapshot_delete);
ACT_ON(act_job_cancel);

ACT_ON(act_host_add);
ACT_ON(act_host_remove);
ACT_ON(act_host_domains);
ACT_ASK(ask_host_remove);
ACT_ON(act_migrate);
ACT_ON(act_mig_downtime);
ACT_ON(act_mig_speed);
ACT_ON(act_mig_postcopy);
ACT_ON(act_mig_autoconverge);
ACT_ASK(ask_mig_postcopy);
ACT_ASK(ask_mig_autoconverge);

#endif
