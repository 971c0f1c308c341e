#include <config.h>
#include "kvm/accel.h"
#include "kvm/run.h"
#include "common/util.h"
#include "common/test_hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* A KVM guest prints its first console line well within a second; nested
 * KVM that hangs prints nothing for minutes. */
#define FIRST_OUTPUT_S 8
#define READY_S 30

int kvm_accel_parse(const char *s)
{
	if (strcmp(s, "kvm") == 0)
		return KVM_ACCEL_KVM;
	if (strcmp(s, "tcg") == 0)
		return KVM_ACCEL_TCG;
	return -1;
}

const char *kvm_accel_name(enum kvm_accel a)
{
	return a == KVM_ACCEL_KVM ? "KVM" : "TCG";
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf;
	size_t n;
	if (!f)
		return NULL;
	buf = xcalloc(1, 65537);
	n = fread(buf, 1, 65536, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* What the verdict depends on: the host kernel, QEMU and the image. */
static char *cache_key(const char *imgdir)
{
	struct utsname u;
	struct stat q, k;
	char *path = xasprintf("%s/stamp", imgdir), *stamp = slurp(path), *key, *nl;
	free(path);
	if (stamp && (nl = strchr(stamp, '\n')))
		*nl = '\0';
	uname(&u);
	if (stat("/usr/bin/qemu-system-x86_64", &q) < 0)
		memset(&q, 0, sizeof(q));
	if (stat("/dev/kvm", &k) < 0)
		memset(&k, 0, sizeof(k));
	key = xasprintf("%s|%s|%lld.%lld|%llx|%s", u.release, u.version,
			(long long)q.st_size, (long long)q.st_mtime,
			(unsigned long long)k.st_rdev, stamp ? stamp : "-");
	for (nl = key; *nl; nl++)
		if (*nl == ' ' || *nl == '\n')
			*nl = '_';
	free(stamp);
	return key;
}

static bool read_cache(const char *file, const char *key,
		       struct kvm_accel_verdict *v)
{
	char *s = slurp(file), *line, *save = NULL;
	bool key_ok = false, got = false;
	if (!s)
		return false;
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (strncmp(line, "key ", 4) == 0)
			key_ok = !key || strcmp(line + 4, key) == 0;
		else if (strncmp(line, "accel ", 6) == 0) {
			int a = kvm_accel_parse(line + 6);
			if (a > 0) {
				v->accel = (enum kvm_accel)a;
				got = true;
			}
		} else if (strncmp(line, "why ", 4) == 0)
			snprintf(v->why, sizeof(v->why), "%s", line + 4);
	}
	free(s);
	v->cached = true;
	return key_ok && got;
}

static void write_cache(const char *file, const char *key,
			const struct kvm_accel_verdict *v)
{
	char *tmp = xasprintf("%s.tmp", file);
	FILE *f = fopen(tmp, "w");
	if (f) {
		fprintf(f, "key %s\naccel %s\nwhy %s\n", key,
			v->accel == KVM_ACCEL_KVM ? "kvm" : "tcg", v->why);
		if (fclose(f) == 0)
			rename(tmp, file);
	}
	unlink(tmp);
	free(tmp);
}

static off_t file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_size : 0;
}

static bool file_has(const char *path, const char *needle)
{
	char *s = slurp(path);
	bool r = s && strstr(s, needle);
	free(s);
	return r;
}

static void probe(const char *statedir, const char *imgdir,
		  struct kvm_accel_verdict *v)
{
	char *log = xasprintf("%s/accel-probe.serial", statedir);
	char *out = xasprintf("%s/accel-probe.out", statedir);
	char *kernel = xasprintf("%s/vmlinuz", imgdir);
	char *initrd = xasprintf("%s/initrd.img", imgdir);
	char *serial = xasprintf("file:%s", log), *err = NULL;
	const char *env = getenv(TEST_HOOK_ACCEL_PROBE_TIMEOUT);
	int ready_s = env && atoi(env) > 0 ? atoi(env) : READY_S;
	int first_s = ready_s < FIRST_OUTPUT_S ? ready_s : FIRST_OUTPUT_S;
	char *argv[] = {
		"qemu-system-x86_64", "-accel", "kvm", "-cpu", "host",
		"-machine", "pc", "-m", "256", "-smp", "1", "-nodefaults",
		"-no-user-config", "-display", "none", "-no-reboot",
		"-kernel", kernel, "-initrd", initrd,
		"-append", "console=ttyS0 panic=-1 hvtop.profile=idle",
		"-serial", serial, NULL
	};
	int64_t t0 = mono_ns();
	pid_t pid;
	int st;

	unlink(log);
	unlink(out);
	v->accel = KVM_ACCEL_TCG;
	pid = kvm_spawn(argv, out, &err);
	if (pid < 0) {
		snprintf(v->why, sizeof(v->why), "KVM: %s", err);
		goto done;
	}
	for (;;) {
		double secs = (double)(mono_ns() - t0) / 1e9;
		if (file_has(log, "HVTOP-READY")) {
			v->accel = KVM_ACCEL_KVM;
			snprintf(v->why, sizeof(v->why), "a test guest booted under KVM in %.1f s", secs);
			break;
		}
		if (waitpid(pid, &st, WNOHANG) == pid) {
			char *tail = kvm_file_tail(out, 1);
			snprintf(v->why, sizeof(v->why), "KVM: QEMU could not run a test guest%s%s",
				 tail ? ":" : "", tail ? tail + 3 : "");
			free(tail);
			pid = -1;
			break;
		}
		if (secs > first_s && file_size(log) == 0) {
			snprintf(v->why, sizeof(v->why),
				 "KVM: a test guest printed nothing in %d s (nested KVM that hangs?)", first_s);
			break;
		}
		if (secs > ready_s) {
			snprintf(v->why, sizeof(v->why),
				 "KVM: a test guest did not come up within %d s", ready_s);
			break;
		}
		usleep(100000);
	}
	if (pid > 0) {
		kill(pid, SIGKILL);
		while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
			;
	}
done:
	free(err);
	free(log);
	free(out);
	free(kernel);
	free(initrd);
	free(serial);
}

void kvm_accel_choose(enum kvm_accel forced, const char *statedir,
		      const char *imgdir, bool progress,
		      struct kvm_accel_verdict *v)
{
	char *file = xasprintf("%s/accel", statedir), *key = NULL;
	int fd;

	memset(v, 0, sizeof(*v));
	if (forced != KVM_ACCEL_AUTO) {
		v->accel = forced;
		snprintf(v->why, sizeof(v->why), "--accel %s",
			 forced == KVM_ACCEL_KVM ? "kvm" : "tcg");
		goto out;
	}
	fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		v->accel = KVM_ACCEL_TCG;
		snprintf(v->why, sizeof(v->why), "KVM: cannot open /dev/kvm: %s", strerror(errno));
		goto out;
	}
	close(fd);
	key = cache_key(imgdir);
	if (read_cache(file, key, v))
		goto out;
	memset(v, 0, sizeof(*v));
	if (progress)
		fprintf(stderr, "hvtop: testing whether guests boot under KVM (once; the answer is kept in %s)\n", file);
	probe(statedir, imgdir, v);
	write_cache(file, key, v);
out:
	free(file);
	free(key);
}

char *kvm_accel_verdict_note(const struct kvm_accel_verdict *v)
{
	if (v->accel == KVM_ACCEL_KVM)
		return xstrdup("guests: KVM");
	return xasprintf("guests: TCG (%s)", v->why);
}
