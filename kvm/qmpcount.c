/* Counting the QMP commands libvirt sends (kvm/qmpcount.h). */
#include <config.h>
#include "kvm/qmpcount.h"
#include "kvm/tracer.h"
#include "kvm/vcpus.h"
#include "kvm/embed.h"
#include "common/util.h"

#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#define TRACEFS_DIR "/sys/kernel/tracing"
/* a hit's line is ~90 bytes: 512 KiB a CPU holds thousands of commands,
 * seconds of a busy host between two drains */
#define QMP_BUF_KB "512"

struct qmp_pid {
	long pid;
	uint64_t sent;
};

struct kvm_qmp {
	char inst[256];
	char group[64];   /* hvtop_PID: the uprobe's event group */
	int fd;           /* the instance's trace_pipe, non-blocking */
	char part[512];   /* a line cut by the end of a read */
	size_t npart;
	struct qmp_pid *pids;
	size_t npids;
};

/* --- ELF: the probe's note ---------------------------------------------- */

/* Written by hand: libelf is not a dependency for two tables.  The note
 * layout is SystemTap's (sys/sdt.h): pc, base, semaphore, then the
 * provider, name and argument strings. */
static bool in_image(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

/* the file offset of virtual address va (a PT_LOAD covers it), 0 if none */
static uint64_t va_to_off(const unsigned char *elf, size_t len,
			  const Elf64_Ehdr *eh, uint64_t va)
{
	unsigned i;
	for (i = 0; i < eh->e_phnum; i++) {
		Elf64_Phdr ph;
		uint64_t at = eh->e_phoff + (uint64_t)i * eh->e_phentsize;
		if (!in_image(len, at, sizeof(ph)))
			return 0;
		memcpy(&ph, elf + at, sizeof(ph));
		if (ph.p_type == PT_LOAD && va >= ph.p_vaddr &&
		    va < ph.p_vaddr + ph.p_filesz)
			return va - ph.p_vaddr + ph.p_offset;
	}
	return 0;
}

int kvm_stapsdt_find(const unsigned char *elf, size_t len, const char *provider,
		     const char *name, uint64_t *off, uint64_t *sem_off)
{
	Elf64_Ehdr eh;
	Elf64_Shdr sh, strtab;
	uint64_t note_at = 0, note_size = 0, base_addr = 0, pos;
	bool have_base = false;
	unsigned i;

	if (!in_image(len, 0, sizeof(eh)))
		return -1;
	memcpy(&eh, elf, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0 ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_shentsize != sizeof(sh) ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_shstrndx >= eh.e_shnum ||
	    !in_image(len, eh.e_shoff, (uint64_t)eh.e_shnum * sizeof(sh)))
		return -1;
	memcpy(&strtab, elf + eh.e_shoff + (uint64_t)eh.e_shstrndx * sizeof(sh),
	       sizeof(strtab));
	for (i = 0; i < eh.e_shnum; i++) {
		const char *sname;
		memcpy(&sh, elf + eh.e_shoff + (uint64_t)i * sizeof(sh), sizeof(sh));
		if (!in_image(len, strtab.sh_offset, strtab.sh_size) ||
		    sh.sh_name >= strtab.sh_size)
			continue;
		sname = (const char *)elf + strtab.sh_offset + sh.sh_name;
		if (!memchr(sname, '\0', strtab.sh_size - sh.sh_name))
			continue;
		if (strcmp(sname, ".note.stapsdt") == 0 && sh.sh_type == SHT_NOTE) {
			note_at = sh.sh_offset;
			note_size = sh.sh_size;
		} else if (strcmp(sname, ".stapsdt.base") == 0) {
			base_addr = sh.sh_addr;
			have_base = true;
		}
	}
	if (!note_size || !in_image(len, note_at, note_size))
		return -1;
	for (pos = 0; pos + sizeof(Elf64_Nhdr) <= note_size;) {
		Elf64_Nhdr nh;
		const unsigned char *n = elf + note_at + pos;
		uint64_t name_sz, desc_sz, desc_at;
		memcpy(&nh, n, sizeof(nh));
		name_sz = (nh.n_namesz + 3u) & ~3u;
		desc_sz = (nh.n_descsz + 3u) & ~3u;
		desc_at = pos + sizeof(nh) + name_sz;
		if (desc_at + desc_sz > note_size)
			return -1;
		if (nh.n_type == 3 && nh.n_namesz == 8 &&
		    memcmp(n + sizeof(nh), "stapsdt", 8) == 0 && nh.n_descsz > 24) {
			const unsigned char *d = elf + note_at + desc_at;
			const char *prov = (const char *)d + 24, *pname, *end;
			uint64_t pc, base, sem;
			end = (const char *)d + nh.n_descsz;
			pname = memchr(prov, '\0', (size_t)(end - prov));
			if (pname && ++pname < end && memchr(pname, '\0', (size_t)(end - pname)) &&
			    strcmp(prov, provider) == 0 && strcmp(pname, name) == 0) {
				memcpy(&pc, d, 8);
				memcpy(&base, d + 8, 8);
				memcpy(&sem, d + 16, 8);
				/* prelinked or moved: the note's base says where
				 * .stapsdt.base was when the note was written */
				if (have_base && base) {
					pc += base_addr - base;
					if (sem)
						sem += base_addr - base;
				}
				*off = va_to_off(elf, len, &eh, pc);
				*sem_off = sem ? va_to_off(elf, len, &eh, sem) : 0;
				return *off && (!sem || *sem_off) ? 0 : -1;
			}
		}
		pos = desc_at + desc_sz;
	}
	return -1;
}

/* --- which file, which process ------------------------------------------- */

/* The QEMU driver module: the one this process has loaded (an embedded
 * root), else the one libvirt installs. */
static char *driver_module(void)
{
	FILE *f = fopen("/proc/self/maps", "re");
	char line[4096];
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strchr(line, '/');
		if (p && strstr(p, "/libvirt_driver_qemu.so")) {
			p[strcspn(p, "\n")] = '\0';
			fclose(f);
			return xstrdup(p);
		}
	}
	if (f)
		fclose(f);
	return xstrdup(LIBVIRT_LIBDIR "/libvirt/connection-driver/libvirt_driver_qemu.so");
}

