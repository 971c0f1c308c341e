#include <config.h>
#include "kvm/embed.h"
#include "kvm/embed_priv.h"
#include "common/signals.h"
#include "kvm/run.h"
#include "common/util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>
#include <libvirt/virterror.h>

#define EMBED_PREFIX "qemu:///embed?root="
#define CONF_MARK "# hvtop: this file is rewritten at every start"
#define CONF_KEEP "# hvtop: keep"

/* libvirt initialises its embedded driver once per process and for one
 * root only, so which root this process holds is process-wide by nature. */
static struct {
	char *root;
	int lock_fd;
} held = { NULL, -1 };

static void sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
	nanosleep(&ts, NULL);
}

char *kvm_state_dir(char **err)
{
	const char *x = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	struct passwd *pw;
	if (x && x[0] == '/')
		return xasprintf("%s/hvtop", x);
	if (!home || home[0] != '/') {
		pw = getpwuid(geteuid());
		home = pw && pw->pw_dir && pw->pw_dir[0] == '/' ? pw->pw_dir : NULL;
	}
	if (!home) {
		*err = xstrdup("cannot find a state directory: set XDG_STATE_HOME or HOME");
		return NULL;
	}
	return xasprintf("%s/.local/state/hvtop", home);
}

int kvm_private_dir(const char *path)
{
	struct stat st;
	if (mkdir_p(path, 0700) < 0 || stat(path, &st) < 0)
		return -1;
	/* made earlier with a looser umask, or by an older hvtop */
	if ((st.st_mode & 077) && st.st_uid == geteuid() && chmod(path, 0700) < 0)
		return -1;
	return 0;
}

char *kvm_embed_default_uri(char **err)
{
	char *dir = kvm_state_dir(err), *uri;
	if (!dir)
		return NULL;
	uri = xasprintf(EMBED_PREFIX "%s/embed", dir);
	free(dir);
	return uri;
}

char *kvm_embed_root_of(const char *uri)
{
	const char *p, *q;
	if (!uri || strncmp(uri, "qemu:///embed", 13) != 0)
		return NULL;
	p = strstr(uri, "root=");
	if (!p)
		return NULL;
	p += 5;
	q = strchr(p, '&');
	return q ? xasprintf("%.*s", (int)(q - p), p) : xstrdup(p);
}

static int write_conf(const char *root, char **err)
{
	char *etc = xasprintf("%s/etc", root), *path = xasprintf("%s/qemu.conf", etc);
	char *tmp = xasprintf("%s.tmp", path), line[256], want[1024], have[1024];
	size_t n = 0;
	FILE *f;
	int r = -1;

	snprintf(want, sizeof(want), CONF_MARK "\n"
		 "# (add a line \"" CONF_KEEP "\" to keep your own edits).\n"
		 "# QEMU's stdout/stderr go to files: no virtlogd daemon needed.\n"
		 "stdio_handler = \"file\"\n"
		 /* A QEMU user that cannot open /dev/kvm makes libvirt re-probe
		  * QEMU's capabilities at every call (tens of seconds each). */
		 "%s"
		 /* No ownership xattrs on the guests' files: they would only
		  * produce "Invalid XATTR timestamp" warnings after a host
		  * reboot. */
		 "remember_owner = 0\n",
		 geteuid() == 0 ? "user = \"root\"\ngroup = \"root\"\n" : "");
	f = fopen(path, "r");
	if (f) {
		bool keep = false;
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, CONF_KEEP, strlen(CONF_KEEP)) == 0)
				keep = true;
			if (n + strlen(line) < sizeof(have)) {
				memcpy(have + n, line, strlen(line));
				n += strlen(line);
			}
		}
		fclose(f);
		have[n] = '\0';
		/* already so (or the user's own): nothing to write, so a full
		 * disk does not keep hvtop from watching its guests */
		if (keep || strcmp(have, want) == 0) {
			r = 0;
			goto out;
		}
	}
	if (mkdir_p(etc, 0700) < 0 || !(f = fopen(tmp, "w"))) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	fputs(want, f);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		*err = xasprintf("cannot write %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	r = 0;
out:
	free(etc);
	free(path);
	free(tmp);
	return r;
}

/* The pid holding a POSIX lock on libvirt's own run/qemu/driver.pid: a
 * virsh or another program using the root without our lock file. */
