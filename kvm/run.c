#include <config.h>
#include "kvm/run.h"
#include "common/util.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

pid_t kvm_spawn(char *const argv[], const char *out, char **err)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int r;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, out ? out : "/dev/null",
					 O_WRONLY | O_CREAT | O_APPEND, 0600);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	r = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0) {
		*err = xasprintf("cannot run %s: %s", argv[0], strerror(r));
		return -1;
	}
	return pid;
}

int kvm_run(char *const argv[], const char *out, char **err)
{
	pid_t pid = kvm_spawn(argv, out, err);
	int st;
	if (pid < 0)
		return -1;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			*err = xasprintf("cannot wait for %s: %s", argv[0], strerror(errno));
			return -1;
		}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		return 0;
	{
		char *tail = out ? kvm_file_tail(out, 1) : NULL;
		if (WIFEXITED(st))
			*err = xasprintf("%s failed (exit status %d)%s%s", argv[0],
					 WEXITSTATUS(st), tail ? ":\n" : "", tail ? tail : "");
		else
			*err = xasprintf("%s was killed by signal %d", argv[0], WTERMSIG(st));
		free(tail);
	}
	return -1;
}

char *kvm_file_tail(const char *path, int n)
{
	FILE *f = fopen(path, "r");
	char *buf, *p, *out, *o;
	long size, start;
	int lines = 0;
	size_t len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	start = size > 16384 ? size - 16384 : 0;
	fseek(f, start, SEEK_SET);
	buf = xcalloc(1, (size_t)(size - start) + 1);
	len = fread(buf, 1, (size_t)(size - start), f);
	fclose(f);
	buf[len] = '\0';
	/* serial logs have \r\n and may have NULs or escapes: keep it printable */
	for (p = buf; p < buf + len; p++)
		if (*p == '\r' || *p == '\0' || (*p != '\n' && *p != '\t' && (unsigned char)*p < 32))
			*p = ' ';
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		buf[--len] = '\0';
	if (!len) {
		free(buf);
		return NULL;
	}
	for (p = buf + len; p > buf; p--)
		if (p[-1] == '\n' && ++lines == n)
			break;
	out = o = xmalloc(strlen(p) * 2 + 16 * (size_t)n + 8);
	o += sprintf(o, "  | ");
	for (; *p; p++) {
		*o++ = *p;
		if (*p == '\n')
			o += sprintf(o, "  | ");
	}
	*o = '\0';
	free(buf);
	return out;
}

int kvm_have(const char *prog)
{
	const char *path = getenv("PATH");
	char *dup, *dir, *save = NULL;
	int found = 0;
	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	dup = xstrdup(path ? path : "/usr/bin:/bin");
	for (dir = strtok_r(dup, ":", &save); dir && !found;
	     dir = strtok_r(NULL, ":", &save)) {
		char *p = xasprintf("%s/%s", dir, prog);
		found = access(p, X_OK) == 0;
		free(p);
	}
	free(dup);
	return found;
}