static int probe_offsets(const char *path, uint64_t *off, uint64_t *sem)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = -1;
	struct stat st;
	void *m;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) == 0 && st.st_size > 0) {
		m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (m != MAP_FAILED) {
			r = kvm_stapsdt_find(m, (size_t)st.st_size, "libvirt",
					     "qemu_monitor_send_msg", off, sem);
			munmap(m, (size_t)st.st_size);
		}
	}
	close(fd);
	return r;
}

char *kvm_qmp_socket_of(const char *uri)
{
	static const char *const names[] = {
		"virtqemud-sock", "virtqemud-sock-ro", "libvirt-sock", "libvirt-sock-ro",
	};
	const char *path = kvm_local_qemu_path(uri);
	char *dir, *sock;
	size_t i;

	if (!path)
		return NULL;
	sock = kvm_uri_socket(uri);
	if (sock)
		return sock;
	if (strncmp(path, "/system", 7) == 0 && (!path[7] || path[7] == '?'))
		dir = xstrdup("/run/libvirt");
	else if (strncmp(path, "/session", 8) == 0 && (!path[8] || path[8] == '?'))
		dir = kvm_user_runtime_dir();
	else
		return NULL;
	/* the daemon libvirt's client would pick: the per-driver one first */
	for (i = 0; dir && i < ARRAY_SIZE(names); i++) {
		char *p = xasprintf("%s/%s", dir, names[i]);
		if (access(p, F_OK) == 0) {
			free(dir);
			return p;
		}
		free(p);
	}
	free(dir);
	return NULL;
}