static long libvirt_holder(const char *root)
{
	char *path = xasprintf("%s/run/qemu/driver.pid", root);
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int fd = open(path, O_RDWR | O_CLOEXEC);
	long pid = 0;
	free(path);
	if (fd < 0)
		return 0;
	if (fcntl(fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		pid = fl.l_pid;
	close(fd);
	return pid;
}

static long read_pid(int fd)
{
	char buf[32];
	ssize_t n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	return strtol(buf, NULL, 10);
}

/* The first line of a /proc comm file, without its newline; "" if unread. */
static void read_comm(const char *path, char *comm, size_t len)
{
	FILE *f = fopen(path, "r");
	comm[0] = '\0';
	if (!f)
		return;
	if (fgets(comm, (int)len, f))
		comm[strcspn(comm, "\n")] = '\0';
	fclose(f);
}

/* Whether PID's file descriptor FD holds a flock: the kernel lists the
 * locks an open file holds in its fdinfo ("lock:" lines).  Other hvtops
 * waiting for the lock have the file open too, but hold nothing. */
static bool fd_holds_lock(long pid, const char *fd)
{
	char path[300], line[256];
	bool held = false;
	FILE *f;
	snprintf(path, sizeof(path), "/proc/%ld/fdinfo/%s", pid, fd);
	if (!(f = fopen(path, "r")))
		return false;
	while (!held && fgets(line, sizeof(line), f))
		held = strncmp(line, "lock:", 5) == 0;
	fclose(f);
	return held;
}

/* Whether PID has the file WANT open through a descriptor holding its lock. */
static bool pid_holds(long pid, const struct stat *want)
{
	char path[300];
	struct dirent *f;
	struct stat st;
	bool found = false;
	DIR *fds;
	snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
	if (!(fds = opendir(path)))
		return false;
	while (!found && (f = readdir(fds))) {
		snprintf(path, sizeof(path), "/proc/%ld/fd/%s", pid, f->d_name);
		found = f->d_name[0] != '.' && stat(path, &st) == 0 &&
			st.st_dev == want->st_dev && st.st_ino == want->st_ino &&
			fd_holds_lock(pid, f->d_name);
	}
	closedir(fds);
	return found;
}

/* The process holding the lock file's lock, found through /proc (flock has
 * no F_GETLK to name its holder, and the pid written in the file names the
 * process that took the lock, not a child that inherited it).  WROTE, the
 * pid in the file, is preferred when it still holds the lock.  Fills COMM;
 * 0 when none is found. */
static long lock_file_holder(const char *lock, long wrote, char *comm, size_t len)
{
	struct stat want;
	struct dirent *e;
	long found = 0;
	DIR *proc;

	if (stat(lock, &want) < 0)
		return 0;
	if (wrote > 0 && pid_holds(wrote, &want))
		found = wrote;
	else if ((proc = opendir("/proc"))) {
		while (!found && (e = readdir(proc))) {
			long pid = strtol(e->d_name, NULL, 10);
			if (pid > 0 && pid != (long)getpid() && pid_holds(pid, &want))
				found = pid;
		}
		closedir(proc);
	}
	if (found) {
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/comm", found);
		read_comm(path, comm, len);
		if (!comm[0])
			snprintf(comm, len, "another process");
	}
	return found;
}

/* Takes the lock, waiting up to 3 s for a holder that is on its way out:
 * an hvtop that was just told to quit still waits for libvirt's threads,
 * and a child it forked can hold the lock for a moment after it exited.
 * A holder that stays is reported, not waited for. */
static int lock_briefly(int fd)
{
	int i;
	for (i = 0; i < 30; i++) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 0;
		if (errno != EWOULDBLOCK)
			return -1;
		usleep(100000);
	}
	errno = EWOULDBLOCK;
	return -1;
}

/* hvtop's state dir holds the embedded root and the demo's disks: made
 * private like the root, when the root is the default one inside it */
static void private_state_dir(const char *root)
{
	char *err = NULL, *dir = kvm_state_dir(&err);
	size_t n = dir ? strlen(dir) : 0;
	if (dir && strncmp(root, dir, n) == 0 && strcmp(root + n, "/embed") == 0)
		kvm_private_dir(dir);
	free(dir);
	free(err);
}

/* Below this much free space the root is not opened: libvirt records
 * each running guest's state there as it reconnects to it, and stops a
 * guest whose state it cannot record (seen with the disk full: the demo
 * guest killed, "already exists" after). */
#define ROOT_MIN_FREE (4ull << 20)

static int disk_full(const char *root, char **err)
{
	struct statvfs v;
	unsigned long long avail;
	if (statvfs(root, &v) < 0)
		return 0; /* the open says what is wrong */
	avail = (unsigned long long)v.f_bavail * v.f_frsize;
	if (avail >= ROOT_MIN_FREE)
		return 0;
	*err = xasprintf("the disk holding %s is full (%llu KiB free): libvirt would stop the running guests whose state it cannot record; free some space first",
			 root, avail >> 10);
	return -1;
}

int kvm_embed_prepare(const char *root, char **err)
{
	char *lock = NULL, *log = NULL, pidbuf[32];
	long pid;
	int fd = -1, n;

	if (held.root) {
		if (strcmp(held.root, root) == 0)
			return 0;
		*err = xasprintf("this hvtop already uses the embedded root %s; libvirt allows one per process", held.root);
		return -1;
	}
	if (root[0] != '/') {
		*err = xasprintf("the embedded root '%s' must be an absolute path", root);
		return -1;
	}
	/* the root holds the guests' disks' paths, logs and QEMU's sockets */
	if (kvm_private_dir(root) < 0) {
		*err = xasprintf("cannot create the embedded root %s: %s", root, strerror(errno));
		return -1;
	}
	private_state_dir(root);

	lock = xasprintf("%s/hvtop.lock", root);
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		*err = xasprintf("cannot open %s: %s", lock, strerror(errno));
		goto fail;
	}
	if (lock_briefly(fd) < 0) {
		char comm[64];
		long holder;
		pid = errno == EWOULDBLOCK ? read_pid(fd) : -1;
		holder = pid > 0 ? lock_file_holder(lock, pid, comm, sizeof(comm)) : 0;
		if (holder > 0 && holder != pid)
			/* a process the holder started kept the lock: name both */
			*err = xasprintf("the embedded driver in %s is in use: %s (pid %ld), started by hvtop (pid %ld), still holds its lock", root, comm, holder, pid);
		else if (pid > 0)
			*err = xasprintf("the embedded driver in %s is in use by hvtop (pid %ld); only one process can hold it, quit that one first", root, pid);
		else
			*err = xasprintf("the embedded driver in %s is in use by another process; only one process can hold it", root);
		goto fail;
	}
	if (disk_full(root, err) < 0)
		goto fail;
	/* our lock keeps other hvtops out; libvirt's own keeps out the rest */
	pid = libvirt_holder(root);
	if (pid > 0) {
		*err = xasprintf("the embedded driver in %s is in use by another program (pid %ld); only one process can hold it, quit that one first", root, pid);
		goto fail;
	}
	n = snprintf(pidbuf, sizeof(pidbuf), "%ld\n", (long)getpid());
	if (ftruncate(fd, 0) < 0 || pwrite(fd, pidbuf, (size_t)n, 0) != n) {
		*err = xasprintf("cannot write %s: %s", lock, strerror(errno));
		goto fail;
	}
	if (write_conf(root, err) < 0)
		goto fail;
	/* libvirt prints its warnings on stderr (over the screen) unless told
	 * otherwise; read when libvirt initialises, so this must come first */
	if (!getenv("LIBVIRT_LOG_OUTPUTS")) {
		log = xasprintf("3:file:%s/libvirt.log", root);
		setenv("LIBVIRT_LOG_OUTPUTS", log, 0);
		/* processes libvirt forks (to label files, to start QEMU) log
		 * on stderr whatever the outputs say: errors only, there */
		if (!getenv("LIBVIRT_DEBUG"))
			setenv("LIBVIRT_DEBUG", "4", 0);
	}
	held.root = xstrdup(root);
	held.lock_fd = fd;
	free(lock);
	free(log);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(lock);
	return -1;
}

