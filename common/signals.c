#include <config.h>
#include "common/signals.h"

#include <pthread.h>

int thread_start(pthread_t *t, void *(*fn)(void *), void *arg)
{
	sigset_t old;
	int r;
	block_term_signals(&old);
	r = pthread_create(t, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return r;
}

void block_term_signals(sigset_t *old)
{
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	/* a write to a daemon that died (a host killed mid-migration) raises
	 * SIGPIPE in the thread that wrote: libvirt then reports EPIPE as an
	 * error, where the default action would end hvtop */
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, old);
}