bool kvm_qmp_local_uri(const char *uri)
{
	return kvm_local_qemu_path(uri) != NULL;
}

long kvm_qmp_server_pid(const char *uri)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct ucred cred;
	socklen_t cl = sizeof(cred);
	char *path;
	long pid = 0;
	int fd;

	path = kvm_embed_root_of(uri);
	if (path) {
		free(path);
		return (long)getpid();
	}
	path = kvm_qmp_socket_of(uri);
	if (!path)
		return kvm_qmp_local_uri(uri) ? 0 : -1;
	/* the daemon's pid is its socket's peer: connect, ask, hang up
	 * (the daemon sees a client that sends nothing and goes) */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && strlen(path) < sizeof(sa.sun_path)) {
		strcpy(sa.sun_path, path);
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0 &&
		    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &cl) == 0 &&
		    cred.pid > 0)
			pid = cred.pid;
	}
	if (fd >= 0)
		close(fd);
	free(path);
	return pid;
}

/* --- tracefs --------------------------------------------------------------- */

static void remove_probe(long pid)
{
	char path[512], def[96];
	snprintf(path, sizeof(path), TRACEFS_DIR "/instances/hvtop-qmp-%ld/events/hvtop_%ld/qmp/enable",
		 pid, pid);
	kvm_tracefs_write(path, "0", false);
	snprintf(path, sizeof(path), TRACEFS_DIR "/instances/hvtop-qmp-%ld", pid);
	rmdir(path);
	snprintf(def, sizeof(def), "-:hvtop_%ld/qmp\n", pid);
	kvm_tracefs_write(TRACEFS_DIR "/uprobe_events", def, true);
}

/* Probes and instances of hvtop processes that are gone (kill -9) */
static void remove_stale(void)
{
	FILE *f = fopen(TRACEFS_DIR "/uprobe_events", "re");
	DIR *d = opendir(TRACEFS_DIR "/instances");
	char line[1024];
	struct dirent *e;
	while (f && fgets(line, sizeof(line), f)) {
		long pid;
		if (sscanf(line, "p:hvtop_%ld/qmp", &pid) == 1 && !kvm_hvtop_alive(pid))
			remove_probe(pid);
	}
	if (f)
		fclose(f);
	while (d && (e = readdir(d))) {
		char *end;
		long pid;
		if (strncmp(e->d_name, "hvtop-qmp-", 10) != 0)
			continue;
		pid = strtol(e->d_name + 10, &end, 10);
		if (!*end && pid > 0 && !kvm_hvtop_alive(pid))
			remove_probe(pid);
	}
	if (d)
		closedir(d);
}

struct kvm_qmp *kvm_qmp_open(char *why, size_t n)
{
	struct kvm_qmp *q;
	char *mod, def[4400], path[512];
	uint64_t off, sem;

