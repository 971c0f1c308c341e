#include <config.h>
#include "backend/jobs.h"
#include "common/util.h"
#include "common/test_hooks.h"
#include "common/signals.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* finished jobs kept for the jobs view */
#define KEEP_ENDED 64
/* progress wakes the UI at most this often */
#define WAKE_EVERY_NS 200000000LL

struct be_job {
	struct be_jobs *js;
	struct be_job_info info; /* under js->lock */
	be_job_fn run;
	void *arg;
	void (*free_arg)(void *);
	be_job_done_fn done;
	void *data;
	void (*free_data)(void *);
	pthread_t thread;
	bool joined, cancel, ended, reaped;
	int64_t last_wake;
};

struct be_jobs {
	pthread_mutex_t lock;
	pthread_cond_t cond; /* cancellations, for be_job_sleep */
	int wake_fd;
	unsigned next_id;
	uint64_t gen;
	struct be_job **v;
	size_t n;
	/* tests: $HVTOP_JOB_DELAY_MS holds every listed job that long before
	 * it starts, so a test can act while a job runs */
	int64_t test_delay_ns;
};

static void wake(struct be_jobs *js)
{
	char b = 2;
	ssize_t w;
	if (js->wake_fd < 0)
		return;
	w = write(js->wake_fd, &b, 1);
	(void)w;
}

struct be_jobs *be_jobs_new(int wake_fd)
{
	struct be_jobs *js = xcalloc(1, sizeof(*js));
	pthread_condattr_t ca;
	const char *d = getenv(TEST_HOOK_JOB_DELAY_MS);
	pthread_mutex_init(&js->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&js->cond, &ca);
	pthread_condattr_destroy(&ca);
	js->wake_fd = wake_fd;
	js->next_id = 1;
	if (d && *d)
		js->test_delay_ns = strtoll(d, NULL, 10) * 1000000LL;
	return js;
}

static void info_clear(struct be_job_info *i)
{
	free(i->domain);
	free(i->title);
	free(i->dest);
	free(i->phase);
	free(i->message);
	free(i->virsh);
	memset(i, 0, sizeof(*i));
}

static void info_copy(struct be_job_info *dst, const struct be_job_info *src)
{
	*dst = *src;
	dst->domain = src->domain ? xstrdup(src->domain) : NULL;
	dst->title = src->title ? xstrdup(src->title) : NULL;
	dst->dest = src->dest ? xstrdup(src->dest) : NULL;
	dst->phase = src->phase ? xstrdup(src->phase) : NULL;
	dst->message = src->message ? xstrdup(src->message) : NULL;
	dst->virsh = src->virsh ? xstrdup(src->virsh) : NULL;
	dst->data = NULL;
}

static void job_free(struct be_job *j)
{
	if (j->arg)
		(j->free_arg ? j->free_arg : free)(j->arg);
	if (j->data)
		(j->free_data ? j->free_data : free)(j->data);
	info_clear(&j->info);
	free(j);
}

static void join(struct be_job *j)
{
	if (!j->joined) {
		pthread_join(j->thread, NULL);
		j->joined = true;
	}
}

void be_jobs_free(struct be_jobs *js)
{
	size_t i;
	if (!js)
		return;
	pthread_mutex_lock(&js->lock);
	for (i = 0; i < js->n; i++)
		js->v[i]->cancel = true;
	pthread_cond_broadcast(&js->cond);
	pthread_mutex_unlock(&js->lock);
	for (i = 0; i < js->n; i++) {
		join(js->v[i]);
		job_free(js->v[i]);
	}
	free(js->v);
	pthread_cond_destroy(&js->cond);
	pthread_mutex_destroy(&js->lock);
	free(js);
}

static void *job_main(void *p)
{
	struct be_job *j = p;
	struct be_jobs *js = j->js;
	int r = -1;

	if (js->test_delay_ns > 0 && !j->info.quiet) {
		be_job_phase(j, -1, "held by HVTOP_JOB_DELAY_MS");
		be_job_sleep(j, js->test_delay_ns);
		be_job_phase(j, -1, NULL);
	}
	if (!be_job_cancelled(j))
		r = j->run(j, j->arg);
	pthread_mutex_lock(&js->lock);
	if (r == 0)
		j->info.state = BE_JOB_DONE;
	else if (j->cancel)
		j->info.state = BE_JOB_CANCELLED;
	else
		j->info.state = BE_JOB_FAILED;
	if (!j->info.message)
		j->info.message = xasprintf("%s: %s", j->info.title, r == 0 ? "done" :
					    j->cancel ? "cancelled" : "failed");
	if (r == 0 && j->info.progress >= 0)
		j->info.progress = 1;
	j->info.end_ns = mono_ns();
	j->ended = true;
	js->gen++;
	pthread_mutex_unlock(&js->lock);
	wake(js);
	return NULL;
}

