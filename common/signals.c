#include <config.h>
#include "common/signals.h"

#include <pthread.h>

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
