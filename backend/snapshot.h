/* A domain's snapshots: the tree as plain structs for the snapshots view,
 * and jobs that list, create, revert and delete them.  No libvirt types. */
#ifndef HVTOP_SNAPSHOT_H
#define HVTOP_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/ops.h"

struct be_snapshot {
	char *name;
	char *parent;      /* NULL for a root */
	char *description; /* NULL when none */
	char *state;       /* the domain's state then: "running", "shutoff" */
	int64_t created;   /* seconds since the epoch */
	bool current;
	bool memory;       /* holds the memory state, not only the disks */
	int depth;         /* in the tree: 0 for roots */
	size_t ndesc;      /* descendants */
};

struct be_snapshot_list {
	unsigned host;
	char uuid[40];
	char *domain;
	size_t n;
	struct be_snapshot *v; /* in tree order: each parent before its children */
};

void be_snapshot_list_free(void *p);
/* Orders l->v depth-first, parents before children, siblings (and
 * roots) oldest first; sets depth and ndesc.  A snapshot whose parent is
 * not in the list counts as a root.  Exposed for unit tests. */
void be_snapshot_tree_order(struct be_snapshot_list *l);

/* data: a struct be_snapshot_list */
unsigned be_snap_op_list(struct be_jobs *js, const struct be_op_target *t,
			 be_job_done_fn done);
/* disk_only: no memory state (the guest's disks only) */
unsigned be_snap_op_create(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, const char *description,
			   bool disk_only, be_job_done_fn done);
unsigned be_snap_op_revert(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, be_job_done_fn done);
/* subtree: its descendants too; otherwise they are kept (re-parented) */
unsigned be_snap_op_delete(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, bool subtree, be_job_done_fn done);

#endif