/* drops the oldest reaped jobs beyond what the jobs view keeps; the
 * quiet ones that succeeded at once */
static void prune(struct be_jobs *js)
{
	size_t i, kept = 0, ended = 0;
	for (i = 0; i < js->n; i++)
		if (js->v[i]->reaped && !(js->v[i]->info.quiet &&
					  js->v[i]->info.state == BE_JOB_DONE))
			ended++;
	for (i = 0; i < js->n; i++) {
		struct be_job *j = js->v[i];
		bool drop = j->reaped &&
			((j->info.quiet && j->info.state == BE_JOB_DONE) ||
			 ended > KEEP_ENDED);
		if (drop) {
			if (!(j->info.quiet && j->info.state == BE_JOB_DONE))
				ended--;
			join(j);
			job_free(j);
			continue;
		}
		js->v[kept++] = j;
	}
	js->n = kept;
}

unsigned be_jobs_start(struct be_jobs *js, const struct be_job_spec *s)
{
	struct be_job *j = xcalloc(1, sizeof(*j));
	unsigned id;
	int r;

	j->js = js;
	j->run = s->run;
	j->arg = s->arg;
	j->free_arg = s->free_arg;
	j->done = s->done;
	j->info.kind = s->kind;
	j->info.host = s->host;
	if (s->uuid)
		snprintf(j->info.uuid, sizeof(j->info.uuid), "%s", s->uuid);
	j->info.domain = s->domain ? xstrdup(s->domain) : NULL;
	j->info.title = xstrdup(s->title ? s->title : "job");
	j->info.virsh = s->virsh ? xstrdup(s->virsh) : NULL;
	j->info.dest = s->dest ? xstrdup(s->dest) : NULL;
	j->info.dest_host = s->dest_host;
	j->info.progress = -1;
	j->info.quiet = s->quiet;
	j->info.cancellable = s->cancellable;
	j->info.start_ns = mono_ns();

	pthread_mutex_lock(&js->lock);
	prune(js);
	id = j->info.id = js->next_id++;
	js->v = xrealloc(js->v, (js->n + 1) * sizeof(*js->v));
	js->v[js->n++] = j;
	js->gen++;
	/* under the lock: the thread's first be_job_phase waits for it; the
	 * thread never takes the main thread's signals (common/signals.h) */
	r = thread_start(&j->thread, job_main, j);
	if (r != 0) {
		js->n--;
		pthread_mutex_unlock(&js->lock);
		j->joined = true;
		job_free(j);
		return 0;
	}
	pthread_mutex_unlock(&js->lock);
	wake(js);
	return id;
}

size_t be_jobs_reap(struct be_jobs *js, void *ui)
{
	struct be_job **todo = NULL;
	size_t n = 0, i;

	if (!js)
		return 0;
	pthread_mutex_lock(&js->lock);
	for (i = 0; i < js->n; i++)
		if (js->v[i]->ended && !js->v[i]->reaped)
			n++;
	if (n) {
		todo = xcalloc(n, sizeof(*todo));
		n = 0;
		for (i = 0; i < js->n; i++)
			if (js->v[i]->ended && !js->v[i]->reaped) {
				js->v[i]->reaped = true;
				todo[n++] = js->v[i];
			}
	}
	pthread_mutex_unlock(&js->lock);

	/* the jobs stay in js->v (only this thread prunes them), ended: the
	 * worker touches them no more */
	for (i = 0; i < n; i++) {
		struct be_job *j = todo[i];
		struct be_job_info ji;
		join(j);
		if (!j->done)
			continue;
		pthread_mutex_lock(&js->lock);
		info_copy(&ji, &j->info);
		pthread_mutex_unlock(&js->lock);
		ji.data = j->data;
		j->done(ui, &ji);
		/* taken by the follow-up, or still the job's to free */
		if (!ji.data)
			j->data = NULL;
		info_clear(&ji);
	}
	free(todo);
	if (n) {
		pthread_mutex_lock(&js->lock);
		prune(js);
		js->gen++;
		pthread_mutex_unlock(&js->lock);
	}
	return n;
}

static bool listed(const struct be_job *j)
{
	return !j->info.quiet || (j->ended && j->info.state != BE_JOB_DONE);
}

size_t be_jobs_list(struct be_jobs *js, struct be_job_info **out)
{
	size_t i, n = 0;
	*out = NULL;
	if (!js)
		return 0;
	pthread_mutex_lock(&js->lock);
	for (i = 0; i < js->n; i++)
		if (listed(js->v[i]))
			n++;
	if (n) {
		*out = xcalloc(n, sizeof(**out));
		n = 0;
		for (i = 0; i < js->n; i++)
			if (listed(js->v[i]))
				info_copy(&(*out)[n++], &js->v[i]->info);
	}
	pthread_mutex_unlock(&js->lock);
	return n;
}

