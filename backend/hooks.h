/* Where hypervisor-specific code plugs into the backend.  The backend is
 * hypervisor-neutral and includes no kvm/ header; what only KVM/QEMU hosts
 * need (libvirt's embedded QEMU driver, guest XML with a demo kernel, the
 * TCG verdict) is reached through these, filled by kvm/ (kvm/hooks.h) and
 * handed to be_init() by ui/main.c.  Every member may be NULL. */
#ifndef HVTOP_BE_HOOKS_H
#define HVTOP_BE_HOOKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* libvirt's own typedef is virConnectPtr; named here without including
 * libvirt, so that ui/main.c can pass the hooks on without seeing it */
struct _virConnect;
struct be_vcpu;

enum be_boot_mode { BE_BOOT_KERNEL, BE_BOOT_ISO, BE_BOOT_DISK };
enum be_net_mode { BE_NET_NONE, BE_NET_BRIDGE, BE_NET_NETWORK, BE_NET_USER };

/* A new guest as the backend has worked it out from the create form and
 * the host: what the hooks turn into the hypervisor's <domain>. */
struct be_guest {
	const char *type;        /* <domain type=>: "kvm", "qemu", "test" */
	const char *name;
	unsigned vcpus;
	uint64_t mem_kib;        /* maximum and current */
	const char *disk_path;   /* NULL: no disk */
	const char *disk_format; /* "qcow2", "raw" */
	bool disk_is_block;      /* a block device, not a file */
	enum be_boot_mode boot;
	const char *kernel, *initrd; /* BE_BOOT_KERNEL */
	const char *profile;     /* BE_BOOT_KERNEL: the demo guest's workload */
	const char *iso;         /* BE_BOOT_ISO */
	enum be_net_mode net;
	const char *net_source;  /* bridge or network name */
	bool balloon_stats;
	const char *serial_log;  /* the serial console to a file; NULL: pty */
};

struct be_conn_hooks {
	/* Opens uri when it is one the hooks handle: 1 with *vc set, 0 when
	 * it is not theirs (the backend opens it), -1 with *err one sentence.
	 * first: the connection's first open (say on stderr what it waits
	 * for).  Runs with SIGINT/SIGTERM/SIGHUP/SIGQUIT blocked. */
	int (*open)(const char *uri, bool readonly, bool first,
		    struct _virConnect **vc, char **err);
	/* Closes a connection that open() made. */
	void (*close)(struct _virConnect *vc);
	/* Whether new guests on this machine must use TCG (KVM is there but
	 * unusable), from what the hooks found out earlier. */
	bool (*local_tcg_only)(void);
	/* The <domain> XML for a new guest, malloc'd. */
	char *(*guest_xml)(const struct be_guest *g);
	/* Host thread ids of a running guest's vCPUs: sets v[i].tid (0 where
	 * unknown) for its n vCPUs, matched by v[i].index.  uri is the
	 * connection's; a remote or non-QEMU one leaves every tid 0.  Called
	 * on the connection's sampler thread, for each active domain, when
	 * the per-vCPU data is needed (the tracer follows these threads). */
	void (*vcpu_threads)(const char *uri, const char *name,
			     struct be_vcpu *v, size_t n);
};

/* The hooks be_init() was given (never NULL: empty ones when none). */
const struct be_conn_hooks *be_hooks(void);

#endif
