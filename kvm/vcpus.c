#include <config.h>
#include "kvm/vcpus.h"
#include "kvm/embed.h"
#include "backend/model.h"
#include "common/util.h"

#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *kvm_local_qemu_path(const char *uri)
{
	/* a host part (qemu+ssh://host/system, or qemu://localhost/, which
	 * goes over TLS) is not a local socket */
	if (uri && strncmp(uri, "qemu:///", 8) == 0)
		return uri + 7;
	if (uri && strncmp(uri, "qemu+unix:///", 13) == 0)
		return uri + 12;
	return NULL;
}

char *kvm_uri_socket(const char *uri)
{
	const char *q = uri ? strchr(uri, '?') : NULL;
	/* libvirt unescapes its parameters (virURIParseParams): so do we */
	for (; q && *q; q += strcspn(q, "&")) {
		q++;
		if (strncmp(q, "socket=", 7) == 0) {
			size_t n = strcspn(q + 7, "&"), o = 0, k;
			char *s = xmalloc(n + 1);
			for (k = 0; k < n; k++) {
				unsigned v;
				if (q[7 + k] == '%' && k + 2 < n &&
				    sscanf(q + 7 + k + 1, "%2x", &v) == 1) {
					s[o++] = (char)v;
					k += 2;
				} else {
					s[o++] = q[7 + k];
				}
			}
			s[o] = '\0';
			return s;
		}
	}
	return NULL;
}

char *kvm_user_runtime_dir(void)
{
	/* libvirt's virGetUserRuntimeDirectory: $XDG_RUNTIME_DIR/libvirt,
	 * else the cache dir */
	const char *rt = getenv("XDG_RUNTIME_DIR");
	if (rt && *rt)
		return xasprintf("%s/libvirt", rt);
	rt = getenv("XDG_CACHE_HOME");
	if (rt && *rt)
		return xasprintf("%s/libvirt", rt);
	rt = getenv("HOME");
	return rt && *rt ? xasprintf("%s/.cache/libvirt", rt) : NULL;
}

/* DIR/qemu for a URI holding socket=DIR/NAME, when that directory
 * exists; else NULL. */
static char *socket_run_dir(const char *uri)
{
	char *s = kvm_uri_socket(uri), *slash, *d = NULL;
	struct stat st;
	if (s && *s == '/' && (slash = strrchr(s, '/')) != s) {
		d = xasprintf("%.*s/qemu", (int)(slash - s), s);
		if (stat(d, &st) < 0 || !S_ISDIR(st.st_mode)) {
			free(d);
			d = NULL;
		}
	}
	free(s);
	return d;
}

char *kvm_qemu_run_dir(const char *uri)
{
	const char *p = kvm_local_qemu_path(uri);
	char *root, *d;
	if (!p)
		return NULL;
	root = kvm_embed_root_of(uri);
	if (root) {
		/* libvirt's embedded driver keeps its state under ROOT/run */
		d = xasprintf("%s/run/qemu", root);
		free(root);
		return d;
	}
	if (strncmp(p, "/system", 7) == 0 && (!p[7] || p[7] == '?')) {
		/* a daemon on a socket of its own (?socket=DIR/libvirt-sock)
		 * keeps its run dir there: unix_sock_dir is normally its run
		 * dir (/run/libvirt), also when bind-mounted from elsewhere */
		d = socket_run_dir(uri);
		return d ? d : xstrdup("/run/libvirt/qemu");
	}
	if (strncmp(p, "/session", 8) == 0 && (!p[8] || p[8] == '?')) {
		char *rt = kvm_user_runtime_dir();
		d = rt ? xasprintf("%s/qemu/run", rt) : NULL;
		free(rt);
		return d;
	}
	return NULL;
}

int kvm_vcpu_of_comm(const char *comm)
{
	char *end;
	long n;
	if (strncmp(comm, "CPU ", 4) != 0 || comm[4] < '0' || comm[4] > '9')
		return -1;
	n = strtol(comm + 4, &end, 10);
	if (n < 0 || n > 65535 || *end != '/')
		return -1;
	/* KVM, TCG, HVF, WHPX...: any accelerator's vCPU thread */
	return (int)n;
}

/* One guest's cached map, found by (uri, name). */
struct vc_entry {
	struct vc_entry *next;
	char *key;            /* uri NUL name */
	size_t keylen;
	long pid;
	nlink_t nlink;        /* of /proc/PID/task: 2 + its threads */
	int64_t used_ns;
	size_t n;             /* tids[vcpu index] */
	int *tids;
};

#define VC_BUCKETS 256
static struct vc_entry *buckets[VC_BUCKETS];
static pthread_mutex_t vc_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t last_prune;

static unsigned hash(const char *k, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	return h % VC_BUCKETS;
}

