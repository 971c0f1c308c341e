/* Counting QMP commands (kvm/qmpcount.c) without tracefs: the probe's
 * offsets in libvirt's own QEMU driver module against readelf's, a
 * small ELF made here (a prelinked note, a truncated image), the lines
 * of the instance's trace_pipe, and the socket a local URI reaches. */
#include <config.h>
#include <check.h>
#include "tests/check_run.h"
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "kvm/qmpcount.h"

#define MODULE LIBVIRT_LIBDIR "/libvirt/connection-driver/libvirt_driver_qemu.so"

/* readelf -n's "Location" and "Semaphore" of the probe, turned into file
 * offsets with readelf -l's LOAD lines: an independent reading */
static void readelf_offsets(uint64_t *off, uint64_t *sem)
{
	FILE *p = popen("readelf -nlW " MODULE, "r");
	char line[512];
	uint64_t loc = 0, semva = 0, lo[8], va[8], sz[8];
	int nload = 0, in_probe = 0, i;
	ck_assert_msg(p != NULL, "cannot run readelf");
	while (fgets(line, sizeof(line), p)) {
		unsigned long long a, b, c, d;
		if (sscanf(line, " LOAD 0x%llx 0x%llx 0x%*x 0x%llx 0x%llx", &a, &b, &c, &d) == 4 &&
		    nload < 8) {
			lo[nload] = a;
			va[nload] = b;
			sz[nload++] = c;
		}
		if (strstr(line, "Name: qemu_monitor_send_msg"))
			in_probe = 1;
		else if (in_probe && sscanf(line, " Location: 0x%llx, Base: 0x%*x, Semaphore: 0x%llx",
					    &a, &b) == 2) {
			loc = a;
			semva = b;
			in_probe = 0;
		}
	}
	pclose(p);
	ck_assert_msg(loc != 0, "readelf shows no qemu_monitor_send_msg probe in " MODULE);
	*off = *sem = 0;
	for (i = 0; i < nload; i++) {
		if (loc >= va[i] && loc < va[i] + sz[i])
			*off = loc - va[i] + lo[i];
		if (semva && semva >= va[i] && semva < va[i] + sz[i])
			*sem = semva - va[i] + lo[i];
	}
}

static unsigned char *map_file(const char *path, size_t *len)
{
	int fd = open(path, O_RDONLY);
	struct stat st;
	void *m;
	ck_assert_msg(fd >= 0, "cannot open %s: libvirt's QEMU driver is a dependency", path);
	ck_assert_int_eq(fstat(fd, &st), 0);
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	ck_assert(m != MAP_FAILED);
	*len = (size_t)st.st_size;
	return m;
}

START_TEST(module_probe)
{
	size_t len;
	unsigned char *m = map_file(MODULE, &len);
	uint64_t off = 0, sem = 0, want_off, want_sem;
	readelf_offsets(&want_off, &want_sem);
	ck_assert_int_eq(kvm_stapsdt_find(m, len, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), 0);
	ck_assert_uint_eq(off, want_off);
	ck_assert_uint_eq(sem, want_sem);
	/* a probe it does not have, a provider it does not have */
	ck_assert_int_eq(kvm_stapsdt_find(m, len, "libvirt", "no_such_probe", &off, &sem), -1);
	ck_assert_int_eq(kvm_stapsdt_find(m, len, "qemu", "qemu_monitor_send_msg", &off, &sem), -1);
	/* cut short: the section table is past the end */
	ck_assert_int_eq(kvm_stapsdt_find(m, len / 2, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), -1);
	ck_assert_int_eq(kvm_stapsdt_find(m, 10, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), -1);
	munmap(m, len);
}
END_TEST

/* An ELF of three sections (.shstrtab, .stapsdt.base at 0x1100,
 * .note.stapsdt) and one LOAD at vaddr 0x1000 from offset 0x200, with
 * one note whose base says 0x1000: as if the file moved by 0x100 since
 * the note was written (prelink), the probe's pc 0x1010 is 0x1110 now. */
struct tiny {
	unsigned char b[0x400];
	size_t len;
};

