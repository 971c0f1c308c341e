/*
 * bench/bare_all.c — the floor for one refresh on an embedded root with
 * real guests: the bulk stats call alone, looped, on the same kind of
 * connection hvtop holds.  Used by bench/host-cost.
 *
 *   bare_all ROOT K DELAY [all|screen]
 *
 * Runs libvirt's default event loop in a thread (the embedded driver needs
 * one; hvtop's be_init does the same), then opens qemu:///embed?root=ROOT
 * the way hvtop does: kvm_embed_open from this tree's libhvtop.a (hvtop's
 * lock on ROOT/hvtop.lock, ROOT/etc/qemu.conf, libvirt's log to
 * ROOT/libvirt.log, virConnectOpen, then the wait until libvirt has
 * reconnected to every running guest), so the loop never measures, nor
 * disturbs, libvirt's reconnect.  Then K times, DELAY seconds apart (the
 * sleep comes after a call, as hvtop's sampler does):
 *
 *   virConnectGetAllDomainStats(GROUPS, NOWAIT as hvtop, dropped if the
 *   driver refuses it); per record virDomainGetID, virDomainGetName and
 *   virDomainGetUUID (what hvtop reads of every record); free the list.
 *
 * GROUPS:
 *   all     0: every group the driver has (state, cpu-total, balloon, vcpu,
 *           interface, block, perf, iothread, memory, dirtyrate, ...)
 *   screen  what hvtop's default domains view asks: STATE | CPU_TOTAL |
 *           INTERFACE | BLOCK, plus BALLOON every 3rd call (the first, the
 *           4th, ...), as backend/stats.c.  hvtop would fall back to
 *           per-domain calls for what a record lacks; this loop does not,
 *           and counts such records instead ("short=" below: 0 means the
 *           bulk call alone is hvtop's floor).
 *
 * Prints one line per call on stdout, flushed at once (bench/host-cost
 * aligns its measuring window on them):
 *   n=<call> nrec=<records> nparams=<typed parameters in all> short=<n>
 * then "settle_s=<s>" (time in kvm_embed_open) on stderr at start-up.
 * Ends after the K-th call (waiting, bounded, for libvirt's reconnect
 * threads as hvtop does), or at SIGTERM/SIGINT/SIGHUP after the call in
 * progress.  Exit 0, or 1 with a message.
 *
 * Build (bench/host-cost does, in the build tree that holds libhvtop.a):
 *   cc -O2 -I. -I$srcdir -o bare_all $srcdir/bench/bare_all.c libhvtop.a \
 *      $(pkg-config --cflags --libs libvirt) -lpthread
 * Not part of the package build.
 */
#include <config.h>
#include "kvm/embed_priv.h"
#include "common/signals.h"

#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BALLOON_EVERY 3

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void silent(void *u, virErrorPtr e)
{
	(void)u;
	(void)e;
}

/* the embedded driver needs libvirt's event loop (QEMU's monitor
 * sockets): a thread running it, as hvtop's be_init */
static void *event_loop(void *u)
{
	(void)u;
	for (;;)
		if (virEventRunDefaultImpl() < 0)
			usleep(100000);
	return NULL;
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static int has_prefix(const virTypedParameter *p, int n, const char *prefix)
{
	size_t l = strlen(prefix);
	int i;
	for (i = 0; i < n; i++)
		if (strncmp(p[i].field, prefix, l) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	const unsigned screen = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
				VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
	unsigned flags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT;
	virConnectPtr conn;
	struct sigaction sa;
	struct timespec pause;
	double delay, t0;
	long k, loops;
	int all = 1, i;
	char *err = NULL, *end;
	sigset_t old;
	pthread_t evt;
	int r;

	if (argc < 4 || argc > 5 || (loops = strtol(argv[2], &end, 10)) < 1 || *end ||
	    (delay = strtod(argv[3], &end)) < 0 || *end ||
	    (argc == 5 && strcmp(argv[4], "all") != 0 && strcmp(argv[4], "screen") != 0)) {
		fprintf(stderr, "usage: bare_all ROOT K DELAY [all|screen]\n");
		return 2;
	}
	if (argc == 5)
		all = strcmp(argv[4], "all") == 0;
	pause.tv_sec = (time_t)delay;
	pause.tv_nsec = (long)((delay - (double)pause.tv_sec) * 1e9);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	virSetErrorFunc(NULL, silent);
	if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0) {
		fprintf(stderr, "bare_all: cannot initialise libvirt\n");
		return 1;
	}
	block_term_signals(&old);
	r = pthread_create(&evt, NULL, event_loop, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (r != 0) {
		fprintf(stderr, "bare_all: cannot start libvirt's event loop\n");
		return 1;
	}
	pthread_detach(evt);

	t0 = wall_s();
	/* blocks those signals in libvirt's threads, as hvtop */
	conn = kvm_embed_open(argv[1], false, &err);
	if (!conn) {
		fprintf(stderr, "bare_all: %s\n", err ? err : "cannot open the embedded root");
		return 1;
	}
	fprintf(stderr, "settle_s=%.3f\n", wall_s() - t0);

	for (k = 0; k < loops && !stop; k++) {
		unsigned groups = all ? 0 :
			screen | (k % BALLOON_EVERY == 0 ? VIR_DOMAIN_STATS_BALLOON : 0);
		virDomainStatsRecordPtr *recs = NULL;
		int nrec, nparams = 0, nshort = 0;

		if (k && delay > 0) {
			struct timespec left = pause;
			while (nanosleep(&left, &left) < 0 && errno == EINTR && !stop)
				;
			if (stop)
				break;
		}
		nrec = virConnectGetAllDomainStats(conn, groups, &recs, flags);
		if (nrec < 0 && flags) {
			virErrorPtr e = virGetLastError();
			if (e && (e->code == VIR_ERR_INVALID_ARG ||
				  e->code == VIR_ERR_NO_SUPPORT)) {
				flags = 0;
				nrec = virConnectGetAllDomainStats(conn, groups, &recs, 0);
			}
		}
		if (nrec < 0) {
			fprintf(stderr, "bare_all: cannot get domain statistics: %s\n",
				virGetLastErrorMessage());
			kvm_embed_close(conn);
			return 1;
		}
		for (i = 0; i < nrec; i++) {
			virDomainPtr dom = recs[i]->dom;
			const virTypedParameter *p = recs[i]->params;
			int np = recs[i]->nparams;
			unsigned char uuid[VIR_UUID_BUFLEN];
			unsigned int id = virDomainGetID(dom);
			const char *name = virDomainGetName(dom);

			(void)name;
			virDomainGetUUID(dom, uuid);
			nparams += np;
			if (id == (unsigned int)-1)
				continue;
			if (!has_prefix(p, np, "cpu.time") ||
			    !has_prefix(p, np, "block.count") ||
			    !has_prefix(p, np, "net.count") ||
			    (k % BALLOON_EVERY == 0 && !has_prefix(p, np, "balloon.")))
				nshort++;
		}
		virDomainStatsRecordListFree(recs);
		printf("n=%ld nrec=%d nparams=%d short=%d\n", k + 1, nrec, nparams, nshort);
		fflush(stdout);
	}
	kvm_embed_close(conn);
	return 0;
}