void be_job_infos_free(struct be_job_info *v, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		info_clear(&v[i]);
	free(v);
}

uint64_t be_jobs_generation(struct be_jobs *js)
{
	uint64_t g;
	if (!js)
		return 0;
	pthread_mutex_lock(&js->lock);
	g = js->gen;
	pthread_mutex_unlock(&js->lock);
	return g;
}

size_t be_jobs_running(struct be_jobs *js)
{
	size_t i, n = 0;
	if (!js)
		return 0;
	pthread_mutex_lock(&js->lock);
	for (i = 0; i < js->n; i++)
		if (!js->v[i]->ended)
			n++;
	pthread_mutex_unlock(&js->lock);
	return n;
}

int be_jobs_cancel(struct be_jobs *js, unsigned id)
{
	size_t i;
	int r = -1;
	pthread_mutex_lock(&js->lock);
	for (i = 0; i < js->n; i++) {
		struct be_job *j = js->v[i];
		if (j->info.id == id && !j->ended && j->info.cancellable) {
			j->cancel = true;
			r = 0;
		}
	}
	pthread_cond_broadcast(&js->cond);
	pthread_mutex_unlock(&js->lock);
	return r;
}

/* --- the worker's side -------------------------------------------------- */

static void changed(struct be_job *j, bool force)
{
	int64_t now = mono_ns();
	j->js->gen++;
	if (force || now - j->last_wake >= WAKE_EVERY_NS) {
		j->last_wake = now;
		wake(j->js);
	}
}

void be_job_phase(struct be_job *j, double progress, const char *fmt, ...)
{
	va_list ap;
	char *p = NULL;
	if (fmt) {
		va_start(ap, fmt);
		p = xvasprintf(fmt, ap);
		va_end(ap);
	}
	pthread_mutex_lock(&j->js->lock);
	free(j->info.phase);
	j->info.phase = p;
	j->info.progress = progress > 1 ? 1 : progress;
	changed(j, true);
	pthread_mutex_unlock(&j->js->lock);
}

void be_job_bytes(struct be_job *j, uint64_t done, uint64_t total)
{
	int64_t el;
	pthread_mutex_lock(&j->js->lock);
	j->info.done_bytes = done;
	j->info.total_bytes = total;
	if (total)
		j->info.progress = (double)done / (double)total;
	el = mono_ns() - j->info.start_ns;
	j->info.rate = el > 0 ? (double)done * 1e9 / (double)el : 0;
	changed(j, false);
	pthread_mutex_unlock(&j->js->lock);
}

static void set_message(struct be_job *j, const char *fmt, va_list ap)
{
	char *m = xvasprintf(fmt, ap);
	pthread_mutex_lock(&j->js->lock);
	free(j->info.message);
	j->info.message = m;
	pthread_mutex_unlock(&j->js->lock);
}

int be_job_fail(struct be_job *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(j, fmt, ap);
	va_end(ap);
	return -1;
}

void be_job_result(struct be_job *j, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	set_message(j, fmt, ap);
	va_end(ap);
}

void be_job_outcome(struct be_job *j, int outcome)
{
	pthread_mutex_lock(&j->js->lock);
	j->info.outcome = outcome;
	pthread_mutex_unlock(&j->js->lock);
}

void be_job_mig(struct be_job *j, const struct be_job_mig *m, double progress)
{
	pthread_mutex_lock(&j->js->lock);
	j->info.mig = *m;
	j->info.progress = progress > 1 ? 1 : progress;
	j->info.done_bytes = m->data_processed;
	j->info.total_bytes = m->data_total;
	changed(j, false);
	pthread_mutex_unlock(&j->js->lock);
}

void be_job_data(struct be_job *j, void *data, void (*free_fn)(void *))
{
	if (j->data)
		(j->free_data ? j->free_data : free)(j->data);
	j->data = data;
	j->free_data = free_fn;
}

unsigned be_job_id(const struct be_job *j)
{
	/* set before the thread starts, never changed */
	return j->info.id;
}

bool be_job_cancelled(struct be_job *j)
{
	bool c;
	pthread_mutex_lock(&j->js->lock);
	c = j->cancel;
	pthread_mutex_unlock(&j->js->lock);
	return c;
}

bool be_job_sleep(struct be_job *j, int64_t ns)
{
	struct timespec until;
	bool c;
	clock_gettime(CLOCK_MONOTONIC, &until);
	ns += until.tv_nsec;
	until.tv_sec += ns / 1000000000LL;
	until.tv_nsec = ns % 1000000000LL;
	pthread_mutex_lock(&j->js->lock);
	while (!j->cancel &&
	       pthread_cond_timedwait(&j->js->cond, &j->js->lock, &until) != ETIMEDOUT)
		;
	c = j->cancel;
	pthread_mutex_unlock(&j->js->lock);
	return !c;
}