static void tiny_build(struct tiny *t, uint64_t note_base)
{
	static const char shstr[] = "\0.shstrtab\0.stapsdt.base\0.note.stapsdt";
	Elf64_Ehdr eh = { 0 };
	Elf64_Phdr ph = { 0 };
	Elf64_Shdr sh[4];
	Elf64_Nhdr nh = { .n_namesz = 8, .n_type = 3 };
	unsigned char desc[64] = { 0 };
	uint64_t pc = 0x1010, sem = 0;
	size_t dl = 24, at;

	memset(t, 0, sizeof(*t));
	memset(sh, 0, sizeof(sh));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_phoff = sizeof(eh);
	eh.e_phentsize = sizeof(ph);
	eh.e_phnum = 1;
	eh.e_shoff = 0x300;
	eh.e_shentsize = sizeof(Elf64_Shdr);
	eh.e_shnum = 4;
	eh.e_shstrndx = 1;
	ph.p_type = PT_LOAD;
	ph.p_offset = 0x200;
	ph.p_vaddr = 0x1000;
	ph.p_filesz = 0x200;
	memcpy(t->b, &eh, sizeof(eh));
	memcpy(t->b + sizeof(eh), &ph, sizeof(ph));
	memcpy(t->b + 0x100, shstr, sizeof(shstr));
	sh[1].sh_name = 1;
	sh[1].sh_type = SHT_STRTAB;
	sh[1].sh_offset = 0x100;
	sh[1].sh_size = sizeof(shstr);
	sh[2].sh_name = 11;
	sh[2].sh_type = SHT_PROGBITS;
	sh[2].sh_addr = 0x1100;
	sh[3].sh_name = 25;
	sh[3].sh_type = SHT_NOTE;
	sh[3].sh_offset = 0x140;
	/* the note: "stapsdt", pc, base, semaphore, provider, name, args */
	memcpy(desc, &pc, 8);
	memcpy(desc + 8, &note_base, 8);
	memcpy(desc + 16, &sem, 8);
	memcpy(desc + dl, "libvirt", 8);
	dl += 8;
	memcpy(desc + dl, "qemu_monitor_send_msg", 22);
	dl += 22;
	desc[dl++] = '\0';
	nh.n_descsz = (Elf64_Word)dl;
	at = 0x140;
	memcpy(t->b + at, &nh, sizeof(nh));
	memcpy(t->b + at + sizeof(nh), "stapsdt", 8);
	memcpy(t->b + at + sizeof(nh) + 8, desc, dl);
	sh[3].sh_size = sizeof(nh) + 8 + ((dl + 3) & ~(size_t)3);
	memcpy(t->b + 0x300, sh, sizeof(sh));
	t->len = 0x300 + sizeof(sh);
}

START_TEST(moved_note)
{
	struct tiny t;
	uint64_t off = 0, sem = 1;
	tiny_build(&t, 0x1000);
	ck_assert_int_eq(kvm_stapsdt_find(t.b, t.len, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), 0);
	/* pc 0x1010 moved by 0x100 is 0x1110, in the LOAD at offset 0x200 */
	ck_assert_uint_eq(off, 0x310);
	ck_assert_uint_eq(sem, 0);
	/* not moved: 0x1010, offset 0x210 */
	tiny_build(&t, 0x1100);
	ck_assert_int_eq(kvm_stapsdt_find(t.b, t.len, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), 0);
	ck_assert_uint_eq(off, 0x210);
	/* a note that claims more than its section holds */
	tiny_build(&t, 0x1100);
	t.b[0x144] = 0xff;
	ck_assert_int_eq(kvm_stapsdt_find(t.b, t.len, "libvirt", "qemu_monitor_send_msg",
					  &off, &sem), -1);
}
END_TEST

START_TEST(trace_lines)
{
	/* as the instance's trace_pipe prints them with record-tgid */
	ck_assert_int_eq(kvm_qmp_line_pid(
		"         libvirtd-6774    (   6280) [001] DBZff 48466.587420: qmp: (0x7f6792126f9a)"), 6280);
	/* a thread name with spaces and brackets */
	ck_assert_int_eq(kvm_qmp_line_pid(
		"  rpc-worker (x)-812     (    800) [000] ..... 12.5: qmp: (0x1)"), 800);
	ck_assert_int_eq(kvm_qmp_line_pid(
		"           hvtop-6774    (-------) [001] ..... 48466.5: qmp: (0x1)"), -1);
	ck_assert_int_eq(kvm_qmp_line_pid("CPU:1 [LOST 12 EVENTS]"), -1);
	ck_assert_int_eq(kvm_qmp_line_pid(""), -1);
}
END_TEST

START_TEST(socket_paths)
{
	char *p;
	p = kvm_qmp_socket_of("qemu+unix:///system?socket=/tmp/a%20b/libvirt-sock&x=1");
	ck_assert_str_eq(p, "/tmp/a b/libvirt-sock");
	free(p);
	p = kvm_qmp_socket_of("qemu:///system?mode=legacy&socket=/run/x");
	ck_assert_str_eq(p, "/run/x");
	free(p);
	/* remote, another driver, another transport: no socket here */
	ck_assert_ptr_null(kvm_qmp_socket_of("qemu+ssh://host/system"));
	ck_assert_ptr_null(kvm_qmp_socket_of("qemu://host/system"));
	ck_assert_ptr_null(kvm_qmp_socket_of("test:///default"));
	ck_assert_ptr_null(kvm_qmp_socket_of("qemu+tcp:///system"));
	ck_assert(!kvm_qmp_local_uri("test+unix:///default"));
	ck_assert(kvm_qmp_local_uri("qemu:///embed?root=/x"));
	/* an embedded root is this process; a remote host is none */
	ck_assert_int_eq(kvm_qmp_server_pid("qemu:///embed?root=/x"), (long)getpid());
	ck_assert_int_eq(kvm_qmp_server_pid("qemu+ssh://host/system"), -1);
	ck_assert_int_eq(kvm_qmp_server_pid("test:///default"), -1);
	/* a local daemon whose socket is not there: local, no pid now */
	ck_assert_int_eq(kvm_qmp_server_pid("qemu+unix:///system?socket=/nonexistent/sock"), 0);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("qmp");
	TCase *tc = tcase_create("qmp");
	tcase_add_test(tc, module_probe);
	tcase_add_test(tc, moved_note);
	tcase_add_test(tc, trace_lines);
	tcase_add_test(tc, socket_paths);
	suite_add_tcase(s, tc);
	return check_run(s);
}
