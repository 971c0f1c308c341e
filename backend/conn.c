#include <config.h>
#include "backend/conn.h"
#include "backend/conn_priv.h"
#include "backend/stats.h"
#include "common/util.h"
#include "backend/hooks.h"
#include "backend/source.h"
#include "common/signals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#define BACKOFF_MIN_NS 500000000LL   /* first retry after 0.5 s */
#define BACKOFF_MAX_NS 8000000000LL  /* then doubling up to 8 s */
/* How long be_conn_free waits for a sampler in the middle of a libvirt
 * call before leaving the thread to free the connection itself when (if)
 * the call returns: a host that does not answer must not hold up q. */
#define STOP_WAIT_NS 150000000LL

struct be_conn {
	struct be_source src; /* first: the app runs a connection as a source */
	char *uri;
	/* the URI libvirt says it opened, for the sampler's own use (the
	 * vcpu_threads hook, through stats.uri) when uri was NULL */
	char *opened_uri;
	bool readonly;
	bool hooked; /* opened by the hooks' open(), so closed by theirs */
	unsigned host;
	virConnectPtr vc;
	virConnectPtr shared; /* vc while up, for other threads: under lock */
	/* a second connection to the same URI (not the embedded driver's),
	 * opened when a sample first runs late: it asks which domains do not
	 * answer, and becomes vc when a call is left behind on the first
	 * (libvirt's client can hold a call queued behind one that waits
	 * for a QEMU: seconds, here) */
	virConnectPtr ctl;
	struct be_stats_ctx stats;

	/* sampler-private */
	struct be_sample *prev;
	enum be_conn_state state;
	char *error;
	int64_t backoff_ns, retry_at;
	uint64_t seq;
	char hostname[256], arch[32], cpu_model[64];
	char note[320];
	unsigned cpus, mhz;
	uint64_t mem_kib;
	bool ever_up;
	bool local; /* no host in the URI: /proc/loadavg is this host's */
	uint64_t node_busy, node_total; /* virNodeGetCPUStats, last sample */

	/* shared with the UI thread, under lock */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	pthread_t thread;
	bool started, stop, kick;
	/* the sampler is in a step (libvirt calls); idle is signalled when it
	 * leaves one.  orphan: be_conn_free gave up waiting and the sampler
	 * frees the connection when its call returns */
	bool busy, orphan;
	pthread_cond_t idle;
	int64_t stop_at; /* when stopping was asked (be_conn_request_stop) */
	unsigned needs;
	char focus[40]; /* be_conn_set_focus: uuid, "" for none */
	int64_t delay_ns;
	int wake_fd;
	struct be_sample *mailbox;

	int lost; /* set by the close callback, on libvirt's event thread */
	int sched_changed; /* be_conn_sched_changed, from any thread */
	/* CLOCK_MONOTONIC when the step under way began, 0 between steps:
	 * read by the UI thread without the lock (be_conn_waiting_ns) */
	int64_t step_since;
	/* the step waits for a guest's monitor, not yet BE_STUCK_MS busy
	 * (be_conn_waits_for_guest) */
	int guest_wait;
};

static void silent_error(void *opaque, virErrorPtr err)
{
	(void)opaque;
	(void)err;
}

static void *event_loop(void *arg)
{
	(void)arg;
	for (;;)
		if (virEventRunDefaultImpl() < 0)
			usleep(100000);
	return NULL;
}

/* Set once, by be_init before any thread exists, and only read after:
 * the process has one hypervisor plug-in, like it has one libvirt. */
static const struct be_conn_hooks no_hooks;
static const struct be_conn_hooks *hooks = &no_hooks;

const struct be_conn_hooks *be_hooks(void)
{
	return hooks;
}

int be_init(const struct be_conn_hooks *h)
{
	static bool done;
	pthread_t t;
	int r;
	if (done)
		return 0;
	if (h)
		hooks = h;
	/* libvirt prints errors on stderr by default, over the curses screen;
	 * each error is reported by hvtop where it is detected instead */
	virSetErrorFunc(NULL, silent_error);
	if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0)
		return -1;
	/* signals are for the main thread: a SIGINT taken by this one would
	 * end the process wherever the others are (common/signals.h) */
	r = thread_start(&t, event_loop, NULL);
	if (r != 0)
		return -1;
	pthread_detach(t);
	done = true;
	return 0;
}

static char *err_sentence(const char *what, const char *uri)
{
	virErrorPtr e = virGetLastError();
	return xasprintf("%s '%s': %s", what, uri ? uri : "(default)",
			 e && e->message ? e->message : "unknown error");
}

static void close_cb(virConnectPtr vc, int reason, void *opaque)
{
	struct be_conn *c = opaque;
	(void)vc;
	(void)reason;
	__atomic_store_n(&c->lost, 1, __ATOMIC_SEQ_CST);
	be_conn_kick(c);
}