	if (!kvm_tracefs_ready(why, n))
		return NULL;
	mod = driver_module();
	if (probe_offsets(mod, &off, &sem) < 0) {
		snprintf(why, n, "%s has no qemu_monitor_send_msg probe to count QMP commands by",
			 mod);
		free(mod);
		return NULL;
	}
	remove_stale();
	q = xcalloc(1, sizeof(*q));
	q->fd = -1;
	snprintf(q->group, sizeof(q->group), "hvtop_%ld", (long)getpid());
	snprintf(q->inst, sizeof(q->inst), TRACEFS_DIR "/instances/hvtop-qmp-%ld",
		 (long)getpid());
	if (sem)
		snprintf(def, sizeof(def), "p:%s/qmp %s:0x%llx(0x%llx)\n", q->group, mod,
			 (unsigned long long)off, (unsigned long long)sem);
	else
		snprintf(def, sizeof(def), "p:%s/qmp %s:0x%llx\n", q->group, mod,
			 (unsigned long long)off);
	free(mod);
	if (kvm_tracefs_write(TRACEFS_DIR "/uprobe_events", def, true) < 0) {
		snprintf(why, n, "the kernel takes no uprobe to count QMP commands (%s)",
			 strerror(errno));
		free(q);
		return NULL;
	}
	if (mkdir(q->inst, 0700) < 0 && errno != EEXIST) {
		snprintf(why, n, "no tracefs instance to count QMP commands (%s)",
			 strerror(errno));
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/options/record-tgid", q->inst);
	if (kvm_tracefs_write(path, "1", false) < 0) {
		snprintf(why, n, "tracefs records no process ids here");
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/buffer_size_kb", q->inst);
	kvm_tracefs_write(path, QMP_BUF_KB, false);
	snprintf(path, sizeof(path), "%s/events/%s/qmp/enable", q->inst, q->group);
	if (kvm_tracefs_write(path, "1", false) < 0) {
		snprintf(why, n, "cannot enable the QMP uprobe (%s)", strerror(errno));
		goto fail;
	}
	snprintf(path, sizeof(path), "%s/trace_pipe", q->inst);
	q->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (q->fd < 0) {
		snprintf(why, n, "cannot read the QMP uprobe's hits (%s)", strerror(errno));
		goto fail;
	}
	return q;
fail:
	kvm_qmp_close(q);
	return NULL;
}

long kvm_qmp_line_pid(const char *line)
{
	/* "   comm-TID    (   TGID) [001] ..... ts: qmp: (ip)": the TGID is
	 * in the parentheses right before the CPU */
	const char *cpu = strstr(line, ") [");
	const char *open;
	char *end;
	long pid;
	if (!cpu || !strstr(cpu, ": qmp:"))
		return -1;
	for (open = cpu; open > line && *open != '('; open--)
		;
	if (*open != '(')
		return -1;
	pid = strtol(open + 1, &end, 10);
	return end == cpu && pid > 0 ? pid : -1;
}

static void count_line(struct kvm_qmp *q, const char *line)
{
	long pid = kvm_qmp_line_pid(line);
	size_t i;
	if (pid < 0)
		return;
	for (i = 0; i < q->npids; i++)
		if (q->pids[i].pid == pid) {
			q->pids[i].sent++;
			return;
		}
	q->pids = xrealloc(q->pids, (q->npids + 1) * sizeof(*q->pids));
	q->pids[q->npids++] = (struct qmp_pid){ pid, 1 };
}

void kvm_qmp_drain(struct kvm_qmp *q)
{
	char buf[8192];
	ssize_t r;
	if (!q || q->fd < 0)
		return;
	while ((r = read(q->fd, buf, sizeof(buf))) > 0) {
		ssize_t i, start = 0;
		for (i = 0; i < r; i++) {
			if (buf[i] != '\n')
				continue;
			if (q->npart) {
				/* the rest of a line the previous read cut */
				size_t k = (size_t)(i - start);
				if (q->npart + k >= sizeof(q->part))
					k = sizeof(q->part) - q->npart - 1;
				memcpy(q->part + q->npart, buf + start, k);
				q->part[q->npart + k] = '\0';
				count_line(q, q->part);
				q->npart = 0;
			} else {
				buf[i] = '\0';
				count_line(q, buf + start);
			}
			start = i + 1;
		}
		if (start < r) {
			size_t k = (size_t)(r - start);
			if (q->npart + k >= sizeof(q->part))
				k = sizeof(q->part) - q->npart - 1;
			memcpy(q->part + q->npart, buf + start, k);
			q->npart += k;
		}
	}
}

uint64_t kvm_qmp_sent(const struct kvm_qmp *q, long pid)
{
	size_t i;
	for (i = 0; q && i < q->npids; i++)
		if (q->pids[i].pid == pid)
			return q->pids[i].sent;
	return 0;
}

void kvm_qmp_close(struct kvm_qmp *q)
{
	if (!q)
		return;
	if (q->fd >= 0)
		close(q->fd);
	remove_probe((long)getpid());
	free(q->pids);
	free(q);
}
