#include <config.h>
#include "kvm/domxml.h"
#include "common/util.h"
#include "common/xml.h"
#include "backend/hooks.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>


static void os_xml(FILE *f, const struct be_guest *s, const char *cmdline)
{
	fputs("  <os>\n    <type", f);
	fputs(">hvm</type>\n", f);
	switch (s->boot) {
	case BE_BOOT_KERNEL:
		if (s->kernel)
			xml_elem(f, "    ", "kernel", s->kernel);
		if (s->initrd)
			xml_elem(f, "    ", "initrd", s->initrd);
		if (cmdline)
			xml_elem(f, "    ", "cmdline", cmdline);
		break;
	case BE_BOOT_ISO:
		fputs("    <boot dev='cdrom'/>\n    <boot dev='hd'/>\n", f);
		break;
	case BE_BOOT_DISK:
		fputs("    <boot dev='hd'/>\n", f);
		break;
	}
	fputs("  </os>\n", f);
}

static void disks_xml(FILE *f, const struct be_guest *s)
{
	if (s->disk_path) {
		fprintf(f, "    <disk type='%s' device='disk'>\n",
			s->disk_is_block ? "block" : "file");
		fputs("      <driver name='qemu'", f);
		xml_attr(f, "type", s->disk_format ? s->disk_format : "raw");
		fputs("/>\n      <source", f);
		xml_attr(f, s->disk_is_block ? "dev" : "file", s->disk_path);
		fputs("/>\n      <target dev='vda' bus='virtio'/>\n    </disk>\n", f);
	}
	if (s->boot == BE_BOOT_ISO && s->iso) {
		fputs("    <disk type='file' device='cdrom'>\n"
		      "      <driver name='qemu' type='raw'/>\n      <source", f);
		xml_attr(f, "file", s->iso);
		fputs("/>\n      <target dev='sda' bus='sata'/>\n"
		      "      <readonly/>\n    </disk>\n", f);
	}
}

static void net_xml(FILE *f, const struct be_guest *s)
{
	switch (s->net) {
	case BE_NET_NONE:
		return;
	case BE_NET_BRIDGE:
		fputs("    <interface type='bridge'>\n      <source", f);
		xml_attr(f, "bridge", s->net_source ? s->net_source : "");
		fputs("/>\n", f);
		break;
	case BE_NET_NETWORK:
		fputs("    <interface type='network'>\n      <source", f);
		xml_attr(f, "network", s->net_source ? s->net_source : "default");
		fputs("/>\n", f);
		break;
	case BE_NET_USER:
		fputs("    <interface type='user'>\n", f);
		break;
	}
	fputs("      <model type='virtio'/>\n    </interface>\n", f);
}

char *kvm_domxml_build(const struct be_guest *s, const char *cmdline)
{
	struct xml_doc d;
	FILE *f;
	if (!s->name)
		return NULL;
	xml_doc_open(&d);
	f = d.f;
	fputs("<domain", f);
	xml_attr(f, "type", s->type ? s->type : "kvm");
	fputs(">\n", f);
	xml_elem(f, "  ", "name", s->name);
	fprintf(f, "  <memory unit='KiB'>%" PRIu64 "</memory>\n", s->mem_kib);
	fprintf(f, "  <currentMemory unit='KiB'>%" PRIu64 "</currentMemory>\n",
		s->mem_kib);
	fprintf(f, "  <vcpu>%u</vcpu>\n", s->vcpus ? s->vcpus : 1);
	os_xml(f, s, cmdline);
	/* ACPI: libvirt's shutdown presses the guest's power button */
	fputs("  <features>\n    <acpi/>\n  </features>\n", f);
	fputs("  <on_poweroff>destroy</on_poweroff>\n"
	      "  <on_reboot>restart</on_reboot>\n"
	      "  <on_crash>destroy</on_crash>\n", f);
	fputs("  <devices>\n", f);
	disks_xml(f, s);
	net_xml(f, s);
	if (s->serial_log) {
		fputs("    <serial type='file'>\n      <source", f);
		xml_attr(f, "path", s->serial_log);
		fputs(" append='on'/>\n      <target port='0'/>\n    </serial>\n", f);
	} else {
		fputs("    <serial type='pty'>\n      <target port='0'/>\n"
		      "    </serial>\n", f);
	}
	fputs("    <memballoon model='virtio'>\n", f);
	/* the guest's own memory figures every 5 s (the detail view) */
	if (s->balloon_stats)
		fputs("      <stats period='5'/>\n", f);
	fputs("    </memballoon>\n  </devices>\n</domain>\n", f);
	return xml_doc_close(&d);
}
