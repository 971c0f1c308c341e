/* XML for new guests, their disks and snapshots.  Every value taken from
 * the user goes through xml_escape (common/xml.h), so a name such as  a'><x/>  stays
 * a name and never becomes markup.  No libvirt calls: unit-tested. */
#ifndef HVTOP_KVM_DOMXML_H
#define HVTOP_KVM_DOMXML_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum kvm_boot { KVM_BOOT_KERNEL, KVM_BOOT_ISO, KVM_BOOT_DISK };
enum kvm_net { KVM_NET_NONE, KVM_NET_BRIDGE, KVM_NET_NETWORK, KVM_NET_USER };

struct kvm_domspec {
	const char *type;        /* <domain type=>: "kvm", "qemu", "test" */
	const char *arch;        /* "x86_64"; NULL: left to libvirt */
	const char *name;
	unsigned vcpus;
	uint64_t mem_kib;        /* maximum and current */
	const char *disk_path;   /* NULL: no disk */
	const char *disk_format; /* "qcow2", "raw" */
	bool disk_is_block;      /* a block device, not a file */
	enum kvm_boot boot;
	const char *kernel, *initrd, *cmdline; /* KVM_BOOT_KERNEL */
	const char *iso;                       /* KVM_BOOT_ISO */
	enum kvm_net net;
	const char *net_source;  /* bridge or network name */
	unsigned balloon_period; /* balloon statistics every N s; 0: off */
	const char *serial_log;  /* the serial console to a file; NULL: pty */
};

/* A <domain> document, malloc'd (NULL only for a NULL name). */
char *kvm_domxml_build(const struct kvm_domspec *s);

#endif
