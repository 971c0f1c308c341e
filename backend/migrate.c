#include <config.h>
#include "backend/migrate.h"
#include "backend/ops_priv.h"
#include "backend/conn.h"
#include "backend/conn_priv.h"
#include "common/util.h"
#include "common/format.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

/* how often the job's statistics are read while it migrates */
#define POLL_NS 500000000LL

void be_mig_req_free(void *p)
{
	struct be_mig_req *r = p;
	if (!r)
		return;
	free(r->dest_uri);
	free(r->migrate_uri);
	free(r);
}

/* The disks' URI when storage is copied over a UNIX data socket: libvirt
 * then wants one for the NBD stream too (it cannot derive it from a UNIX
 * migration URI), so it goes on a socket beside the data's: PATH.disks.
 * NULL: libvirt picks (the data URI's host). */
static char *disks_uri(const struct be_mig_req *r)
{
	if (r->storage == BE_MIG_SHARED || !r->migrate_uri ||
	    strncmp(r->migrate_uri, "unix://", 7) != 0)
		return NULL;
	return xasprintf("%s.disks", r->migrate_uri);
}

/* the data's (and the disks') URIs as migration parameters */
static void add_uris(virTypedParameterPtr *params, int *n, int *max,
		     const struct be_mig_req *r)
{
	char *d = disks_uri(r);
	if (r->migrate_uri && *r->migrate_uri)
		virTypedParamsAddString(params, n, max, VIR_MIGRATE_PARAM_URI,
					r->migrate_uri);
	if (d)
		virTypedParamsAddString(params, n, max, VIR_MIGRATE_PARAM_DISKS_URI, d);
	free(d);
}

char *be_mig_virsh(const struct be_mig_req *r, const char *name)
{
	char *d = disks_uri(r);
	struct strbuf b = { 0 };
	sb_puts(&b, "virsh migrate");
	if (r->live)
		sb_puts(&b, " --live");
	if (!r->dest)
		sb_puts(&b, " --p2p");
	sb_puts(&b, " --persistent --undefinesource");
	if (r->auto_converge)
		sb_puts(&b, " --auto-converge");
	if (r->postcopy && r->live)
		sb_puts(&b, " --postcopy");
	if (r->storage == BE_MIG_COPY_ALL)
		sb_puts(&b, " --copy-storage-all");
	else if (r->storage == BE_MIG_COPY_INC)
		sb_puts(&b, " --copy-storage-inc");
	if (r->bandwidth_mibs)
		sb_printf(&b, " --bandwidth %llu", (unsigned long long)r->bandwidth_mibs);
	if (r->migrate_uri && *r->migrate_uri) {
		sb_puts(&b, " --migrateuri ");
		sb_shell_word(&b, r->migrate_uri);
	}
	if (d) {
		sb_puts(&b, " --disks-uri ");
		sb_shell_word(&b, d);
		free(d);
	}
	sb_add(&b, " ", 1);
	sb_shell_word(&b, name);
	sb_add(&b, " ", 1);
	sb_shell_word(&b, r->dest_uri ? r->dest_uri : "");
	if (r->downtime_ms) {
		sb_puts(&b, " (then virsh migrate-setmaxdowntime ");
		sb_shell_word(&b, name);
		sb_printf(&b, " %llu)", (unsigned long long)r->downtime_ms);
	}
	return b.s;
}

/* --- the figures -------------------------------------------------------- */

/*
 * Progress that never runs backwards.  QEMU's remaining data grows again
 * whenever the guest dirties pages already sent, so processed/total (or
 * processed/(processed+remaining)) can drop from one poll to the next;
 * a bar that shrinks reads as "it is going backwards", which it is not:
 * the data sent stays sent.  The fraction shown is therefore the largest
 * processed/(processed+remaining) seen so far, held below 1 until libvirt
 * says the migration completed.  How far the migration really is shows
 * beside it: the iteration (pass over memory) and the data of this pass.
 */