static void host_facts(struct be_conn *c)
{
	virNodeInfo ni;
	char *h = virConnectGetHostname(c->vc), *caps, *m, *e;
	snprintf(c->hostname, sizeof(c->hostname), "%s", h ? h : "?");
	free(h);
	if (virNodeGetInfo(c->vc, &ni) == 0) {
		snprintf(c->arch, sizeof(c->arch), "%s", ni.model);
		c->cpus = ni.cpus;
		c->mhz = ni.mhz;
		c->mem_kib = ni.memory;
	}
	/* the host CPU model is only in the capabilities XML */
	caps = virConnectGetCapabilities(c->vc);
	c->cpu_model[0] = '\0';
	if (caps && (h = strstr(caps, "<host>")) && (h = strstr(h, "<cpu>")) &&
	    (e = strstr(h, "</cpu>")) && (m = strstr(h, "<model>")) && m < e &&
	    (e = strstr(m, "</model>")))
		snprintf(c->cpu_model, sizeof(c->cpu_model), "%.*s",
			 (int)(e - m - 7), m + 7);
	free(caps);
}

static virConnectPtr open_uri(const char *uri, bool readonly)
{
	if (readonly)
		return virConnectOpenReadOnly(uri);
	return virConnectOpenAuth(uri, virConnectAuthPtrDefault, 0);
}

/* libxml2 prints its own warning on stderr for a missing test-driver
 * file, before libvirt's error: say it first, in one sentence. */
static bool missing_test_file(struct be_conn *c)
{
	const char *path;
	if (!c->uri || strncmp(c->uri, "test:///", 8) != 0 ||
	    strncmp(c->uri, "test:///default", 15) == 0)
		return false;
	path = c->uri + 7;
	if (access(path, R_OK) == 0)
		return false;
	free(c->error);
	c->error = xasprintf("cannot connect to '%s': cannot read '%s': %s",
			     c->uri, path, strerror(errno));
	return true;
}

static size_t find_stuck(virConnectPtr vc, int64_t min_ms, struct be_stuck **out);

/* Opens c->vc; 0 or -1 with c->error set. */
static int do_connect(struct be_conn *c)
{
	char *err = NULL;
	sigset_t old;
	int rc = 0;

	if (missing_test_file(c))
		return -1;
	/* ^C while a hook's open waits (the embedded driver reconnecting to
	 * running guests) waits until it is done, and libvirt's threads
	 * started now never take these signals */
	block_term_signals(&old);
	if (hooks->open)
		rc = hooks->open(c->uri, c->readonly, c->seq == 0, &c->vc, &err);
	if (rc == 0)
		c->vc = open_uri(c->uri, c->readonly);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	c->hooked = rc > 0;
	if (rc < 0 || !c->vc) {
		free(c->error);
		c->error = rc < 0 ? err : err_sentence("cannot connect to", c->uri);
		c->vc = NULL;
		return -1;
	}
	/* keepalive notices a dead peer within seconds; drivers without it
	 * (local ones) refuse it, which is not an error */
	if (virConnectSetKeepAlive(c->vc, 5, 3) < 0)
		virResetLastError();
	if (virConnectRegisterCloseCallback(c->vc, close_cb, c, NULL) < 0)
		virResetLastError();
	__atomic_store_n(&c->lost, 0, __ATOMIC_SEQ_CST);
	/* connections open on the sampler's thread too (not only through
	 * be_conn_open): the hooks need the URI they were opened with */
	if (!c->stats.uri) {
		if (!c->uri && !c->opened_uri) {
			char *u = virConnectGetURI(c->vc);
			c->opened_uri = u ? xstrdup(u) : NULL;
			free(u);
		}
		c->stats.uri = c->uri ? c->uri : c->opened_uri;
	}
	host_facts(c);
	/* the embedded driver's open leaves alone the guests libvirt is
	 * still reconnecting to (kvm_embed_connect): so does the sampler */
	if (c->hooked) {
		free(c->stats.stuck);
		c->stats.nstuck = find_stuck(c->vc, -1, &c->stats.stuck);
	}
	free(c->error);
	c->error = NULL;
	c->state = BE_CONN_UP;
	c->ever_up = true;
	c->backoff_ns = 0;
	c->node_busy = c->node_total = 0;
	pthread_mutex_lock(&c->lock);
	c->shared = c->vc;
	pthread_mutex_unlock(&c->lock);
	return 0;
}

static void drop(struct be_conn *c)
{
	if (c->ctl) {
		virConnectClose(c->ctl);
		c->ctl = NULL;
	}
	if (!c->vc)
		return;
	/* jobs holding a reference (be_conn_virt_ref) keep it alive */
	pthread_mutex_lock(&c->lock);
	c->shared = NULL;
	pthread_mutex_unlock(&c->lock);
	virConnectUnregisterCloseCallback(c->vc, close_cb);
	if (c->hooked && hooks->close)
		hooks->close(c->vc);
	else
		virConnectClose(c->vc);
	c->vc = NULL;
}

