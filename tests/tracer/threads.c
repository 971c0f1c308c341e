/* Named threads for the tracer's tests and benchmark.
 *
 *   threads busy     "busy-a" and "busy-b" spin, both pinned to CPU 0
 *                    (so each gets about half of it); "sleeper" runs 1 ms
 *                    then sleeps 20 ms, on CPU 1 when there is one.
 *   threads pingpong RATE
 *                    "ping" and "pong", pinned to CPU 0, hand a token to
 *                    each other through pipes: about RATE context switches
 *                    a second (in 1 ms rounds, idle for the rest of each).
 *
 * Prints "NAME TID" per thread, then "ready", and runs until stdin closes
 * or it is killed. */
#define _GNU_SOURCE
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;
static int rate;
static int ab[2], ba[2];

static void setup(const char *name, int cpu)
{
	cpu_set_t set;
	pthread_setname_np(pthread_self(), name);
	if (cpu >= 0 && cpu < sysconf(_SC_NPROCESSORS_ONLN)) {
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
	pthread_mutex_lock(&out_lock);
	printf("%s %ld\n", name, (long)syscall(SYS_gettid));
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

static void *busy(void *arg)
{
	volatile unsigned long n = 0;
	setup(arg, 0);
	for (;;)
		n++;
	return NULL;
}

static void spin_ns(long ns)
{
	struct timespec a, b;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &a);
	do
		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &b);
	while ((b.tv_sec - a.tv_sec) * 1000000000L + b.tv_nsec - a.tv_nsec < ns);
}

static void *sleeper(void *arg)
{
	struct timespec ts = { 0, 20000000 };
	setup(arg, 1);
	for (;;) {
		spin_ns(1000000);
		nanosleep(&ts, NULL);
	}
	return NULL;
}

/* ping starts each 1 ms round: RATE/1000 switches a round, two per round
 * trip, two more for the CPU going idle and back */
static void *ping(void *arg)
{
	struct timespec next;
	int trips = rate / 1000 / 2 - 1, i;
	char c = 0;
	if (trips < 1)
		trips = 1;
	setup(arg, 0);
	clock_gettime(CLOCK_MONOTONIC, &next);
	for (;;) {
		for (i = 0; i < trips; i++) {
			if (write(ab[1], &c, 1) != 1 || read(ba[0], &c, 1) != 1)
				return NULL;
		}
		next.tv_nsec += 1000000;
		if (next.tv_nsec >= 1000000000) {
			next.tv_nsec -= 1000000000;
			next.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL);
	}
	return NULL;
}

static void *pong(void *arg)
{
	char c;
	setup(arg, 0);
	while (read(ab[0], &c, 1) == 1)
		if (write(ba[1], &c, 1) != 1)
			break;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	char buf[64];
	if (argc >= 2 && strcmp(argv[1], "busy") == 0) {
		pthread_create(&t, NULL, busy, "busy-a");
		pthread_create(&t, NULL, busy, "busy-b");
		pthread_create(&t, NULL, sleeper, "sleeper");
	} else if (argc >= 3 && strcmp(argv[1], "pingpong") == 0) {
		rate = atoi(argv[2]);
		if (rate < 4000 || pipe(ab) < 0 || pipe(ba) < 0) {
			fprintf(stderr, "threads: pingpong needs a rate of at least 4000\n");
			return 2;
		}
		pthread_create(&t, NULL, pong, "pong");
		pthread_create(&t, NULL, ping, "ping");
	} else {
		fprintf(stderr, "usage: threads busy | threads pingpong RATE\n");
		return 2;
	}
	usleep(100000);
	pthread_mutex_lock(&out_lock);
	printf("ready\n");
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
	while (fgets(buf, sizeof(buf), stdin))
		;
	return 0;
}