double be_mig_progress(double prev, uint64_t processed, uint64_t remaining)
{
	double p;
	if (processed + remaining == 0)
		return prev < 0 ? 0 : prev;
	p = (double)processed / (double)(processed + remaining);
	if (p > 0.99)
		p = 0.99;
	return p > prev ? p : prev;
}

bool be_mig_stall_step(struct be_mig_stall *s, unsigned iteration,
		       uint64_t remaining)
{
	if (iteration <= s->iteration)
		return s->since_best >= BE_MIG_STALL_ITERS;
	s->iteration = iteration;
	/* the first pass sends all of memory: what remains at its start says
	 * nothing about convergence */
	if (iteration < 2)
		return false;
	if (!s->best || (double)remaining < (double)s->best * (1 - BE_MIG_STALL_GAIN)) {
		s->best = remaining;
		s->since_best = 0;
	} else {
		s->since_best++;
	}
	return s->since_best >= BE_MIG_STALL_ITERS;
}

/* --- the migration job -------------------------------------------------- */

/* the blocking call, on a thread of its own */
struct mover {
	virDomainPtr dom;
	virConnectPtr dconn;        /* NULL: peer-to-peer to dest_uri */
	const char *dest_uri;
	virTypedParameterPtr params;
	int nparams;
	unsigned flags;
	/* results */
	int rc;
	virDomainPtr ddom;
	char *err;
	pthread_mutex_t lock;
	bool finished;
};

