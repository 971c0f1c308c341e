#include <config.h>
#include "backend/snapshot.h"
#include "backend/ops_priv.h"
#include "common/util.h"
#include "common/xml.h"
#include "backend/xmldoc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libvirt/virterror.h>

#define WATCH_NS 300000000LL

void be_snapshot_list_free(void *p)
{
	struct be_snapshot_list *l = p;
	size_t i;
	if (!l)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].parent);
		free(l->v[i].description);
		free(l->v[i].state);
	}
	free(l->v);
	free(l->domain);
	free(l);
}

/* --- the tree -------------------------------------------------------- */

static const struct be_snapshot *sorting_v;

static int by_time(const void *pa, const void *pb)
{
	const struct be_snapshot *x = &sorting_v[*(const size_t *)pa];
	const struct be_snapshot *y = &sorting_v[*(const size_t *)pb];
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return strcmp(x->name, y->name);
}

struct walk {
	const struct be_snapshot *v;
	const size_t *byt; /* indices oldest first */
	size_t n;
	bool *seen;
	size_t *out;
	int *depth;
	size_t *ndesc;
	size_t k;
};

static void visit(struct walk *w, size_t i, int depth)
{
	size_t at = w->k, c;
	w->seen[i] = true;
	w->out[w->k] = i;
	w->depth[w->k++] = depth;
	for (c = 0; c < w->n; c++) {
		size_t ci = w->byt[c];
		if (!w->seen[ci] && w->v[ci].parent &&
		    strcmp(w->v[ci].parent, w->v[i].name) == 0)
			visit(w, ci, depth + 1);
	}
	w->ndesc[at] = w->k - at - 1;
}

static bool has_parent_in(const struct be_snapshot_list *l, size_t i)
{
	size_t k;
	if (!l->v[i].parent)
		return false;
	for (k = 0; k < l->n; k++)
		if (k != i && strcmp(l->v[k].name, l->v[i].parent) == 0)
			return true;
	return false;
}

void be_snapshot_tree_order(struct be_snapshot_list *l)
{
	struct walk w;
	struct be_snapshot *nv;
	size_t *byt, i;

	if (!l || l->n == 0)
		return;
	byt = xcalloc(l->n, sizeof(*byt));
	for (i = 0; i < l->n; i++)
		byt[i] = i;
	sorting_v = l->v;
	qsort(byt, l->n, sizeof(*byt), by_time);
	sorting_v = NULL;
	memset(&w, 0, sizeof(w));
	w.v = l->v;
	w.byt = byt;
	w.n = l->n;
	w.seen = xcalloc(l->n, sizeof(*w.seen));
	w.out = xcalloc(l->n, sizeof(*w.out));
	w.depth = xcalloc(l->n, sizeof(*w.depth));
	w.ndesc = xcalloc(l->n, sizeof(*w.ndesc));
	for (i = 0; i < l->n; i++)
		if (!w.seen[byt[i]] && !has_parent_in(l, byt[i]))
			visit(&w, byt[i], 0);
	/* a parent loop (never from libvirt): shown flat rather than lost */
	for (i = 0; i < l->n; i++)
		if (!w.seen[byt[i]])
			visit(&w, byt[i], 0);
	nv = xcalloc(l->n, sizeof(*nv));
	for (i = 0; i < l->n; i++) {
		nv[i] = l->v[w.out[i]];
		nv[i].depth = w.depth[i];
		nv[i].ndesc = w.ndesc[i];
	}
	free(l->v);
	l->v = nv;
	free(byt);
	free(w.seen);
	free(w.out);
	free(w.depth);
	free(w.ndesc);
}

/* --- reading them ------------------------------------------------------ */

static char *text_of(const char *xml, const char *end, const char *tag)
{
	char open[64], close[64];
	const char *s, *e;
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	s = strstr(xml, open);
	if (!s || s >= end)
		return NULL;
	s += strlen(open);
	e = strstr(s, close);
	return e && e <= end ? xml_unescape(s, (size_t)(e - s)) : NULL;
}

static void fill(struct be_snapshot *s, virDomainSnapshotPtr sp)
{
	char *xml = virDomainSnapshotGetXMLDesc(sp, 0), *t;
	virDomainSnapshotPtr par;
	const char *end;

	s->name = xstrdup(virDomainSnapshotGetName(sp));
	par = virDomainSnapshotGetParent(sp, 0);
	if (par) {
		s->parent = xstrdup(virDomainSnapshotGetName(par));
		virDomainSnapshotFree(par);
	}
	s->current = virDomainSnapshotIsCurrent(sp, 0) == 1;
	virResetLastError();
	if (!xml)
		return;
	/* the snapshot's own elements come before the saved domain's, which
	 * has a <description> of its own */
	end = strstr(xml, "<domain ");
	if (!end)
		end = strstr(xml, "<inactiveDomain");
	if (!end)
		end = xml + strlen(xml);
	s->description = text_of(xml, end, "description");
	s->state = text_of(xml, end, "state");
	t = text_of(xml, end, "creationTime");
	s->created = t ? strtoll(t, NULL, 10) : 0;
	free(t);
	t = strstr(xml, "<memory snapshot=");
	s->memory = t && t < end && (strncmp(t + 18, "internal", 8) == 0 ||
				     strncmp(t + 18, "external", 8) == 0);
	free(xml);
}