static const struct be_source_ops conn_source_ops;

/* Does the URI name no remote host ("qemu:///system", "test+unix:///…")? */
static bool uri_local(const char *uri)
{
	const char *p = uri ? strstr(uri, "://") : NULL;
	return !uri || (p && p[3] == '/');
}

struct be_conn *be_conn_new(const char *uri, bool readonly, unsigned host)
{
	struct be_conn *c = xcalloc(1, sizeof(*c));
	c->src.ops = &conn_source_ops;
	if (uri)
		c->uri = xstrdup(uri);
	c->readonly = readonly;
	c->host = host;
	c->local = uri_local(uri);
	c->needs = BE_NEED_ALL;
	c->delay_ns = 1000000000LL;
	c->wake_fd = -1;
	c->state = BE_CONN_CONNECTING;
	pthread_mutex_init(&c->lock, NULL);
	pthread_cond_init(&c->cond, NULL);
	pthread_cond_init(&c->idle, NULL);
	return c;
}

struct be_conn *be_conn_open(const char *uri, bool readonly, unsigned host,
			     char **err)
{
	struct be_conn *c = be_conn_new(uri, readonly, host);
	if (do_connect(c) < 0) {
		*err = c->error;
		c->error = NULL;
		be_conn_free(c);
		return NULL;
	}
	if (!c->uri) {
		char *u = virConnectGetURI(c->vc);
		c->uri = xstrdup(u);
		free(u);
	}
	c->stats.uri = c->uri;
	return c;
}

static void conn_destroy(struct be_conn *c)
{
	drop(c);
	be_sample_unref(c->prev);
	be_sample_unref(c->mailbox);
	free(c->stats.stuck);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->cond);
	pthread_cond_destroy(&c->idle);
	free(c->uri);
	free(c->opened_uri);
	free(c->error);
	free(c);
}