static long read_pid(const char *dir, const char *name)
{
	char *path, buf[32];
	long pid = 0;
	ssize_t r;
	int fd;
	path = xasprintf("%s/%s.pid", dir, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	free(path);
	if (fd < 0)
		return 0;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return 0;
	buf[r] = '\0';
	pid = strtol(buf, NULL, 10);
	return pid > 0 ? pid : 0;
}

/* Whether pid is the QEMU of guest name: libvirt starts it with
 * "-name guest=NAME,debug-threads=on" (a comma in NAME doubled). */
static bool is_qemu_of(long pid, const char *name)
{
	char path[48], buf[8192], *want;
	ssize_t r, i;
	bool ok = false;
	int fd;
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	r = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (r <= 0)
		return false;
	for (i = 0; i < r; i++)
		if (buf[i] == '\0')
			buf[i] = ' ';
	buf[r] = '\0';
	want = xmalloc(8 + 2 * strlen(name));
	strcpy(want, " guest=");
	for (i = 7; *name; name++) {
		want[i++] = *name;
		if (*name == ',')
			want[i++] = ',';
	}
	want[i] = '\0';
	for (char *at = buf; (at = strstr(at, want)); at++) {
		char next = at[i];
		/* not a longer name that starts the same; a doubled comma
		 * continues the name */
		if (next == ' ' || next == '\0' || (next == ',' && at[i + 1] != ',')) {
			ok = true;
			break;
		}
	}
	free(want);
	return ok;
}

static void scan(struct vc_entry *e)
{
	char path[64];
	DIR *d;
	struct dirent *de;
	e->n = 0;
	snprintf(path, sizeof(path), "/proc/%ld/task", e->pid);
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		char cpath[96], comm[32];
		long tid = strtol(de->d_name, NULL, 10);
		ssize_t r;
		int fd, idx;
		if (tid <= 0)
			continue;
		snprintf(cpath, sizeof(cpath), "/proc/%ld/task/%ld/comm", e->pid, tid);
		fd = open(cpath, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		r = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (r <= 0)
			continue;
		comm[r] = '\0';
		idx = kvm_vcpu_of_comm(comm);
		if (idx < 0)
			continue;
		if ((size_t)idx >= e->n) {
			e->tids = xrealloc(e->tids, ((size_t)idx + 1) * sizeof(*e->tids));
			memset(e->tids + e->n, 0, ((size_t)idx + 1 - e->n) * sizeof(*e->tids));
			e->n = (size_t)idx + 1;
		}
		e->tids[idx] = (int)tid;
	}
	closedir(d);
}

/* entries of guests not asked about for a minute (gone, migrated away) */
static void prune(int64_t now)
{
	unsigned b;
	if (now - last_prune < 60000000000LL)
		return;
	last_prune = now;
	for (b = 0; b < VC_BUCKETS; b++) {
		struct vc_entry **pp = &buckets[b];
		while (*pp) {
			struct vc_entry *e = *pp;
			if (now - e->used_ns > 60000000000LL) {
				*pp = e->next;
				free(e->key);
				free(e->tids);
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

void kvm_vcpu_threads(const char *uri, const char *name, struct be_vcpu *v,
		      size_t n)
{
	size_t ul = strlen(uri), nl = strlen(name), kl = ul + 1 + nl, i;
	char *key, *dir;
	struct vc_entry *e;
	struct stat st;
	char path[64];
	long pid;
	unsigned b;
	int64_t now;

	for (i = 0; i < n; i++)
		v[i].tid = 0;
	/* a remote host, the test driver: nothing to find, nothing cached */
	dir = kvm_qemu_run_dir(uri);
	if (!dir)
		return;
	pid = read_pid(dir, name);
	free(dir);
	now = mono_ns();
	key = xmalloc(kl + 1);
	memcpy(key, uri, ul + 1);
	memcpy(key + ul + 1, name, nl + 1);
	b = hash(key, kl);
	pthread_mutex_lock(&vc_lock);
	prune(now);
	for (e = buckets[b]; e; e = e->next)
		if (e->keylen == kl && memcmp(e->key, key, kl) == 0)
			break;
	if (!e) {
		e = xcalloc(1, sizeof(*e));
		e->key = key;
		e->keylen = kl;
		e->next = buckets[b];
		buckets[b] = e;
		key = NULL;
	}
	e->used_ns = now;
	snprintf(path, sizeof(path), "/proc/%ld/task", pid);
	if (!pid || stat(path, &st) < 0) {
		/* not running here (yet), or the pid file is stale */
		e->pid = 0;
		e->n = 0;
	} else if (pid != e->pid && !is_qemu_of(pid, name)) {
		/* a pid file left by a QEMU that died, its pid now another
		 * process's: its threads are not this guest's vCPUs */
		e->pid = 0;
		e->n = 0;
	} else if (pid != e->pid || st.st_nlink != e->nlink) {
		/* a new QEMU (restart, incoming migration) or threads came or
		 * went (vCPU hot-plug, QEMU's worker pool): read names again */
		e->pid = pid;
		e->nlink = st.st_nlink;
		scan(e);
	}
	for (i = 0; i < n; i++)
		if (v[i].index < e->n)
			v[i].tid = e->tids[v[i].index];
	pthread_mutex_unlock(&vc_lock);
	free(key);
}
