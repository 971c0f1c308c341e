/* The embedded root's lock: one process at a time, a holder that is on its
 * way out is waited for, and the error names the process that really holds
 * the lock (a child that inherited it, when its parent has gone), not
 * another hvtop that has the lock file open while it waits its turn. */
#include <config.h>
#include <check.h>
#include "tests/check_run.h"
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "kvm/embed.h"

static char dir[64], root[256];

static void setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/hvtop-check-embed.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(root, sizeof(root), "%s/embed", dir);
}

static void teardown(void)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

/* Forks a process that takes the root's lock and reports on PIPE_FD what
 * it was told: with KEEPER, it forks a child that inherits the lock and
 * exits, leaving the child holding it; otherwise it holds it for HOLD_MS. */
static pid_t holder(bool keeper, int hold_ms, long *reported)
{
	int p[2];
	pid_t pid;
	ck_assert_int_eq(pipe(p), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		char *err = NULL;
		long v = -1;
		close(p[0]);
		if (kvm_embed_prepare(root, &err) < 0) {
			fprintf(stderr, "holder: %s\n", err);
			_exit(1);
		}
		if (keeper) {
			pid_t c = fork();
			if (c == 0) {
				prctl(PR_SET_NAME, "lockkeeper", 0, 0, 0);
				close(p[1]);
				sleep(30);
				_exit(0);
			}
			v = c;
			if (write(p[1], &v, sizeof(v)) != sizeof(v))
				_exit(1);
			_exit(0);
		}
		v = getpid();
		if (write(p[1], &v, sizeof(v)) != sizeof(v))
			_exit(1);
		usleep((useconds_t)hold_ms * 1000);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], reported, sizeof(*reported)), sizeof(*reported));
	close(p[0]);
	return pid;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

START_TEST(holder_named)
{
	long v;
	char *err = NULL, want[64];
	pid_t pid = holder(false, 20000, &v);
	ck_assert_int_eq(kvm_embed_prepare(root, &err), -1);
	snprintf(want, sizeof(want), "in use by hvtop (pid %ld)", (long)pid);
	ck_assert_msg(strstr(err, want), "%s", err);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	free(err);
}
END_TEST

START_TEST(quitting_holder_waited_for)
{
	long v;
	char *err = NULL;
	double t0 = now_s();
	pid_t pid = holder(false, 1000, &v);
	ck_assert_msg(kvm_embed_prepare(root, &err) == 0, "%s", err ? err : "");
	/* it waited for the holder to go, and not much longer */
	ck_assert_double_ge(now_s() - t0, 0.9);
	ck_assert_double_lt(now_s() - t0, 2.5);
	waitpid(pid, NULL, 0);
}
END_TEST

START_TEST(inherited_lock_names_the_child)
{
	long child;
	char *err = NULL, want[128];
	pid_t pid = holder(true, 0, &child);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(kvm_embed_prepare(root, &err), -1);
	snprintf(want, sizeof(want), "lockkeeper (pid %ld), started by hvtop (pid %ld)",
		 child, (long)pid);
	ck_assert_msg(strstr(err, want), "%s", err);
	kill((pid_t)child, SIGKILL);
	free(err);
}
END_TEST

/* Twenty hvtops started at once each open the lock file and wait: a waiter
 * has it open too, but the error names the one that holds the lock.  The
 * waiter is started first, so that its lower pid comes first in /proc. */
START_TEST(waiter_not_named)
{
	long v;
	int p[2];
	char *err = NULL, want[64], c;
	pid_t waiter, pid;
	ck_assert_int_eq(pipe(p), 0);
	waiter = fork();
	ck_assert_int_ge(waiter, 0);
	if (waiter == 0) {
		char lock[300];
		close(p[0]);
		snprintf(lock, sizeof(lock), "%s/hvtop.lock", root);
		if (mkdir(root, 0700) < 0 || open(lock, O_RDWR | O_CREAT, 0600) < 0)
			_exit(1);
		prctl(PR_SET_NAME, "lockwaiter", 0, 0, 0);
		if (write(p[1], "w", 1) != 1)
			_exit(1);
		sleep(30);
		_exit(0);
	}
	close(p[1]);
	ck_assert_int_eq(read(p[0], &c, 1), 1);
	close(p[0]);
	pid = holder(false, 20000, &v);
	ck_assert_int_lt(waiter, pid);
	ck_assert_int_eq(kvm_embed_prepare(root, &err), -1);
	snprintf(want, sizeof(want), "in use by hvtop (pid %ld)", (long)pid);
	ck_assert_msg(strstr(err, want), "%s", err);
	kill(pid, SIGKILL);
	kill(waiter, SIGKILL);
	waitpid(pid, NULL, 0);
	waitpid(waiter, NULL, 0);
	free(err);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("embed");
	TCase *tc = tcase_create("lock");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, holder_named);
	tcase_add_test(tc, quitting_holder_waited_for);
	tcase_add_test(tc, inherited_lock_names_the_child);
	tcase_add_test(tc, waiter_not_named);
	suite_add_tcase(s, tc);
	return check_run(s);
}