static void *move_main(void *p)
{
	struct mover *m = p;
	int rc;
	virDomainPtr dd = NULL;
	char *err = NULL;
	if (m->dconn) {
		dd = virDomainMigrate3(m->dom, m->dconn, m->params,
				       (unsigned)m->nparams, m->flags);
		rc = dd ? 0 : -1;
	} else {
		rc = virDomainMigrateToURI3(m->dom, m->dest_uri, m->params,
					    (unsigned)m->nparams, m->flags);
	}
	if (rc < 0)
		err = xstrdup(be_virt_msg());
	pthread_mutex_lock(&m->lock);
	m->rc = rc;
	m->ddom = dd;
	m->err = err;
	m->finished = true;
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

static bool mover_done(struct mover *m)
{
	bool f;
	pthread_mutex_lock(&m->lock);
	f = m->finished;
	pthread_mutex_unlock(&m->lock);
	return f;
}

static uint64_t ull(virTypedParameterPtr p, int n, const char *name)
{
	unsigned long long v = 0;
	if (virTypedParamsGetULLong(p, n, name, &v) <= 0)
		return 0;
	return v;
}

/* Reads the job statistics into m; false if there are none (no job yet,
 * or it ended). */
static bool read_stats(virDomainPtr dom, unsigned flags, struct be_job_mig *m)
{
	virTypedParameterPtr p = NULL;
	int n = 0, type = 0;
	uint64_t page;
	if (virDomainGetJobStats(dom, &type, &p, &n, flags) < 0)
		return false;
	if (type == VIR_DOMAIN_JOB_NONE) {
		virTypedParamsFree(p, n);
		return false;
	}
	m->data_total = ull(p, n, VIR_DOMAIN_JOB_DATA_TOTAL);
	m->data_processed = ull(p, n, VIR_DOMAIN_JOB_DATA_PROCESSED);
	m->data_remaining = ull(p, n, VIR_DOMAIN_JOB_DATA_REMAINING);
	m->mem_bps = ull(p, n, VIR_DOMAIN_JOB_MEMORY_BPS);
	m->iteration = (unsigned)ull(p, n, VIR_DOMAIN_JOB_MEMORY_ITERATION);
	page = ull(p, n, VIR_DOMAIN_JOB_MEMORY_PAGE_SIZE);
	/* libvirt gives the dirty rate in pages per second */
	m->dirty_bps = ull(p, n, VIR_DOMAIN_JOB_MEMORY_DIRTY_RATE) * (page ? page : 4096);
	m->downtime_ms = ull(p, n, VIR_DOMAIN_JOB_DOWNTIME);
	m->elapsed_ms = ull(p, n, VIR_DOMAIN_JOB_TIME_ELAPSED);
	if (virTypedParamsGetInt(p, n, VIR_DOMAIN_JOB_AUTO_CONVERGE_THROTTLE,
				 &m->throttle_pct) <= 0)
		m->throttle_pct = 0;
	virTypedParamsFree(p, n);
	return true;
}

/* Where the guest is after a failure: never leave the user guessing
 * (issue: no path ends with the guest on neither host). */
static char *whereabouts(virDomainPtr dom, virConnectPtr dconn,
			 const char *uuid, const char *name, const char *src,
			 const char *dst)
{
	int st = 0, reason = 0;
	virDomainPtr dd;
	if (virDomainGetState(dom, &st, &reason, 0) == 0 &&
	    st != VIR_DOMAIN_SHUTOFF)
		return xasprintf("'%s' is still %s on %s", name,
				 st == VIR_DOMAIN_RUNNING ? "running" :
				 st == VIR_DOMAIN_PAUSED ? "paused" : "there", src);
	if (dconn && (dd = virDomainLookupByUUIDString(dconn, uuid))) {
		char *r;
		if (virDomainGetState(dd, &st, &reason, 0) == 0 &&
		    st != VIR_DOMAIN_SHUTOFF)
			r = xasprintf("'%s' runs on %s", name, dst);
		else
			r = xasprintf("'%s' is defined on %s but not running there, "
				      "nor on %s", name, dst, src);
		virDomainFree(dd);
		return r;
	}
	return xasprintf("'%s' is no longer running on %s; look on %s", name,
			 src, dst);
}

static void hist_push(struct be_job_mig *m, double dirty, double bps)
{
	if (m->nhist == BE_MIG_HIST) {
		memmove(m->hist_dirty, m->hist_dirty + 1, (BE_MIG_HIST - 1) * sizeof(double));
		memmove(m->hist_bps, m->hist_bps + 1, (BE_MIG_HIST - 1) * sizeof(double));
		m->nhist--;
	}
	m->hist_dirty[m->nhist] = dirty;
	m->hist_bps[m->nhist++] = bps;
}

/* Running migrations, for the auto-converge lever: libvirt takes
 * auto-converge only as a flag of the migration call, so turning it on
 * means aborting this attempt and starting another with the flag (the
 * guest stays on its source in between). */
struct running {
	unsigned id;
	bool restart_ac;
	struct running *next;
};
static pthread_mutex_t running_lock = PTHREAD_MUTEX_INITIALIZER;
static struct running *running_list;

int be_mig_restart_autoconverge(unsigned job_id)
{
	struct running *x;
	int r = -1;
	pthread_mutex_lock(&running_lock);
	for (x = running_list; x; x = x->next)
		if (x->id == job_id) {
			r = x->restart_ac ? 1 : 0;
			x->restart_ac = true;
		}
	pthread_mutex_unlock(&running_lock);
	return r;
}

static bool take_restart(struct running *me)
{
	bool r;
	pthread_mutex_lock(&running_lock);
	r = me->restart_ac;
	pthread_mutex_unlock(&running_lock);
	return r;
}

/* what one attempt leaves for the next and for the end */
struct progress {
	struct be_job_mig m;
	struct be_mig_stall stall;
	double pct;
	uint64_t iter_start;
	bool aborting, dest_lost, restarting;
};

/* One migration call, polled until it returns: 0, or -1 with *err. */
static int attempt(struct be_job *j, struct be_target *t, virDomainPtr dom,
		   virConnectPtr dconn, const struct be_mig_req *r, unsigned flags,
		   virTypedParameterPtr params, int nparams, struct running *me,
		   struct progress *pr, virDomainPtr *ddom, char **err)
{
	const char *src = be_conn_uri(t->conn);
	struct mover mv;
	pthread_t th;

	memset(&mv, 0, sizeof(mv));
	mv.dom = dom;
	mv.dconn = dconn;
	mv.dest_uri = r->dest_uri;
	mv.params = params;
	mv.nparams = nparams;
	mv.flags = flags;
	pthread_mutex_init(&mv.lock, NULL);
	if (pthread_create(&th, NULL, move_main, &mv) != 0) {
		pthread_mutex_destroy(&mv.lock);
		*err = xstrdup("cannot start a thread");
		return -1;
	}
	while (!mover_done(&mv)) {
		struct be_job_mig prev = pr->m;
		unsigned long long v = 0;
		unsigned long bw = 0;
		int st = 0, reason = 0;
		if (!pr->aborting && be_job_cancelled(j)) {
			pr->aborting = true;
			if (virDomainAbortJob(dom) < 0)
				be_job_phase(j, pr->pct, "cannot abort: %s", be_virt_msg());
			else
				be_job_phase(j, pr->pct, "aborting; the guest stays on %s", src);
		}
		/* the destination's daemon gone: libvirt would send everything
		 * before it noticed (the finish step is its first call there) */
		if (!pr->aborting && dconn && virConnectIsAlive(dconn) == 0) {
			pr->aborting = pr->dest_lost = true;
			virDomainAbortJob(dom);
			be_job_phase(j, pr->pct, "lost the destination; aborting");
		}
		if (!pr->aborting && !pr->restarting && !(flags & VIR_MIGRATE_AUTO_CONVERGE) &&
		    take_restart(me)) {
			pr->restarting = true;
			virDomainAbortJob(dom);
			be_job_phase(j, pr->pct, "stopping this attempt to restart it with "
				     "auto-converge; the guest stays on %s", src);
		}
		if (read_stats(dom, 0, &pr->m)) {
			struct be_job_mig *m = &pr->m;
			if (m->iteration > prev.iteration) {
				/* a new pass: the last one's rates go in the sparkline */
				if (prev.iteration)
					hist_push(m, (double)prev.dirty_bps, (double)prev.mem_bps);
				pr->iter_start = prev.data_processed;
			}
			m->iter_data = m->data_processed > pr->iter_start ?
				m->data_processed - pr->iter_start : 0;
			m->stalled = be_mig_stall_step(&pr->stall, m->iteration, m->data_remaining);
			if (m->mem_bps > m->dirty_bps && m->mem_bps)
				m->eta_s = (int64_t)(m->data_remaining / (m->mem_bps - m->dirty_bps));
			else
				m->eta_s = -1;
			if (virDomainMigrateGetMaxDowntime(dom, &v, 0) == 0)
				m->max_downtime_ms = v;
			if (virDomainMigrateGetMaxSpeed(dom, &bw, 0) == 0)
				/* QEMU's "unlimited" is a huge number */
				m->speed_mibs = bw >= (1UL << 30) ? 0 : bw;
			if (virDomainGetState(dom, &st, &reason, 0) == 0 &&
			    st == VIR_DOMAIN_PAUSED && reason == VIR_DOMAIN_PAUSED_POSTCOPY)
				m->postcopy = true;
			m->auto_converge = (flags & VIR_MIGRATE_AUTO_CONVERGE) != 0;
			pr->pct = be_mig_progress(pr->pct, m->data_processed, m->data_remaining);
			be_job_mig(j, m, pr->pct);
			if (!pr->aborting && !pr->restarting)
				be_job_phase(j, pr->pct, "%s%s%s", m->stalled ? "STALLED: " : "",
					     m->postcopy ? "post-copy" : "copying memory",
					     m->auto_converge ? " (auto-converge)" : "");
		} else {
			pr->m = prev;
		}
		/* the sleep ends early on a cancel: the abort goes out at once */
		be_job_sleep(j, POLL_NS);
	}
	pthread_join(th, NULL);
	pthread_mutex_destroy(&mv.lock);
	*ddom = mv.ddom;
	*err = mv.err;
	return mv.rc;
}

static int run_migrate(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct be_mig_req *r = t->extra;
	const char *src = be_conn_uri(t->conn);
	virConnectPtr dconn = NULL;
	virTypedParameterPtr params = NULL;
	int nparams = 0, maxparams = 0;
	struct progress pr;
	struct running me, **pp;
	virDomainPtr ddom = NULL;
	char *err = NULL;
	unsigned flags = VIR_MIGRATE_PERSIST_DEST;
	int rc;

	memset(&pr, 0, sizeof(pr));
	pr.m.on = true;
	pr.m.postcopy_allowed = r->postcopy && r->live;
	pr.m.eta_s = -1;

	if (r->dest) {
		dconn = be_conn_virt_ref(r->dest);
		if (!dconn)
			return be_job_fail(j, "migrate '%s': not connected to %s", t->name,
					   r->dest_uri);
	}
	if (r->live)
		flags |= VIR_MIGRATE_LIVE;
	if (virDomainIsPersistent(dom) == 1)
		flags |= VIR_MIGRATE_UNDEFINE_SOURCE;
	if (r->auto_converge)
		flags |= VIR_MIGRATE_AUTO_CONVERGE;
	/* libvirt takes post-copy only with a live migration */
	if (r->postcopy && r->live)
		flags |= VIR_MIGRATE_POSTCOPY;
	if (r->storage == BE_MIG_COPY_ALL)
		flags |= VIR_MIGRATE_NON_SHARED_DISK;
	else if (r->storage == BE_MIG_COPY_INC)
		flags |= VIR_MIGRATE_NON_SHARED_INC;
	if (!dconn)
		flags |= VIR_MIGRATE_PEER2PEER;
	add_uris(&params, &nparams, &maxparams, r);
	if (r->bandwidth_mibs)
		virTypedParamsAddULLong(&params, &nparams, &maxparams,
					VIR_MIGRATE_PARAM_BANDWIDTH, r->bandwidth_mibs);
	/* the limit is a migration parameter QEMU keeps: set before the start,
	 * it applies from the first pass */
	if (r->downtime_ms && virDomainMigrateSetMaxDowntime(dom, r->downtime_ms, 0) < 0) {
		be_job_fail(j, "migrate '%s': cannot set the max downtime: %s", t->name,
			    be_virt_msg());
		virTypedParamsFree(params, nparams);
		if (dconn)
			virConnectClose(dconn);
		return -1;
	}

	memset(&me, 0, sizeof(me));
	me.id = be_job_id(j);
	pthread_mutex_lock(&running_lock);
	me.next = running_list;
	running_list = &me;
	pthread_mutex_unlock(&running_lock);

	be_job_phase(j, 0, "starting the migration to %s", r->dest_uri);
	for (;;) {
		unsigned long bw = 0;
		rc = attempt(j, t, dom, dconn, r, flags, params, nparams, &me, &pr,
			     &ddom, &err);
		if (rc == 0 || !pr.restarting || pr.aborting)
			break;
		/* aborted for the auto-converge lever: again, with it, from the
		 * speed and downtime the levers set meanwhile (kept by QEMU) */
		free(err);
		err = NULL;
		pr.restarting = false;
		memset(&pr.stall, 0, sizeof(pr.stall));
		pr.iter_start = 0;
		pr.m.iteration = 0;
		flags |= VIR_MIGRATE_AUTO_CONVERGE;
		if (virDomainMigrateGetMaxSpeed(dom, &bw, 0) == 0 && bw < (1UL << 30)) {
			virTypedParamsFree(params, nparams);
			params = NULL;
			nparams = maxparams = 0;
			add_uris(&params, &nparams, &maxparams, r);
			virTypedParamsAddULLong(&params, &nparams, &maxparams,
						VIR_MIGRATE_PARAM_BANDWIDTH, bw);
		}
		be_job_phase(j, pr.pct, "restarting with auto-converge");
	}
	pthread_mutex_lock(&running_lock);
	for (pp = &running_list; *pp; pp = &(*pp)->next)
		if (*pp == &me) {
			*pp = me.next;
			break;
		}
	pthread_mutex_unlock(&running_lock);
	virTypedParamsFree(params, nparams);

	if (rc == 0) {
		struct be_job_mig f = pr.m;
		char sent[32];
		/* the completed job's own figures: on the destination's domain
		 * (the source's may be gone, undefined) */
		bool got = read_stats(ddom ? ddom : dom, VIR_DOMAIN_JOB_STATS_COMPLETED, &f);
		f.final = got;
		f.stalled = false;
		f.eta_s = 0;
		f.data_remaining = 0;
		if (!got)
			f.downtime_ms = 0;
		be_job_mig(j, &f, 1);
		fmt_size(sent, sizeof(sent), (double)f.data_processed);
		if (got)
			be_job_result(j, "'%s' migrated to %s in %.1f s (downtime %llu ms, %s sent)",
				      t->name, r->dest_uri, (double)f.elapsed_ms / 1000.0,
				      (unsigned long long)f.downtime_ms, sent);
		else
			be_job_result(j, "'%s' migrated to %s (libvirt kept no final statistics)",
				      t->name, r->dest_uri);
	} else {
		char *where = whereabouts(dom, dconn, t->uuid, t->name, src, r->dest_uri);
		/* lost while libvirt was talking to it: its own error says
		 * only "end of file" */
		if (pr.dest_lost || (dconn && virConnectIsAlive(dconn) == 0))
			be_job_fail(j, "migration of '%s' failed: the connection to %s was "
				    "lost; %s", t->name, r->dest_uri, where);
		else if (pr.aborting)
			be_job_fail(j, "migration of '%s' aborted: %s", t->name, where);
		else
			be_job_fail(j, "migration of '%s' failed: %s; %s", t->name,
				    err ? err : "unknown error", where);
		free(where);
	}
	if (ddom)
		virDomainFree(ddom);
	free(err);
	if (dconn)
		virConnectClose(dconn);
	return rc < 0 ? -1 : 0;
}

unsigned be_mig_start(struct be_jobs *js, const struct be_op_target *t,
		      struct be_mig_req *req, be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	struct be_job_spec s = {
		.kind = BE_OP_MIGRATE, .host = t->host, .uuid = t->uuid,
		.domain = t->name, .dest = req->dest_uri, .dest_host = req->dest_host,
		.cancellable = true, .done = done,
	};
	char *title = xasprintf("migrate '%s'", t->name);
	unsigned id;
	x->extra = req;
	x->free_extra = be_mig_req_free;
	s.title = title;
	id = be_target_job_spec(js, x, &s, run_migrate);
	free(title);
	return id;
}

/* --- levers ------------------------------------------------------------- */

struct lever {
	enum be_mig_lever what;
	uint64_t value;
};

static int run_lever(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct lever *l = t->extra;
	switch (l->what) {
	case BE_LEVER_DOWNTIME:
		if (virDomainMigrateSetMaxDowntime(dom, l->value, 0) < 0)
			return be_job_fail(j, "cannot set the max downtime of '%s': %s",
					   t->name, be_virt_msg());
		be_job_result(j, "max downtime of '%s' now %llu ms", t->name,
			      (unsigned long long)l->value);
		return 0;
	case BE_LEVER_SPEED:
		if (virDomainMigrateSetMaxSpeed(dom, (unsigned long)l->value, 0) < 0)
			return be_job_fail(j, "cannot set the migration speed of '%s': %s",
					   t->name, be_virt_msg());
		if (l->value)
			be_job_result(j, "migration speed of '%s' now %llu MiB/s", t->name,
				      (unsigned long long)l->value);
		else
			be_job_result(j, "migration speed of '%s' now unlimited", t->name);
		return 0;
	case BE_LEVER_POSTCOPY:
		if (virDomainMigrateStartPostCopy(dom, 0) < 0)
			return be_job_fail(j, "cannot switch '%s' to post-copy: %s",
					   t->name, be_virt_msg());
		be_job_result(j, "'%s' switched to post-copy: it now runs on the "
			      "destination, which fetches the rest", t->name);
		return 0;
	}
	return be_job_fail(j, "unknown lever");
}

unsigned be_mig_lever(struct be_jobs *js, const struct be_op_target *t,
		      enum be_mig_lever lever, uint64_t value,
		      be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	struct lever *l = xcalloc(1, sizeof(*l));
	l->what = lever;
	l->value = value;
	x->extra = l;
	return be_target_job(js, x, (enum be_op_kind)BE_OP_MIG_LEVER, true, false,
			     run_lever, done, "migration lever on '%s'", t->name);
}