static int run_list(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	virDomainSnapshotPtr *snaps = NULL;
	struct be_snapshot_list *l;
	int i, n;

	n = virDomainListAllSnapshots(dom, &snaps, 0);
	if (n < 0)
		return be_job_fail(j, "cannot list the snapshots of '%s': %s",
				   t->name, be_virt_msg());
	l = xcalloc(1, sizeof(*l));
	l->host = t->host;
	snprintf(l->uuid, sizeof(l->uuid), "%s", t->uuid);
	l->domain = xstrdup(t->name);
	l->v = xcalloc(n ? (size_t)n : 1, sizeof(*l->v));
	for (i = 0; i < n; i++) {
		fill(&l->v[l->n++], snaps[i]);
		virDomainSnapshotFree(snaps[i]);
	}
	free(snaps);
	be_snapshot_tree_order(l);
	be_job_data(j, l, be_snapshot_list_free);
	return 0;
}

unsigned be_snap_op_list(struct be_jobs *js, const struct be_op_target *t,
			 be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	return be_target_job(js, x, BE_OP_SNAP_LIST, true, false, run_list, done,
			     "list the snapshots of '%s'", x->name);
}

/* --- progress of a memory snapshot ------------------------------------- */

/* While a long libvirt call runs, another thread reads the domain's job
 * (the memory being saved or loaded) for the progress bar. */
struct watch {
	struct be_job *j;
	virDomainPtr dom;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, started;
};