int kvm_embed_claim(const char *uri, char **err)
{
	char *root = kvm_embed_root_of(uri);
	int r;
	if (!root)
		return 0;
	r = kvm_embed_prepare(root, err) < 0 ? -1 : 1;
	free(root);
	return r;
}

const char *kvm_embed_held_root(void)
{
	return held.root;
}

/* How many of this process's threads are libvirt reconnect threads
 * (virThreadCreateFull names them "init-<domain>"). */
static int reconnect_threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;
	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[300], comm[32];
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		read_comm(path, comm, sizeof(comm));
		if (strncmp(comm, "init-", 5) == 0)
			n++;
	}
	closedir(d);
	return n;
}

/* Is the domain's job still taken (by its reconnect: nothing else of ours
 * runs yet)?  GetControlInfo takes the domain's lock, which the reconnect
 * thread holds from before it exists until it enters the monitor, so this
 * cannot answer "free" before that thread has started. */
static bool domain_busy(virDomainPtr d)
{
	virDomainControlInfo ci;
	if (virDomainGetControlInfo(d, &ci, 0) < 0)
		return false; /* gone or no longer active: nothing to wait for */
	if (ci.state == VIR_DOMAIN_CONTROL_OK)
		return false;
	/* a broken monitor never frees up: leave it to the thread check */
	return !(ci.state == VIR_DOMAIN_CONTROL_ERROR &&
		 ci.details == VIR_DOMAIN_CONTROL_ERROR_REASON_MONITOR);
}