void be_conn_request_stop(struct be_conn *c)
{
	pthread_mutex_lock(&c->lock);
	if (!c->stop) {
		c->stop = true;
		c->stop_at = mono_ns();
	}
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void be_conn_free(struct be_conn *c)
{
	struct timespec until;
	int64_t left;
	if (!c)
		return;
	if (c->started) {
		be_conn_request_stop(c);
		pthread_mutex_lock(&c->lock);
		/* a step normally ends within milliseconds; one waiting on a
		 * host that does not answer may never end */
		left = c->stop_at + STOP_WAIT_NS - mono_ns();
		clock_gettime(CLOCK_REALTIME, &until);
		left = left > 0 ? left + until.tv_nsec : until.tv_nsec;
		until.tv_sec += left / 1000000000LL;
		until.tv_nsec = left % 1000000000LL;
		while (c->busy &&
		       pthread_cond_timedwait(&c->idle, &c->lock, &until) != ETIMEDOUT)
			;
		if (c->busy) {
			/* from here the sampler may free c at any moment */
			pthread_t th = c->thread;
			c->orphan = true;
			pthread_mutex_unlock(&c->lock);
			pthread_detach(th);
			return;
		}
		pthread_mutex_unlock(&c->lock);
		pthread_join(c->thread, NULL);
	}
	conn_destroy(c);
}

int64_t be_conn_waiting_ns(const struct be_conn *c)
{
	int64_t t = __atomic_load_n(&c->step_since, __ATOMIC_RELAXED);
	return t ? mono_ns() - t : 0;
}

bool be_conn_waits_for_guest(const struct be_conn *c)
{
	return __atomic_load_n(&c->guest_wait, __ATOMIC_RELAXED) != 0;
}

const char *be_conn_uri(const struct be_conn *c)
{
	return c->uri;
}

void be_conn_set_note(struct be_conn *c, const char *note)
{
	pthread_mutex_lock(&c->lock);
	snprintf(c->note, sizeof(c->note), "%s", note ? note : "");
	pthread_mutex_unlock(&c->lock);
}

virConnectPtr be_conn_virt(struct be_conn *c)
{
	return c->vc;
}

virConnectPtr be_conn_virt_ref(struct be_conn *c)
{
	virConnectPtr vc;
	pthread_mutex_lock(&c->lock);
	vc = c->shared;
	if (vc && virConnectRef(vc) < 0)
		vc = NULL;
	pthread_mutex_unlock(&c->lock);
	return vc;
}

/* The numbers new needs add are sampled at once, not a refresh later: a
 * view just switched to shows them without a refresh of dashes. */
static void kick_locked(struct be_conn *c)
{
	if (!c->started)
		return;
	c->kick = true;
	pthread_cond_signal(&c->cond);
}

void be_conn_set_needs(struct be_conn *c, unsigned needs)
{
	pthread_mutex_lock(&c->lock);
	/* the tracer follows the vCPU threads the vcpu group's pass finds */
	if (needs & BE_NEED_SLICES)
		needs |= BE_NEED_VCPU;
	needs = (needs & (BE_NEED_ALL | BE_NEED_NODE)) | BE_NEED_STATE;
	if (needs & ~c->needs)
		kick_locked(c);
	c->needs = needs;
	pthread_mutex_unlock(&c->lock);
}

void be_conn_set_focus(struct be_conn *c, const char *uuid)
{
	pthread_mutex_lock(&c->lock);
	if (strcmp(c->focus, uuid ? uuid : "") != 0) {
		snprintf(c->focus, sizeof(c->focus), "%s", uuid ? uuid : "");
		if (c->focus[0])
			kick_locked(c);
	}
	pthread_mutex_unlock(&c->lock);
}

void be_conn_sched_changed(struct be_conn *c)
{
	__atomic_store_n(&c->sched_changed, 1, __ATOMIC_SEQ_CST);
	be_conn_kick(c);
}

/* Is the failure of the last call a lost connection, not a refused call? */
static bool conn_lost(struct be_conn *c)
{
	virErrorPtr e = virGetLastError();
	if (__atomic_load_n(&c->lost, __ATOMIC_SEQ_CST))
		return true;
	if (c->vc && virConnectIsAlive(c->vc) == 0)
		return true;
	return e && (e->domain == VIR_FROM_RPC || e->code == VIR_ERR_RPC ||
		     e->code == VIR_ERR_NO_CONNECT ||
		     e->code == VIR_ERR_SYSTEM_ERROR);
}

static struct be_sample *new_sample(struct be_conn *c)
{
	struct be_sample *s = xcalloc(1, sizeof(*s));
	s->refs = 1;
	s->host = c->host;
	s->uri = xstrdup(c->uri ? c->uri : "(default)");
	s->hostname = xstrdup(c->hostname);
	s->state = c->state;
	s->readonly = c->readonly;
	snprintf(s->arch, sizeof(s->arch), "%s", c->arch);
	pthread_mutex_lock(&c->lock);
	snprintf(s->note, sizeof(s->note), "%s", c->note);
	pthread_mutex_unlock(&c->lock);
	snprintf(s->cpu_model, sizeof(s->cpu_model), "%s", c->cpu_model);
	s->cpus = c->cpus;
	s->mhz = c->mhz;
	s->mem_kib = c->mem_kib;
	s->mono_ns = mono_ns();
	s->wall_ns = wall_ns();
	s->node_busy_pct = -1;
	s->load1 = -1;
	return s;
}

/* The host's CPU busy share over the interval, and the local load.
 * virNodeGetCPUStats gives cumulative kernel/user/idle/iowait times on
 * every driver that knows its host (the remote host's /proc/stat over
 * qemu+ssh); a driver that repeats the same numbers (the test driver)
 * leaves it unknown. */
static void node_load(struct be_conn *c, struct be_sample *s)
{
	virNodeCPUStatsPtr p = NULL;
	int n = 0, i;
	uint64_t idle = 0, total = 0;
	FILE *f;

	if (virNodeGetCPUStats(c->vc, VIR_NODE_CPU_STATS_ALL_CPUS, NULL, &n, 0) == 0 &&
	    n > 0) {
		p = xcalloc((size_t)n, sizeof(*p));
		if (virNodeGetCPUStats(c->vc, VIR_NODE_CPU_STATS_ALL_CPUS, p, &n, 0) < 0)
			n = 0;
		for (i = 0; i < n; i++) {
			if (strcmp(p[i].field, VIR_NODE_CPU_STATS_UTILIZATION) == 0)
				continue;
			total += p[i].value;
			if (strcmp(p[i].field, VIR_NODE_CPU_STATS_IDLE) == 0 ||
			    strcmp(p[i].field, VIR_NODE_CPU_STATS_IOWAIT) == 0)
				idle += p[i].value;
		}
		free(p);
		if (n > 0 && c->node_total && total > c->node_total &&
		    total - idle >= c->node_busy)
			s->node_busy_pct = 100.0 * (double)(total - idle - c->node_busy) /
					   (double)(total - c->node_total);
		if (n > 0) {
			c->node_busy = total - idle;
			c->node_total = total;
		}
	} else
		virResetLastError();
	if (c->local && (f = fopen("/proc/loadavg", "r"))) {
		if (fscanf(f, "%lf", &s->load1) != 1)
			s->load1 = -1;
		fclose(f);
	}
}

/* --- one domain's QEMU that does not answer ------------------------------
 *
 * A QEMU that never answers its monitor (stopped, or wedged) holds the
 * libvirt call that asked it, and a bulk call waits for it with everything
 * else.  So the statistics calls run on a thread of their own, and the
 * sampler waits for them until a deadline (a quarter of the refresh
 * delay, at least STUCK_AFTER_NS).  Past it, libvirt's control info (which
 * waits for no monitor) names the domains whose monitor is busy; once one
 * has been busy BE_STUCK_MS (the sampler looks again until then), the
 * waiting call is left to return whenever it does, with its own copies of
 * everything it uses, and the sample is taken again without them: with
 * NOWAIT, libvirt skips the monitor of a domain whose job that call still
 * holds, and they are listed with their state only (be_domain.stuck_ms).
 * When none is busy, the host itself is slow or gone: the sampler waits,
 * and the UI says the host is not answering (be_conn_waiting_ns). */
#define STUCK_AFTER_NS 250000000LL
#define STUCK_TRIES 3

struct stats_job {
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int refs;
	bool done;
	virConnectPtr vc;           /* a reference of its own */
	struct be_stats_ctx ctx;    /* a copy: stuck[] and uri its own */
	char *uri;
	struct be_sample *out, *prev;
	unsigned needs;
	char focus[40];
	int rc;
	char *err;
};

static void job_unref(struct stats_job *j)
{
	bool last;
	pthread_mutex_lock(&j->lock);
	last = --j->refs == 0;
	pthread_mutex_unlock(&j->lock);
	if (!last)
		return;
	virConnectClose(j->vc);
	free(j->ctx.stuck);
	free(j->uri);
	be_sample_unref(j->out);
	be_sample_unref(j->prev);
	free(j->err);
	pthread_mutex_destroy(&j->lock);
	pthread_cond_destroy(&j->cond);
	free(j);
}

static void *job_run(void *arg)
{
	struct stats_job *j = arg;
	int rc = be_stats_sample(j->vc, &j->ctx, j->out, j->prev, j->needs,
				 j->focus[0] ? j->focus : NULL, &j->err);
	pthread_mutex_lock(&j->lock);
	j->rc = rc;
	j->done = true;
	pthread_cond_signal(&j->cond);
	pthread_mutex_unlock(&j->lock);
	job_unref(j);
	return NULL;
}

static struct stats_job *job_start(struct be_conn *c, struct be_sample *out,
				   unsigned needs, const char *focus)
{
	struct stats_job *j = xcalloc(1, sizeof(*j));
	pthread_t th;
	pthread_mutex_init(&j->lock, NULL);
	pthread_cond_init(&j->cond, NULL);
	j->refs = 2;
	virConnectRef(c->vc);
	j->vc = c->vc;
	j->ctx = c->stats;
	if (c->stats.nstuck) {
		j->ctx.stuck = xcalloc(c->stats.nstuck, sizeof(*j->ctx.stuck));
		memcpy(j->ctx.stuck, c->stats.stuck, c->stats.nstuck * sizeof(*j->ctx.stuck));
	}
	j->uri = c->stats.uri ? xstrdup(c->stats.uri) : NULL;
	j->ctx.uri = j->uri;
	be_sample_ref(out);
	j->out = out;
	if (c->prev)
		be_sample_ref(c->prev);
	j->prev = c->prev;
	j->needs = needs;
	snprintf(j->focus, sizeof(j->focus), "%s", focus ? focus : "");
	if (thread_start(&th, job_run, j) != 0) {
		/* no thread: the call runs here, as it did before (job_run
		 * drops the thread's reference) */
		job_run(j);
		return j;
	}
	pthread_detach(th);
	return j;
}

/* Waits for the job until deadline (CLOCK_MONOTONIC ns; 0: no deadline),
 * looking at c->stop every 100 ms.  1: done, 0: the deadline passed,
 * -1: stopping. */
static int job_wait(struct be_conn *c, struct stats_job *j, int64_t deadline)
{
	for (;;) {
		struct timespec until;
		int64_t now = mono_ns(), step = 100000000LL;
		bool stop, done;
		if (deadline && deadline - now < step)
			step = deadline - now;
		clock_gettime(CLOCK_REALTIME, &until);
		if (step > 0) {
			step += until.tv_nsec;
			until.tv_sec += step / 1000000000LL;
			until.tv_nsec = step % 1000000000LL;
		}
		pthread_mutex_lock(&j->lock);
		if (!j->done && step > 0)
			pthread_cond_timedwait(&j->cond, &j->lock, &until);
		done = j->done;
		pthread_mutex_unlock(&j->lock);
		if (done)
			return 1;
		pthread_mutex_lock(&c->lock);
		stop = c->stop;
		pthread_mutex_unlock(&c->lock);
		if (stop)
			return -1;
		if (deadline && mono_ns() >= deadline)
			return 0;
	}
}

/* The domains whose monitor has been busy at least min_ms (libvirt's
 * control info: it takes no job and waits for no monitor). */
static size_t find_stuck(virConnectPtr vc, int64_t min_ms, struct be_stuck **out)
{
	/* min_ms < 0: any domain whose job is taken (right after an open,
	 * libvirt's reconnect to it still running) */
	virDomainPtr *doms = NULL;
	int n = virConnectListAllDomains(vc, &doms, VIR_CONNECT_LIST_DOMAINS_ACTIVE);
	size_t k = 0;
	int i;
	*out = NULL;
	if (n < 0) {
		virResetLastError();
		return 0;
	}
	for (i = 0; i < n; i++) {
		virDomainControlInfo ci;
		if (virDomainGetControlInfo(doms[i], &ci, 0) == 0 &&
		    (min_ms < 0 ? ci.state != VIR_DOMAIN_CONTROL_OK &&
				  ci.state != VIR_DOMAIN_CONTROL_ERROR :
				  ci.state == VIR_DOMAIN_CONTROL_OCCUPIED &&
				  (int64_t)ci.stateTime >= min_ms)) {
			*out = xrealloc(*out, (k + 1) * sizeof(**out));
			if (virDomainGetUUIDString(doms[i], (*out)[k].uuid) < 0)
				continue;
			(*out)[k].ms = (int64_t)ci.stateTime;
			k++;
		} else {
			virResetLastError();
		}
		virDomainFree(doms[i]);
	}
	for (; i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
	return k;
}

/* Keeps at the front of st[] those waiting BE_STUCK_MS or more (*n: how
 * many); returns the longest wait of all, or -1 when none waits at all.
 * st stays the caller's to free. */
static int64_t keep_stuck(struct be_stuck *st, size_t *n)
{
	int64_t oldest = -1;
	size_t i, k = 0;
	for (i = 0; i < *n; i++) {
		if (st[i].ms > oldest)
			oldest = st[i].ms;
		if (st[i].ms >= BE_STUCK_MS)
			st[k++] = st[i];
	}
	*n = k;
	return oldest;
}

static bool stuck_known(const struct be_stats_ctx *x, const char *uuid)
{
	size_t i;
	for (i = 0; i < x->nstuck; i++)
		if (strcmp(x->stuck[i].uuid, uuid) == 0)
			return true;
	return false;
}

/* The stuck ones still stuck, with their time; the others answer again. */
static void recheck_stuck(struct be_conn *c)
{
	struct be_stats_ctx *x = &c->stats;
	size_t i, k = 0;
	for (i = 0; i < x->nstuck; i++) {
		virDomainPtr d = virDomainLookupByUUIDString(c->vc, x->stuck[i].uuid);
		virDomainControlInfo ci;
		bool still = d && virDomainGetControlInfo(d, &ci, 0) == 0 &&
			     ci.state != VIR_DOMAIN_CONTROL_OK &&
			     ci.state != VIR_DOMAIN_CONTROL_ERROR;
		if (!still)
			virResetLastError();
		if (d)
			virDomainFree(d);
		if (still) {
			x->stuck[k] = x->stuck[i];
			x->stuck[k].ms = (int64_t)ci.stateTime;
			k++;
		}
	}
	x->nstuck = k;
	if (!k) {
		free(x->stuck);
		x->stuck = NULL;
	}
}

/* The second connection becomes the one sampled; the first stays open
 * while the call left behind on it holds a reference. */
static void swap_conn(struct be_conn *c)
{
	virConnectPtr old = c->vc;
	virConnectUnregisterCloseCallback(old, close_cb);
	pthread_mutex_lock(&c->lock);
	c->vc = c->shared = c->ctl;
	pthread_mutex_unlock(&c->lock);
	c->ctl = NULL;
	virConnectClose(old);
	if (virConnectSetKeepAlive(c->vc, 5, 3) < 0)
		virResetLastError();
	if (virConnectRegisterCloseCallback(c->vc, close_cb, c, NULL) < 0)
		virResetLastError();
}

/* be_stats_sample into *sp through a job, as above; *sp may be replaced
 * by a fresh sample when a stuck call is left behind. */
static int guarded_stats(struct be_conn *c, struct be_sample **sp,
			 unsigned needs, const char *focus, char **err)
{
	/* a quarter of the delay: the sample is still on time (a batch line
	 * waits half a delay for it), and the UI never sees the whole host
	 * silent for one guest (ui/hosts.c's SILENT_MIN_NS); a guest is
	 * left behind only once its monitor has waited BE_STUCK_MS */
	int64_t wait = c->delay_ns / 4 > STUCK_AFTER_NS ? c->delay_ns / 4 : STUCK_AFTER_NS;
	int tries, r, rc;

	if (c->stats.nstuck)
		recheck_stuck(c);
	for (tries = 0;; tries++) {
		struct stats_job *j = job_start(c, *sp, needs, focus);
		struct be_stuck *st;
		size_t n, i;

		r = job_wait(c, j, tries < STUCK_TRIES ? mono_ns() + wait : 0);
		while (r == 0) {
			virConnectPtr probe = c->vc;
			int64_t oldest;
			if (!c->hooked && !c->ctl)
				c->ctl = open_uri(c->uri, c->readonly);
			if (c->ctl)
				probe = c->ctl;
			n = find_stuck(probe, 0, &st);
			oldest = keep_stuck(st, &n);
			if (!n)
				free(st);
			if (oldest < 0) {
				/* the host, not a guest: wait for it */
				r = job_wait(c, j, 0);
			} else if (!n) {
				/* a monitor slow to answer, not yet stuck: look
				 * again when the oldest would be */
				int64_t ms = BE_STUCK_MS - oldest;
				__atomic_store_n(&c->guest_wait, 1, __ATOMIC_RELAXED);
				r = job_wait(c, j, mono_ns() + (ms < 50 ? 50 : ms) * 1000000LL);
				__atomic_store_n(&c->guest_wait, 0, __ATOMIC_RELAXED);
			} else {
				/* leave that call behind; again without them */
				for (i = 0; i < n && c->stats.nstuck < 64; i++)
					if (!stuck_known(&c->stats, st[i].uuid)) {
						c->stats.stuck = xrealloc(c->stats.stuck,
							(c->stats.nstuck + 1) * sizeof(*st));
						c->stats.stuck[c->stats.nstuck++] = st[i];
					}
				free(st);
				job_unref(j);
				if (probe != c->vc)
					swap_conn(c);
				be_sample_unref(*sp);
				*sp = new_sample(c);
				break;
			}
		}
		if (r == 0)
			continue; /* the sample again, without the stuck ones */
		if (r < 0) {
			job_unref(j);
			*err = xstrdup("stopping");
			return -1;
		}
		/* done: its counters are the connection's now */
		rc = j->rc;
		*err = j->err;
		j->err = NULL;
		c->stats.sample_no = j->ctx.sample_no;
		c->stats.nowait_unsupported = j->ctx.nowait_unsupported;
		c->stats.cpu_source = j->ctx.cpu_source;
		c->stats.sched_now = j->ctx.sched_now;
		job_unref(j);
		return rc;
	}
}

static void lose(struct be_conn *c, char *why)
{
	drop(c);
	c->state = BE_CONN_DOWN;
	free(c->error);
	c->error = why;
	c->backoff_ns = c->backoff_ns ? c->backoff_ns * 2 : BACKOFF_MIN_NS;
	if (c->backoff_ns > BACKOFF_MAX_NS)
		c->backoff_ns = BACKOFF_MAX_NS;
	c->retry_at = mono_ns() + c->backoff_ns;
}

struct be_sample *be_conn_step(struct be_conn *c)
{
	struct be_sample *s;
	unsigned needs;
	char focus[sizeof(c->focus)];
	char *err = NULL;

	pthread_mutex_lock(&c->lock);
	needs = c->needs;
	memcpy(focus, c->focus, sizeof(focus));
	pthread_mutex_unlock(&c->lock);

	if (c->state == BE_CONN_UP && __atomic_load_n(&c->lost, __ATOMIC_SEQ_CST))
		lose(c, xasprintf("connection to '%s' lost", c->uri));
	if (c->state == BE_CONN_CONNECTING ||
	    (c->state == BE_CONN_DOWN && mono_ns() >= c->retry_at)) {
		if (do_connect(c) < 0)
			lose(c, c->error ? xstrdup(c->error) : NULL);
	}
	s = new_sample(c);
	if (__atomic_exchange_n(&c->sched_changed, 0, __ATOMIC_SEQ_CST))
		c->stats.sched_now = true;
	if (c->state == BE_CONN_UP) {
		if (guarded_stats(c, &s, needs, focus[0] ? focus : NULL, &err) < 0) {
			if (conn_lost(c)) {
				lose(c, err);
				s->state = BE_CONN_DOWN;
			} else {
				free(c->error);
				c->error = err;
			}
		}
		if (c->state == BE_CONN_UP && (needs & BE_NEED_NODE))
			node_load(c, s);
	}
	s->ever_up = c->ever_up;
	/* a lost connection shows no domains: never stale numbers as live */
	s->state = c->state;
	if (c->error)
		s->error = xstrdup(c->error);
	s->seq = ++c->seq;
	if (s->state == BE_CONN_UP && s->domains) {
		be_sample_unref(c->prev);
		c->prev = s;
		be_sample_ref(s);
	} else if (s->state != BE_CONN_UP) {
		/* rates restart from scratch after a reconnect */
		be_sample_unref(c->prev);
		c->prev = NULL;
	}
	return s;
}

static void *sampler(void *arg)
{
	struct be_conn *c = arg;
	for (;;) {
		struct be_sample *s;
		struct timespec until;
		int64_t due;
		char b = 1;
		ssize_t w;

		pthread_mutex_lock(&c->lock);
		if (c->stop) {
			pthread_mutex_unlock(&c->lock);
			break;
		}
		c->busy = true;
		pthread_mutex_unlock(&c->lock);
		__atomic_store_n(&c->step_since, mono_ns(), __ATOMIC_RELAXED);
		s = be_conn_step(c);
		__atomic_store_n(&c->step_since, 0, __ATOMIC_RELAXED);

		pthread_mutex_lock(&c->lock);
		c->busy = false;
		pthread_cond_broadcast(&c->idle);
		if (c->orphan) {
			/* be_conn_free has returned: nobody reads this any more,
			 * and the wake fd may be closed */
			pthread_mutex_unlock(&c->lock);
			be_sample_unref(s);
			conn_destroy(c);
			return NULL;
		}
		if (c->stop) {
			pthread_mutex_unlock(&c->lock);
			be_sample_unref(s);
			break;
		}
		be_sample_unref(c->mailbox);
		c->mailbox = s;
		due = c->state == BE_CONN_DOWN && c->retry_at < mono_ns() + c->delay_ns ?
			c->retry_at - mono_ns() : c->delay_ns;
		pthread_mutex_unlock(&c->lock);
		w = write(c->wake_fd, &b, 1);
		(void)w;

		clock_gettime(CLOCK_REALTIME, &until);
		due += until.tv_nsec;
		until.tv_sec += due / 1000000000LL;
		until.tv_nsec = due % 1000000000LL;
		if (until.tv_nsec < 0) {
			until.tv_nsec += 1000000000LL;
			until.tv_sec--;
		}
		pthread_mutex_lock(&c->lock);
		while (!c->stop && !c->kick &&
		       pthread_cond_timedwait(&c->cond, &c->lock, &until) != ETIMEDOUT)
			;
		c->kick = false;
		if (c->stop) {
			pthread_mutex_unlock(&c->lock);
			break;
		}
		pthread_mutex_unlock(&c->lock);
	}
	return NULL;
}

int be_conn_start(struct be_conn *c, int wake_fd, int64_t delay_ns)
{
	int r;
	c->wake_fd = wake_fd;
	c->delay_ns = delay_ns;
	/* the connection opens on this thread too, libvirt's threads with it;
	 * the sampler never takes the main thread's signals, SIGPIPE from a
	 * daemon that died among them (common/signals.h) */
	r = thread_start(&c->thread, sampler, c);
	if (r != 0)
		return -1;
	c->started = true;
	return 0;
}

void be_conn_set_delay(struct be_conn *c, int64_t delay_ns)
{
	pthread_mutex_lock(&c->lock);
	c->delay_ns = delay_ns;
	c->kick = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

void be_conn_kick(struct be_conn *c)
{
	pthread_mutex_lock(&c->lock);
	c->kick = true;
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->lock);
}

struct be_sample *be_conn_take(struct be_conn *c)
{
	struct be_sample *s;
	pthread_mutex_lock(&c->lock);
	s = c->mailbox;
	c->mailbox = NULL;
	pthread_mutex_unlock(&c->lock);
	return s;
}

/* --- the connection as a source (backend/source.h) ----------------------- */

static struct be_conn *conn_of(struct be_source *s)
{
	return (struct be_conn *)s;
}

static int src_start(struct be_source *s, int wake_fd, int64_t delay_ns)
{
	return be_conn_start(conn_of(s), wake_fd, delay_ns);
}

static void *src_take(struct be_source *s)
{
	return be_conn_take(conn_of(s));
}

static void src_release(void *sample)
{
	be_sample_unref(sample);
}

static void src_set_needs(struct be_source *s, unsigned needs)
{
	be_conn_set_needs(conn_of(s), needs);
}

static void src_set_delay(struct be_source *s, int64_t delay_ns)
{
	be_conn_set_delay(conn_of(s), delay_ns);
}

static void src_kick(struct be_source *s)
{
	be_conn_kick(conn_of(s));
}

static void src_stop(struct be_source *s)
{
	be_conn_free(conn_of(s));
}

static const struct be_source_ops conn_source_ops = {
	.kind = "libvirt",
	.start = src_start,
	.take = src_take,
	.release = src_release,
	.set_needs = src_set_needs,
	.set_delay = src_set_delay,
	.kick = src_kick,
	.stop = src_stop,
};

struct be_source *be_conn_source(struct be_conn *c)
{
	return &c->src;
}