static void *watcher(void *p)
{
	struct watch *w = p;
	pthread_mutex_lock(&w->lock);
	while (!w->stop) {
		struct timespec ts;
		virDomainJobInfo ji;
		pthread_mutex_unlock(&w->lock);
		if (virDomainGetJobInfo(w->dom, &ji) == 0 &&
		    ji.type != VIR_DOMAIN_JOB_NONE && ji.dataTotal)
			be_job_bytes(w->j, ji.dataProcessed, ji.dataTotal);
		virResetLastError();
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += WATCH_NS;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_mutex_lock(&w->lock);
		if (!w->stop)
			pthread_cond_timedwait(&w->cond, &w->lock, &ts);
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

static void watch_start(struct watch *w, struct be_job *j, virDomainPtr dom)
{
	memset(w, 0, sizeof(*w));
	w->j = j;
	w->dom = dom;
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->started = pthread_create(&w->thread, NULL, watcher, w) == 0;
}

static void watch_stop(struct watch *w)
{
	pthread_mutex_lock(&w->lock);
	w->stop = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
	if (w->started)
		pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->cond);
}

/* --- create, revert, delete ------------------------------------------ */

struct snap_args {
	char *name, *description;
	bool disk_only, subtree;
};

static void snap_args_free(void *p)
{
	struct snap_args *a = p;
	free(a->name);
	free(a->description);
	free(a);
}

static int run_create(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct snap_args *a = t->extra;
	virDomainSnapshotPtr sp;
	struct watch w;
	char *xml;
	unsigned flags = 0;
	bool active;

	active = virDomainIsActive(dom) == 1;
	/* of a stopped domain there is no memory to keep: disks only anyway */
	if (a->disk_only && active)
		flags |= VIR_DOMAIN_SNAPSHOT_CREATE_DISK_ONLY;
	xml = be_snapshot_xml(a->name, a->description, a->disk_only && active);
	be_job_phase(j, -1, active && !a->disk_only ?
		     "saving the disks and memory" : "saving the disks");
	watch_start(&w, j, dom);
	sp = virDomainSnapshotCreateXML(dom, xml, flags);
	/* drivers without external snapshots: the XML alone asks for no memory */
	if (!sp && flags && be_virt_unsupported())
		sp = virDomainSnapshotCreateXML(dom, xml, 0);
	watch_stop(&w);
	free(xml);
	if (!sp)
		return be_job_fail(j, "cannot create snapshot '%s' of '%s': %s",
				   a->name, t->name, be_virt_msg());
	{
		/* say what libvirt kept, which is not always what was asked */
		struct be_snapshot got;
		memset(&got, 0, sizeof(got));
		fill(&got, sp);
		be_job_result(j, "snapshot '%s' of '%s' created (%s%s)", a->name, t->name,
			      got.memory ? "with memory" : "disks only",
			      got.memory && a->disk_only ? ": the driver keeps it" : "");
		free(got.name);
		free(got.parent);
		free(got.description);
		free(got.state);
	}
	virDomainSnapshotFree(sp);
	return 0;
}

static virDomainSnapshotPtr lookup_snap(struct be_job *j, struct be_target *t,
					virDomainPtr dom, const char *name)
{
	virDomainSnapshotPtr sp = virDomainSnapshotLookupByName(dom, name, 0);
	if (!sp) {
		virErrorPtr e = virGetLastError();
		if (e && e->code == VIR_ERR_NO_DOMAIN_SNAPSHOT)
			be_job_fail(j, "snapshot '%s' of '%s' no longer exists", name,
				    t->name);
		else
			be_job_fail(j, "cannot find snapshot '%s' of '%s': %s", name,
				    t->name, be_virt_msg());
	}
	return sp;
}

static int run_revert(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct snap_args *a = t->extra;
	virDomainSnapshotPtr sp = lookup_snap(j, t, dom, a->name);
	struct watch w;
	int r;

	if (!sp)
		return -1;
	be_job_phase(j, -1, "reverting");
	watch_start(&w, j, dom);
	r = virDomainRevertToSnapshot(sp, 0);
	watch_stop(&w);
	if (r < 0)
		be_job_fail(j, "cannot revert '%s' to snapshot '%s': %s", t->name,
			    a->name, be_virt_msg());
	else
		be_job_result(j, "'%s' reverted to snapshot '%s'", t->name, a->name);
	virDomainSnapshotFree(sp);
	return r;
}

static int run_delete(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct snap_args *a = t->extra;
	virDomainSnapshotPtr sp = lookup_snap(j, t, dom, a->name);
	int r;

	if (!sp)
		return -1;
	be_job_phase(j, -1, "deleting");
	r = virDomainSnapshotDelete(sp, a->subtree ?
				    VIR_DOMAIN_SNAPSHOT_DELETE_CHILDREN : 0);
	if (r < 0)
		be_job_fail(j, "cannot delete snapshot '%s' of '%s': %s", a->name,
			    t->name, be_virt_msg());
	else
		be_job_result(j, "snapshot '%s' of '%s' deleted%s", a->name, t->name,
			      a->subtree ? " with its descendants" : "");
	virDomainSnapshotFree(sp);
	return r;
}

static struct snap_args *args(const char *name, const char *desc)
{
	struct snap_args *a = xcalloc(1, sizeof(*a));
	a->name = xstrdup(name);
	a->description = desc && *desc ? xstrdup(desc) : NULL;
	return a;
}

/* t's copy, which then owns a */
static struct be_target *snap_target(const struct be_op_target *t,
				     struct snap_args *a)
{
	struct be_target *x = be_target_new(t);
	x->extra = a;
	x->free_extra = snap_args_free;
	return x;
}

unsigned be_snap_op_create(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, const char *description,
			   bool disk_only, be_job_done_fn done)
{
	struct snap_args *a = args(name, description);
	struct be_target *x = snap_target(t, a);
	a->disk_only = disk_only;
	x->virsh = be_virsh(t->conn, "snapshot-create-as", t->name, name,
			    "--description", description ? description : "",
			    disk_only ? "--disk-only" : NULL, NULL);
	return be_target_job(js, x, BE_OP_SNAP_CREATE, false,
			     false, run_create, done, "snapshot '%s' of '%s'",
			     name, t->name);
}

unsigned be_snap_op_revert(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, be_job_done_fn done)
{
	struct be_target *x = snap_target(t, args(name, NULL));
	x->virsh = be_virsh(t->conn, "snapshot-revert", t->name, name, NULL);
	return be_target_job(js, x,
			     BE_OP_SNAP_REVERT, false, false, run_revert, done,
			     "revert '%s' to '%s'", t->name, name);
}

unsigned be_snap_op_delete(struct be_jobs *js, const struct be_op_target *t,
			   const char *name, bool subtree, be_job_done_fn done)
{
	struct snap_args *a = args(name, NULL);
	struct be_target *x = snap_target(t, a);
	a->subtree = subtree;
	x->virsh = be_virsh(t->conn, "snapshot-delete", t->name, name,
			    subtree ? "--children" : NULL, NULL);
	return be_target_job(js, x, BE_OP_SNAP_DELETE, false,
			     false, run_delete, done,
			     "delete snapshot '%s' of '%s'%s", name, t->name,
			     subtree ? " and its descendants" : "");
}