int kvm_embed_settle(virConnectPtr vc, int timeout_ms, bool progress,
		     char **err)
{
	int64_t start = mono_ns(), deadline = start + (int64_t)timeout_ms * 1000000;
	virDomainPtr *doms = NULL;
	int n, i, busy, threads;
	bool said = false;
	char *msg = NULL;

	n = virConnectListAllDomains(vc, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
	if (n < 0) {
		virErrorPtr e = virGetLastError();
		*err = xasprintf("cannot list the embedded driver's domains: %s",
				 e && e->message ? e->message : "unknown error");
		return -1;
	}
	for (;;) {
		busy = 0;
		for (i = 0; i < n; i++)
			if (doms[i] && domain_busy(doms[i]))
				busy++;
		threads = reconnect_threads();
		if (!busy && !threads)
			break;
		if (mono_ns() > deadline) {
			msg = xasprintf("libvirt did not finish reconnecting to %d running guest%s within %d s",
					 busy > threads ? busy : threads,
					 (busy > threads ? busy : threads) == 1 ? "" : "s",
					 timeout_ms / 1000);
			break;
		}
		if (progress && !said && mono_ns() - start > 1000000000LL) {
			fprintf(stderr, "hvtop: waiting for libvirt to reconnect to %d running guest%s\n",
				n, n == 1 ? "" : "s");
			said = true;
		}
		sleep_ms(20);
	}
	for (i = 0; i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
	if (msg)
		*err = msg;
	return msg ? -1 : 0;
}

/* reconnect threads normally end within a second of the open (settle
 * waited for them); one still there waits for a QEMU that does not answer */
#define QUIESCE_MS 500

void kvm_embed_quiesce(int timeout_ms)
{
	int64_t deadline = mono_ns() + (int64_t)timeout_ms * 1000000;
	while (reconnect_threads() && mono_ns() < deadline)
		sleep_ms(20);
}

/* How long hvtop's own connection waits for libvirt's reconnect before it
 * goes on without the guests still reconnecting: a guest whose QEMU never
 * answers (stopped, wedged) would otherwise hold every other one.  The
 * sampler lists those as not answering and asks them nothing
 * (backend/conn.c, find_stuck). */
#define SETTLE_HVTOP_MS 3000

static int connect_with(const char *uri, bool readonly, bool progress,
			virConnectPtr *vcp, char **err, int settle_ms, bool must_settle);

int kvm_embed_connect(const char *uri, bool readonly, bool progress,
		      virConnectPtr *vcp, char **err)
{
	return connect_with(uri, readonly, progress, vcp, err, SETTLE_HVTOP_MS, false);
}

static int connect_with(const char *uri, bool readonly, bool progress,
			virConnectPtr *vcp, char **err, int settle_ms, bool must_settle)
{
	virConnectPtr vc;
	sigset_t old;
	int r;

	*vcp = NULL;
	/* our lock on the root before libvirt's (idempotent when main took
	 * it early), and no call on a domain before libvirt has reconnected
	 * to it */
	if ((r = kvm_embed_claim(uri, err)) <= 0)
		return r;
	block_term_signals(&old);
	vc = readonly ? virConnectOpenReadOnly(uri) :
		virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
	if (!vc) {
		virErrorPtr e = virGetLastError();
		*err = xasprintf("cannot connect to '%s': %s", uri,
				 e && e->message ? e->message : "unknown error");
	} else if (kvm_embed_settle(vc, settle_ms, progress, err) < 0) {
		if (must_settle) {
			kvm_embed_close(vc);
			vc = NULL;
		} else {
			free(*err);
			*err = NULL;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	*vcp = vc;
	return vc ? 1 : -1;
}

void kvm_embed_close(virConnectPtr vc)
{
	kvm_embed_quiesce(QUIESCE_MS);
	/* A reconnect still waiting for its QEMU (stopped, wedged) fails when
	 * the driver closes under it, and libvirt then kills that guest
	 * ("shutting down, reason=daemon").  Left open, the process ends
	 * without that: the QEMU runs on, and the next open reconnects. */
	if (reconnect_threads())
		return;
	virConnectClose(vc);
}

virConnectPtr kvm_embed_open(const char *root, bool progress, char **err)
{
	char *uri = xasprintf(EMBED_PREFIX "%s", root);
	virConnectPtr vc;
	/* the demo and the test helper act on the guests: all of them */
	connect_with(uri, false, progress, &vc, err, 120000, true);
	free(uri);
	return vc;
}
