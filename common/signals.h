/* The signals that end hvtop, kept for the main thread. */
#ifndef HVTOP_COMMON_SIGNALS_H
#define HVTOP_COMMON_SIGNALS_H

#include <signal.h>

/* Blocks SIGINT, SIGTERM, SIGHUP, SIGQUIT and SIGPIPE in the calling
 * thread (old mask in *old; restore with pthread_sigmask).  Threads it
 * creates then, libvirt's among them, never take them: a signal taken by
 * one of those would end the process wherever the others are (halfway
 * through libvirt's reconnect to a running guest, say), and SIGPIPE from
 * a dead daemon's socket would end it at all.  The main thread keeps
 * SIGPIPE: -b into a pipe that closed ends hvtop, as it ends head. */
void block_term_signals(sigset_t *old);
/* pthread_create for a thread that never takes those signals (the
 * samplers, the tracer, jobs, libvirt's event loop); 0 or its error. */
#include <pthread.h>
int thread_start(pthread_t *t, void *(*fn)(void *), void *arg);

#endif
