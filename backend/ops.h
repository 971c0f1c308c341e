/* Domain operations: lifecycle, memory balloon, undefine, create, and the
 * queries their dialogs need.  Each runs as a job (backend/jobs.h) on a
 * worker thread and looks its domain up by UUID on its connection when it
 * runs, so a domain that vanished since it was selected gives "domain 'x'
 * no longer exists", never a stale handle.  No libvirt types here. */
#ifndef HVTOP_OPS_H
#define HVTOP_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "backend/jobs.h"
#include "backend/hooks.h"

struct be_conn;

/* job kinds (be_job_info.kind) */
enum be_op_kind {
	BE_OP_START = 1,
	BE_OP_SHUTDOWN,
	BE_OP_REBOOT,
	BE_OP_DESTROY,
	BE_OP_SUSPEND,
	BE_OP_RESUME,
	BE_OP_UNDEFINE,
	BE_OP_SETMEM,
	BE_OP_MEMINFO,
	BE_OP_ADDRS,
	BE_OP_STORAGE,
	BE_OP_HOSTINFO,
	BE_OP_CREATE,
	BE_OP_SNAP_LIST,
	BE_OP_SNAP_CREATE,
	BE_OP_SNAP_REVERT,
	BE_OP_SNAP_DELETE,
	BE_OP_SCHEDINFO, /* backend/sched.h */
	BE_OP_SCHED,
};

/* be_job_info.outcome of a shutdown that the guest did not finish in time */
#define BE_OUT_TIMEOUT 1
/* ... of an operation on a domain that no longer exists */
#define BE_OUT_GONE 2

/* the domain an operation is about */
struct be_op_target {
	struct be_conn *conn;
	unsigned host;
	const char *uuid;
	const char *name;
};

/* start, shutdown (waits up to timeout_s for the guest to power off:
 * outcome BE_OUT_TIMEOUT if it did not), reboot, destroy, suspend,
 * resume.  Returns the job id, 0 if no job could start. */
unsigned be_op_lifecycle(struct be_jobs *js, const struct be_op_target *t,
			 enum be_op_kind kind, int timeout_s,
			 be_job_done_fn done);

/* A domain's IP addresses, from the first source that knows any: the
 * DHCP lease of libvirt's network, else the guest agent, else the host's
 * ARP table (virDomainInterfaceAddresses).  data is a struct be_addrs. */
struct be_addr {
	char *iface;
	char *addr;
	unsigned prefix;
};
struct be_addrs {
	const char *source; /* "DHCP lease", "guest agent", "ARP"; NULL: none */
	size_t n;
	struct be_addr *v;
};
void be_addrs_free(void *p);
unsigned be_op_addrs(struct be_jobs *js, const struct be_op_target *t,
		     be_job_done_fn done);

/* The memory dialog's numbers: data is a struct be_meminfo. */
struct be_meminfo {
	int state;
	uint64_t cur_kib, max_kib;
	/* the guest's own view, 0 when it does not report it */
	uint64_t available_kib, usable_kib, unused_kib;
};
unsigned be_op_meminfo(struct be_jobs *js, const struct be_op_target *t,
		       be_job_done_fn done);
/* Sets the balloon (current memory) of a running domain, or the
 * configured current memory of a stopped one. */
unsigned be_op_setmem(struct be_jobs *js, const struct be_op_target *t,
		      uint64_t kib, be_job_done_fn done);

/* The storage an undefine could remove: data is a struct be_storage. */
struct be_storage {
	size_t n;
	char **paths;
};
void be_storage_free(void *p);
unsigned be_op_storage(struct be_jobs *js, const struct be_op_target *t,
		       be_job_done_fn done);
/* Undefines (with its snapshot metadata); then removes each of remove's
 * paths (NULL: none) as a storage volume, or as a local file. */
unsigned be_op_undefine(struct be_jobs *js, const struct be_op_target *t,
			const struct be_storage *remove, be_job_done_fn done);

/* What a host offers new guests: data is a struct be_hostinfo. */
struct be_hostinfo {
	char *type;      /* <domain type=>: "kvm", "qemu", "test" */
	char *arch;
	char *pool;      /* the storage pool new disks go to, or NULL */
	char *disk_dir;  /* its directory, or where qemu-img creates them */
	size_t nnets;
	char **nets;     /* libvirt networks */
	unsigned cpus;
	uint64_t mem_kib;
	bool local;      /* paths can be checked on this machine */
};
void be_hostinfo_free(void *p);
unsigned be_op_hostinfo(struct be_jobs *js, struct be_conn *c, unsigned host,
			be_job_done_fn done);

enum be_disk_mode { BE_DISK_NONE, BE_DISK_NEW, BE_DISK_EXISTING };

struct be_create_req {
	char *name;
	unsigned vcpus;
	uint64_t mem_kib;
	enum be_disk_mode disk;
	uint64_t disk_bytes; /* BE_DISK_NEW */
	char *disk_path;     /* BE_DISK_EXISTING */
	enum be_boot_mode boot;
	char *kernel, *initrd, *profile; /* BE_BOOT_KERNEL */
	char *iso;                       /* BE_BOOT_ISO */
	enum be_net_mode net;
	char *net_source;    /* bridge or network name */
	bool balloon_stats;
	bool start;
};
void be_create_req_free(void *p);
/* Creates the disk (if new), defines the domain, starts it (if asked);
 * whatever it made is removed again when a later step fails.  Takes req. */
unsigned be_op_create(struct be_jobs *js, struct be_conn *c, unsigned host,
		      struct be_create_req *req, be_job_done_fn done);

/* Whether the URI names this machine (no remote host part). */
bool be_uri_is_local(const char *uri);
/* "virsh -c URI WORD...": the virsh command an operation on c amounts to,
 * each word quoted for a shell where it needs it; the words end with
 * NULL.  For the message log, so the screen teaches the CLI.  malloc'd. */
struct be_conn;
char *be_virsh(const struct be_conn *c, const char *word, ...)
	__attribute__((sentinel));

/* --- scheduling (backend/sched_jobs.c) ---------------------------------- */

/* The scheduling dialog's figures: the job's data is a struct
 * be_schedinfo (backend/sched.h). */
struct be_sched_req;

unsigned be_op_schedinfo(struct be_jobs *js, const struct be_op_target *t,
			 be_job_done_fn done);
/* Applies r (copied); its connection then reads every domain's
 * scheduler parameters again. */
unsigned be_op_sched(struct be_jobs *js, const struct be_op_target *t,
		     const struct be_sched_req *r, be_job_done_fn done);

#endif
