#include <config.h>
#include "backend/ops.h"
#include "backend/ops_priv.h"
#include "backend/conn.h"
#include "backend/conn_priv.h"
#include "common/util.h"
#include "common/format.h"
#include "common/xml.h"
#include "backend/hooks.h"
#include "backend/xmldoc.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libvirt/virterror.h>

extern char **environ;

#define POLL_NS 250000000LL

/* --- targets ------------------------------------------------------------- */

struct be_target *be_target_new(const struct be_op_target *t)
{
	struct be_target *x = xcalloc(1, sizeof(*x));
	x->conn = t->conn;
	x->host = t->host;
	snprintf(x->uuid, sizeof(x->uuid), "%s", t->uuid ? t->uuid : "");
	x->name = xstrdup(t->name ? t->name : "?");
	return x;
}

void be_target_free(void *p)
{
	struct be_target *t = p;
	if (!t)
		return;
	if (t->extra)
		(t->free_extra ? t->free_extra : free)(t->extra);
	free(t->name);
	free(t->virsh);
	free(t);
}

const char *be_virt_msg(void)
{
	/* per thread, as libvirt's last error is */
	static __thread char lost[512];
	virErrorPtr e = virGetLastError();
	if (!e || !e->message)
		return "unknown error";
	/* the daemon died or the link broke under the call: say that, with
	 * libvirt's words after ("End of file while reading data: ...") */
	if (e->domain == VIR_FROM_RPC || e->code == VIR_ERR_NO_CONNECT) {
		snprintf(lost, sizeof(lost), "the connection to the host was lost (%s)",
			 e->message);
		return lost;
	}
	return e->message;
}

bool be_virt_unsupported(void)
{
	virErrorPtr e = virGetLastError();
	return e && (e->code == VIR_ERR_INVALID_ARG || e->code == VIR_ERR_NO_SUPPORT);
}

static bool no_domain(void)
{
	virErrorPtr e = virGetLastError();
	return e && e->code == VIR_ERR_NO_DOMAIN;
}

static virConnectPtr target_conn(struct be_job *j, struct be_conn *c)
{
	virConnectPtr vc = be_conn_virt_ref(c);
	if (!vc)
		be_job_fail(j, "not connected to '%s'", be_conn_uri(c));
	return vc;
}

/* Looks t's domain up by UUID now, on a new reference to its connection,
 * and runs t->run on it. */
static int run_target(struct be_job *j, void *arg)
{
	struct be_target *t = arg;
	virConnectPtr vc = target_conn(j, t->conn);
	virDomainPtr dom;
	int r;
	if (!vc)
		return -1;
	dom = virDomainLookupByUUIDString(vc, t->uuid);
	if (dom) {
		r = t->run(j, t, dom);
		virDomainFree(dom);
	} else if (no_domain()) {
		be_job_outcome(j, BE_OUT_GONE);
		r = be_job_fail(j, "domain '%s' no longer exists", t->name);
	} else {
		r = be_job_fail(j, "cannot find domain '%s': %s", t->name,
				be_virt_msg());
	}
	virConnectClose(vc);
	return r < 0 ? -1 : 0;
}

unsigned be_target_job(struct be_jobs *js, struct be_target *t,
		       enum be_op_kind kind, bool quiet, bool cancellable,
		       be_target_fn run, be_job_done_fn done,
		       const char *title_fmt, ...)
{
	struct be_job_spec s = {
		.kind = kind, .host = t->host, .uuid = t->uuid, .domain = t->name,
		.quiet = quiet, .cancellable = cancellable,
		.run = run_target, .arg = t, .free_arg = be_target_free, .done = done,
		.virsh = t->virsh,
	};
	char *title;
	unsigned id;
	va_list ap;
	va_start(ap, title_fmt);
	title = xvasprintf(title_fmt, ap);
	va_end(ap);
	s.title = title;
	id = be_target_job_spec(js, t, &s, run);
	free(title);
	return id;
}

char *be_virsh(const struct be_conn *c, const char *word, ...)
{
	struct strbuf b = { 0 };
	const char *uri = c ? be_conn_uri(c) : NULL;
	va_list ap;
	sb_puts(&b, "virsh");
	if (uri) {
		sb_puts(&b, " -c ");
		sb_shell_word(&b, uri);
	}
	va_start(ap, word);
	for (; word; word = va_arg(ap, const char *)) {
		sb_add(&b, " ", 1);
		sb_shell_word(&b, word);
	}
	va_end(ap);
	return b.s;
}

unsigned be_target_job_spec(struct be_jobs *js, struct be_target *t,
			    struct be_job_spec *s, be_target_fn run)
{
	t->run = run;
	s->run = run_target;
	s->arg = t;
	s->free_arg = be_target_free;
	return be_jobs_start(js, s);
}

bool be_uri_is_local(const char *uri)
{
	const char *p = uri ? strstr(uri, "://") : NULL;
	return !p || p[3] == '/' || p[3] == '\0';
}

/* --- lifecycle --------------------------------------------------------- */

struct lc_args {
	enum be_op_kind kind;
	int timeout_s;
};

static int wait_shutoff(struct be_job *j, struct be_target *t, virDomainPtr dom,
			int timeout_s)
{
	int64_t t0 = mono_ns(), limit = (int64_t)timeout_s * 1000000000LL;
	for (;;) {
		int st, reason;
		int64_t el = mono_ns() - t0;
		if (virDomainGetState(dom, &st, &reason, 0) < 0) {
			if (no_domain()) {
				/* a transient domain is gone once it is off */
				be_job_result(j, "'%s' shut down", t->name);
				return 0;
			}
			return be_job_fail(j, "cannot read the state of '%s': %s",
					   t->name, be_virt_msg());
		}
		if (st == VIR_DOMAIN_SHUTOFF) {
			be_job_result(j, "'%s' shut down after %.0f s", t->name, el / 1e9);
			return 0;
		}
		if (el >= limit) {
			be_job_outcome(j, BE_OUT_TIMEOUT);
			return be_job_fail(j, "'%s' is still running %d s after the "
					   "shutdown request", t->name, timeout_s);
		}
		be_job_phase(j, (double)el / (double)limit,
			     "waiting for the guest to power off (%.0f/%d s)",
			     el / 1e9, timeout_s);
		if (!be_job_sleep(j, POLL_NS))
			return be_job_fail(j, "stopped waiting for '%s' to shut down",
					   t->name);
	}
}

static int run_lifecycle(struct be_job *j, struct be_target *t,
			 virDomainPtr dom)
{
	struct lc_args *x = t->extra;
	const char *verb = "change";
	int r = -1;

	switch (x->kind) {
	case BE_OP_START:
		verb = "start";
		r = virDomainCreate(dom);
		break;
	case BE_OP_SHUTDOWN:
		verb = "shut down";
		r = virDomainShutdown(dom);
		break;
	case BE_OP_REBOOT:
		verb = "reboot";
		r = virDomainReboot(dom, 0);
		break;
	case BE_OP_DESTROY:
		verb = "destroy";
		r = virDomainDestroy(dom);
		break;
	case BE_OP_SUSPEND:
		verb = "pause";
		r = virDomainSuspend(dom);
		break;
	case BE_OP_RESUME:
		verb = "resume";
		r = virDomainResume(dom);
		break;
	default:
		break;
	}
	if (r < 0) {
		be_job_fail(j, "cannot %s '%s': %s", verb, t->name, be_virt_msg());
	} else if (x->kind == BE_OP_SHUTDOWN) {
		r = wait_shutoff(j, t, dom, x->timeout_s);
	} else {
		static const char *const done[] = {
			[BE_OP_START] = "started", [BE_OP_REBOOT] = "rebooting",
			[BE_OP_DESTROY] = "destroyed", [BE_OP_SUSPEND] = "paused",
			[BE_OP_RESUME] = "resumed",
		};
		be_job_result(j, "'%s' %s", t->name,
			      done[x->kind] ? done[x->kind] : "changed");
	}
	return r;
}

unsigned be_op_lifecycle(struct be_jobs *js, const struct be_op_target *t,
			 enum be_op_kind kind, int timeout_s,
			 be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	struct lc_args *a = xcalloc(1, sizeof(*a));
	static const char *const verbs[] = {
		[BE_OP_START] = "start", [BE_OP_SHUTDOWN] = "shut down",
		[BE_OP_REBOOT] = "reboot", [BE_OP_DESTROY] = "destroy",
		[BE_OP_SUSPEND] = "pause", [BE_OP_RESUME] = "resume",
	};
	if (kind < BE_OP_START || kind > BE_OP_RESUME) {
		be_target_free(x);
		free(a);
		return 0;
	}
	static const char *const cmds[] = {
		[BE_OP_START] = "start", [BE_OP_SHUTDOWN] = "shutdown",
		[BE_OP_REBOOT] = "reboot", [BE_OP_DESTROY] = "destroy",
		[BE_OP_SUSPEND] = "suspend", [BE_OP_RESUME] = "resume",
	};
	a->kind = kind;
	a->timeout_s = timeout_s > 0 ? timeout_s : 60;
	x->extra = a;
	x->virsh = be_virsh(t->conn, cmds[kind], x->name, NULL);
	return be_target_job(js, x, kind, false, kind == BE_OP_SHUTDOWN,
			     run_lifecycle, done, "%s '%s'", verbs[kind], x->name);
}

/* --- memory ------------------------------------------------------------ */

static int run_meminfo(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct be_meminfo *m;
	virDomainInfo info;

	if (virDomainGetInfo(dom, &info) < 0)
		return be_job_fail(j, "cannot read the memory of '%s': %s",
				   t->name, be_virt_msg());
	m = xcalloc(1, sizeof(*m));
	m->state = info.state;
	m->cur_kib = info.memory;
	m->max_kib = info.maxMem;
	if (virDomainIsActive(dom) == 1) {
		virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR];
		int i, n = virDomainMemoryStats(dom, ms, VIR_DOMAIN_MEMORY_STAT_NR, 0);
		for (i = 0; i < n; i++) {
			switch (ms[i].tag) {
			case VIR_DOMAIN_MEMORY_STAT_ACTUAL_BALLOON: m->cur_kib = ms[i].val; break;
			case VIR_DOMAIN_MEMORY_STAT_AVAILABLE: m->available_kib = ms[i].val; break;
			case VIR_DOMAIN_MEMORY_STAT_USABLE: m->usable_kib = ms[i].val; break;
			case VIR_DOMAIN_MEMORY_STAT_UNUSED: m->unused_kib = ms[i].val; break;
			default: break;
			}
		}
		/* no stats is not an error: the guest may have no balloon driver */
		virResetLastError();
	}
	be_job_data(j, m, free);
	return 0;
}

unsigned be_op_meminfo(struct be_jobs *js, const struct be_op_target *t,
		       be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	return be_target_job(js, x, BE_OP_MEMINFO, true, false, run_meminfo, done,
			     "read the memory of '%s'", x->name);
}

static int run_setmem(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	uint64_t kib = *(uint64_t *)t->extra;
	int r;
	r = virDomainSetMemoryFlags(dom, (unsigned long)kib, VIR_DOMAIN_AFFECT_CURRENT);
	if (r < 0)
		be_job_fail(j, "cannot set the memory of '%s': %s", t->name,
			    be_virt_msg());
	else
		be_job_result(j, "memory of '%s' set to %llu MiB", t->name,
			      (unsigned long long)(kib / 1024));
	return r;
}

unsigned be_op_setmem(struct be_jobs *js, const struct be_op_target *t,
		      uint64_t kib, be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	uint64_t *k = xmalloc(sizeof(*k));
	char size[24];
	*k = kib;
	x->extra = k;
	snprintf(size, sizeof(size), "%llu", (unsigned long long)kib);
	/* VIR_DOMAIN_AFFECT_CURRENT: live on a running domain, else config */
	x->virsh = be_virsh(t->conn, "setmem", x->name, size, "--current", NULL);
	return be_target_job(js, x, BE_OP_SETMEM, false, false, run_setmem, done,
			     "balloon '%s' to %llu MiB", x->name,
			     (unsigned long long)(kib / 1024));
}

/* --- addresses ----------------------------------------------------------- */

void be_addrs_free(void *p)
{
	struct be_addrs *a = p;
	size_t i;
	if (!a)
		return;
	for (i = 0; i < a->n; i++) {
		free(a->v[i].iface);
		free(a->v[i].addr);
	}
	free(a->v);
	free(a);
}

static int run_addrs(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	static const struct { unsigned src; const char *name; } srcs[] = {
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_LEASE, "DHCP lease" },
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_AGENT, "guest agent" },
		{ VIR_DOMAIN_INTERFACE_ADDRESSES_SRC_ARP, "ARP" },
	};
	struct be_addrs *a = xcalloc(1, sizeof(*a));
	size_t s;
	(void)t;
	for (s = 0; s < sizeof(srcs) / sizeof(srcs[0]) && !a->n; s++) {
		virDomainInterfacePtr *ifs = NULL;
		int n = virDomainInterfaceAddresses(dom, &ifs, srcs[s].src, 0), i;
		unsigned k;
		/* a source this guest lacks (no agent, say) is no error */
		if (n < 0)
			virResetLastError();
		for (i = 0; i < n; i++) {
			for (k = 0; k < ifs[i]->naddrs; k++) {
				a->v = xrealloc(a->v, (a->n + 1) * sizeof(*a->v));
				a->v[a->n].iface = xstrdup(ifs[i]->name ? ifs[i]->name : "?");
				a->v[a->n].addr = xstrdup(ifs[i]->addrs[k].addr);
				a->v[a->n].prefix = ifs[i]->addrs[k].prefix;
				a->n++;
			}
			virDomainInterfaceFree(ifs[i]);
		}
		free(ifs);
		if (a->n)
			a->source = srcs[s].name;
	}
	be_job_data(j, a, be_addrs_free);
	return 0;
}

unsigned be_op_addrs(struct be_jobs *js, const struct be_op_target *t,
		     be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	return be_target_job(js, x, BE_OP_ADDRS, true, false, run_addrs, done,
			     "read the addresses of '%s'", x->name);
}

/* --- storage and undefine ---------------------------------------------- */

void be_storage_free(void *p)
{
	struct be_storage *s = p;
	size_t i;
	if (!s)
		return;
	for (i = 0; i < s->n; i++)
		free(s->paths[i]);
	free(s->paths);
	free(s);
}


static const char *find_in(const char *s, const char *end, const char *what)
{
	const char *p = strstr(s, what);
	return p && p < end ? p : NULL;
}

static void storage_add(struct be_storage *s, char *path)
{
	size_t i;
	for (i = 0; i < s->n; i++)
		if (strcmp(s->paths[i], path) == 0) {
			free(path);
			return;
		}
	s->paths = xrealloc(s->paths, (s->n + 1) * sizeof(*s->paths));
	s->paths[s->n++] = path;
}

/* The writable disks of a domain's XML, by path: what its undefine could
 * remove (CD-ROMs, read-only and shared disks are not the guest's own). */
static struct be_storage *disks_of(virConnectPtr vc, const char *xml)
{
	struct be_storage *s = xcalloc(1, sizeof(*s));
	const char *p, *e;
	for (p = xml; (p = strstr(p, "<disk ")) && (e = strstr(p, "</disk>")); p = e) {
		char *dev = xml_tag_attr(p + 1, e, "device"), *path = NULL;
		const char *src = find_in(p, e, "<source ");
		bool own = (!dev || strcmp(dev, "disk") == 0) &&
			!find_in(p, e, "<readonly/>") && !find_in(p, e, "<shareable/>");
		free(dev);
		if (!own || !src)
			continue;
		path = xml_tag_attr(src + 1, e, "file");
		if (!path)
			path = xml_tag_attr(src + 1, e, "dev");
		if (!path) {
			char *pool = xml_tag_attr(src + 1, e, "pool");
			char *vol = xml_tag_attr(src + 1, e, "volume");
			virStoragePoolPtr sp = pool ? virStoragePoolLookupByName(vc, pool) : NULL;
			virStorageVolPtr sv = sp && vol ? virStorageVolLookupByName(sp, vol) : NULL;
			if (sv)
				path = virStorageVolGetPath(sv);
			if (sv)
				virStorageVolFree(sv);
			if (sp)
				virStoragePoolFree(sp);
			free(pool);
			free(vol);
		}
		if (path)
			storage_add(s, path);
	}
	return s;
}

static int run_storage(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	char *xml = virDomainGetXMLDesc(dom, VIR_DOMAIN_XML_INACTIVE);
	if (!xml)
		return be_job_fail(j, "cannot read the definition of '%s': %s",
				   t->name, be_virt_msg());
	be_job_data(j, disks_of(virDomainGetConnect(dom), xml), be_storage_free);
	free(xml);
	return 0;
}

unsigned be_op_storage(struct be_jobs *js, const struct be_op_target *t,
		       be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	return be_target_job(js, x, BE_OP_STORAGE, true, false, run_storage, done,
			     "list the storage of '%s'", x->name);
}

/* Removes a disk: as a storage volume if a pool knows it, else as a local
 * file.  NULL or the error sentence (malloc'd). */
static char *remove_path(virConnectPtr vc, bool local, const char *path)
{
	virStorageVolPtr v = virStorageVolLookupByPath(vc, path);
	struct stat st;
	if (v) {
		int r = virStorageVolDelete(v, 0);
		virStorageVolFree(v);
		return r < 0 ? xasprintf("cannot remove %s: %s", path, be_virt_msg()) : NULL;
	}
	virResetLastError();
	if (!local)
		return xasprintf("cannot remove %s: no storage pool holds it", path);
	if (stat(path, &st) < 0)
		return errno == ENOENT ? NULL :
			xasprintf("cannot remove %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return xasprintf("cannot remove %s: not a regular file", path);
	if (unlink(path) < 0)
		return xasprintf("cannot remove %s: %s", path, strerror(errno));
	return NULL;
}

static int run_undefine(struct be_job *j, struct be_target *t, virDomainPtr dom)
{
	struct be_storage *rm = t->extra;
	static const unsigned flagsets[] = {
		VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
			VIR_DOMAIN_UNDEFINE_NVRAM | VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA,
		VIR_DOMAIN_UNDEFINE_MANAGED_SAVE | VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
		VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA,
		0,
	};
	virConnectPtr vc = virDomainGetConnect(dom);
	char *err = NULL;
	size_t i, removed = 0;
	int r = -1;

	be_job_phase(j, 0.1, "undefining");
	/* drivers refuse flags they do not know: fewer until one is taken */
	for (i = 0; i < ARRAY_SIZE(flagsets); i++) {
		r = virDomainUndefineFlags(dom, flagsets[i]);
		if (r == 0 || !be_virt_unsupported())
			break;
	}
	if (r < 0 && be_virt_unsupported())
		r = virDomainUndefine(dom);
	if (r < 0)
		return be_job_fail(j, "cannot undefine '%s': %s", t->name,
				   be_virt_msg());
	for (i = 0; rm && i < rm->n; i++) {
		char *e;
		be_job_phase(j, 0.2 + 0.8 * (double)i / (double)rm->n, "removing %s",
			     rm->paths[i]);
		e = remove_path(vc, be_uri_is_local(be_conn_uri(t->conn)), rm->paths[i]);
		if (e && !err)
			err = e;
		else if (e)
			free(e);
		else
			removed++;
	}
	if (err) {
		be_job_fail(j, "undefined '%s', but %s", t->name, err);
		r = -1;
	} else if (removed) {
		be_job_result(j, "undefined '%s' and removed %zu disk%s", t->name,
			      removed, removed == 1 ? "" : "s");
	} else {
		be_job_result(j, "undefined '%s' (storage kept)", t->name);
	}
	free(err);
	return r;
}

static struct be_storage *storage_copy(const struct be_storage *s)
{
	struct be_storage *c = xcalloc(1, sizeof(*c));
	size_t i;
	for (i = 0; s && i < s->n; i++)
		storage_add(c, xstrdup(s->paths[i]));
	return c;
}

unsigned be_op_undefine(struct be_jobs *js, const struct be_op_target *t,
			const struct be_storage *remove, be_job_done_fn done)
{
	struct be_target *x = be_target_new(t);
	x->extra = storage_copy(remove);
	x->free_extra = be_storage_free;
	x->virsh = be_virsh(t->conn, "undefine", x->name,
			    remove && remove->n ? "--remove-all-storage" : NULL, NULL);
	return be_target_job(js, x, BE_OP_UNDEFINE, false, false, run_undefine,
			     done, "undefine '%s'%s", x->name,
			     remove && remove->n ? " and its storage" : "");
}

/* --- what a host offers new guests -------------------------------------- */

void be_hostinfo_free(void *p)
{
	struct be_hostinfo *h = p;
	size_t i;
	if (!h)
		return;
	free(h->type);
	free(h->arch);
	free(h->pool);
	free(h->disk_dir);
	for (i = 0; i < h->nnets; i++)
		free(h->nets[i]);
	free(h->nets);
	free(h);
}

/* text of <tag>...</tag> (first one), unescaped */
static char *elem_text(const char *xml, const char *tag)
{
	char open[64], close[64];
	const char *s, *e;
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	s = strstr(xml, open);
	if (!s)
		return NULL;
	s += strlen(open);
	e = strstr(s, close);
	return e ? xml_unescape(s, (size_t)(e - s)) : NULL;
}

/* qemu:///embed?root=DIR: the embedded driver has no storage pools;
 * new disks go to DIR/images */
static char *embed_images(const char *uri)
{
	const char *r = uri ? strstr(uri, "embed?") : NULL;
	const char *v, *end;
	if (!r || !(v = strstr(r, "root=")))
		return NULL;
	v += 5;
	end = v + strcspn(v, "&");
	return end > v ? xasprintf("%.*s/images", (int)(end - v), v) : NULL;
}

static void default_pool(virConnectPtr vc, struct be_hostinfo *h)
{
	virStoragePoolPtr p = virStoragePoolLookupByName(vc, "default");
	char *xml;
	if (!p) {
		virStoragePoolPtr *all = NULL;
		int i, n = virConnectListAllStoragePools(vc, &all,
				VIR_CONNECT_LIST_STORAGE_POOLS_ACTIVE);
		for (i = 0; i < n; i++) {
			if (!p)
				p = all[i];
			else
				virStoragePoolFree(all[i]);
		}
		free(all);
	}
	virResetLastError();
	if (!p)
		return;
	h->pool = xstrdup(virStoragePoolGetName(p));
	xml = virStoragePoolGetXMLDesc(p, 0);
	if (xml) {
		const char *tg = strstr(xml, "<target>");
		h->disk_dir = tg ? elem_text(tg, "path") : NULL;
		free(xml);
	}
	virStoragePoolFree(p);
}

/* /dev/kvm can be there and useless (nested KVM that hangs guests): where
 * the hooks found that only TCG works here, new local guests get TCG too */
static bool tcg_verdict(void)
{
	const struct be_conn_hooks *h = be_hooks();
	return h->local_tcg_only && h->local_tcg_only();
}

static struct be_hostinfo *hostinfo(virConnectPtr vc, const char *uri)
{
	struct be_hostinfo *h = xcalloc(1, sizeof(*h));
	const char *type = virConnectGetType(vc);
	virNetworkPtr *nets = NULL;
	virNodeInfo ni;
	int i, n;

	h->local = be_uri_is_local(uri);
	if (type && strcasecmp(type, "test") == 0) {
		h->type = xstrdup("test");
	} else {
		char *caps = virConnectGetCapabilities(vc);
		bool kvm = caps && (strstr(caps, "<domain type='kvm'") ||
				    strstr(caps, "<domain type=\"kvm\""));
		free(caps);
		h->type = xstrdup(kvm && !(h->local && tcg_verdict()) ? "kvm" : "qemu");
	}
	if (virNodeGetInfo(vc, &ni) == 0) {
		h->cpus = ni.cpus;
		h->mem_kib = ni.memory;
		h->arch = xstrdup(ni.model);
	}
	default_pool(vc, h);
	if (!h->pool)
		h->disk_dir = embed_images(uri);
	n = virConnectListAllNetworks(vc, &nets, 0);
	for (i = 0; i < n; i++) {
		h->nets = xrealloc(h->nets, (h->nnets + 1) * sizeof(*h->nets));
		h->nets[h->nnets++] = xstrdup(virNetworkGetName(nets[i]));
		virNetworkFree(nets[i]);
	}
	free(nets);
	virResetLastError();
	return h;
}

struct hi_args {
	struct be_conn *conn;
};

static int run_hostinfo(struct be_job *j, void *arg)
{
	struct hi_args *x = arg;
	virConnectPtr vc = target_conn(j, x->conn);
	if (!vc)
		return -1;
	be_job_data(j, hostinfo(vc, be_conn_uri(x->conn)), be_hostinfo_free);
	virConnectClose(vc);
	return 0;
}

unsigned be_op_hostinfo(struct be_jobs *js, struct be_conn *c, unsigned host,
			be_job_done_fn done)
{
	struct hi_args *x = xcalloc(1, sizeof(*x));
	struct be_job_spec s = {
		.kind = BE_OP_HOSTINFO, .host = host, .title = "read the host's resources",
		.quiet = true, .run = run_hostinfo, .arg = x, .done = done,
	};
	x->conn = c;
	return be_jobs_start(js, &s);
}

/* --- create ---------------------------------------------------------- */

void be_create_req_free(void *p)
{
	struct be_create_req *r = p;
	if (!r)
		return;
	free(r->name);
	free(r->disk_path);
	free(r->kernel);
	free(r->initrd);
	free(r->profile);
	free(r->iso);
	free(r->net_source);
	free(r);
}

struct create_args {
	struct be_conn *conn;
	struct be_create_req *req;
};

static void create_args_free(void *p)
{
	struct create_args *a = p;
	be_create_req_free(a->req);
	free(a);
}

/* qemu-img create, where no storage pool can make the image */
static int qemu_img(struct be_job *j, const char *path, uint64_t bytes)
{
	char size[32];
	char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", (char *)path, size, NULL };
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st, r;
	snprintf(size, sizeof(size), "%llu", (unsigned long long)bytes);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	r = posix_spawnp(&pid, "qemu-img", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (r != 0)
		return be_job_fail(j, "cannot run qemu-img to create %s: %s", path,
				   strerror(r));
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		return be_job_fail(j, "qemu-img could not create %s", path);
	return 0;
}

/* Creates the new disk: a volume in the pool, or a file by qemu-img. */
static char *new_disk(struct be_job *j, virConnectPtr vc,
		      const struct be_hostinfo *h, const struct be_create_req *q,
		      virStorageVolPtr *volp)
{
	char *vname = xasprintf("%s.qcow2", q->name), *path = NULL;
	*volp = NULL;
	if (h->pool) {
		virStoragePoolPtr p = virStoragePoolLookupByName(vc, h->pool);
		char *xml = be_volume_xml(vname, q->disk_bytes, "qcow2");
		virStorageVolPtr v = p ? virStorageVolCreateXML(p, xml, 0) : NULL;
		if (!v)
			be_job_fail(j, "cannot create the disk %s in pool '%s': %s",
				    vname, h->pool, be_virt_msg());
		else if (!(path = virStorageVolGetPath(v)))
			be_job_fail(j, "cannot find the path of the new disk %s: %s",
				    vname, be_virt_msg());
		if (v && !path) {
			virStorageVolDelete(v, 0);
			virStorageVolFree(v);
			v = NULL;
		}
		*volp = v;
		if (p)
			virStoragePoolFree(p);
		free(xml);
	} else if (h->disk_dir && h->local) {
		struct stat st;
		path = xasprintf("%s/%s", h->disk_dir, vname);
		if (mkdir(h->disk_dir, 0755) < 0 && errno != EEXIST) {
			be_job_fail(j, "cannot create %s: %s", h->disk_dir, strerror(errno));
			free(path);
			path = NULL;
		} else if (stat(path, &st) == 0) {
			be_job_fail(j, "%s already exists", path);
			free(path);
			path = NULL;
		} else if (qemu_img(j, path, q->disk_bytes) < 0) {
			free(path);
			path = NULL;
		}
	} else {
		be_job_fail(j, "'%s' has no storage pool to create a disk in; "
			    "use an existing image", h->pool ? h->pool : "the host");
	}
	free(vname);
	return path;
}

static const char *disk_format(const char *path, bool local)
{
	char magic[4];
	int fd;
	ssize_t n;
	if (local && (fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, magic, sizeof(magic));
		close(fd);
		if (n == 4)
			return memcmp(magic, "QFI\xfb", 4) == 0 ? "qcow2" : "raw";
	}
	n = (ssize_t)strlen(path);
	return n > 6 && strcmp(path + n - 6, ".qcow2") == 0 ? "qcow2" : "raw";
}

static int run_create(struct be_job *j, void *arg)
{
	struct create_args *a = arg;
	struct be_create_req *q = a->req;
	virConnectPtr vc = target_conn(j, a->conn);
	struct be_hostinfo *h = NULL;
	virStorageVolPtr vol = NULL;
	virDomainPtr dom = NULL;
	struct be_guest g;
	char *disk = NULL, *xml = NULL, *serial = NULL;
	struct stat st;
	int r = -1;

	if (!vc)
		return -1;
	be_job_phase(j, 0.05, "reading the host's resources");
	h = hostinfo(vc, be_conn_uri(a->conn));
	if (q->disk == BE_DISK_NEW) {
		be_job_phase(j, 0.1, "creating a %llu MiB disk",
			     (unsigned long long)(q->disk_bytes >> 20));
		disk = new_disk(j, vc, h, q, &vol);
		if (!disk)
			goto cleanup;
	} else if (q->disk == BE_DISK_EXISTING) {
		disk = xstrdup(q->disk_path);
	}
	if (be_job_cancelled(j))
		goto cleanup;

	memset(&g, 0, sizeof(g));
	g.type = h->type;
	g.name = q->name;
	g.vcpus = q->vcpus;
	g.mem_kib = q->mem_kib;
	g.disk_path = disk;
	g.disk_format = disk ? (vol ? "qcow2" : disk_format(disk, h->local)) : NULL;
	g.disk_is_block = disk && h->local && stat(disk, &st) == 0 && S_ISBLK(st.st_mode);
	g.boot = q->boot;
	if (q->boot == BE_BOOT_KERNEL) {
		g.kernel = q->kernel;
		g.initrd = q->initrd;
		g.profile = q->profile;
		/* its console lines in a file beside its disk */
		if (h->local && h->disk_dir && strcmp(h->type, "test") != 0)
			serial = xasprintf("%s/%s.serial.log", h->disk_dir, q->name);
		g.serial_log = serial;
	}
	g.iso = q->iso;
	g.net = q->net;
	g.net_source = q->net_source;
	g.balloon_stats = q->balloon_stats;
	if (!be_hooks()->guest_xml) {
		be_job_fail(j, "cannot create '%s': hvtop has no guest builder for '%s'",
			    q->name, be_conn_uri(a->conn));
		goto cleanup;
	}
	xml = be_hooks()->guest_xml(&g);

	be_job_phase(j, 0.5, "defining '%s'", q->name);
	dom = virDomainDefineXML(vc, xml);
	if (!dom) {
		be_job_fail(j, "cannot define '%s': %s", q->name, be_virt_msg());
		goto cleanup;
	}
	if (q->start) {
		be_job_phase(j, 0.7, "starting '%s'", q->name);
		if (virDomainCreate(dom) < 0) {
			/* defined, with its disk: the user can fix and start it */
			be_job_fail(j, "defined '%s' but cannot start it: %s", q->name,
				    be_virt_msg());
			r = -1;
			goto keep;
		}
	}
	be_job_result(j, "created '%s'%s%s%s", q->name, q->start ? " and started it" : "",
		      vol ? " with disk " : "", vol ? disk : "");
	r = 0;
keep:
	if (vol)
		virStorageVolFree(vol);
	vol = NULL;
	free(disk);
	disk = NULL;
cleanup:
	/* nothing half-made is left behind */
	if (r < 0 && vol)
		virStorageVolDelete(vol, 0);
	else if (r < 0 && disk && q->disk == BE_DISK_NEW)
		unlink(disk);
	if (vol)
		virStorageVolFree(vol);
	if (dom)
		virDomainFree(dom);
	free(disk);
	free(xml);
	free(serial);
	be_hostinfo_free(h);
	virConnectClose(vc);
	return r;
}

unsigned be_op_create(struct be_jobs *js, struct be_conn *c, unsigned host,
		      struct be_create_req *req, be_job_done_fn done)
{
	struct create_args *a = xcalloc(1, sizeof(*a));
	char *title = xasprintf("create '%s'", req->name);
	char *xml = xasprintf("%s.xml", req->name);
	char *define = be_virsh(c, "define", xml, NULL);
	char *start = req->start ? be_virsh(c, "start", req->name, NULL) : NULL;
	char *virsh = start ? xasprintf("%s && %s", define, start) : xstrdup(define);
	struct be_job_spec s = {
		.kind = BE_OP_CREATE, .host = host, .domain = req->name,
		.title = title, .run = run_create, .arg = a,
		.free_arg = create_args_free, .done = done, .cancellable = true,
		.virsh = virsh,
	};
	unsigned id;
	a->conn = c;
	a->req = req;
	id = be_jobs_start(js, &s);
	free(title);
	free(xml);
	free(define);
	free(start);
	free(virsh);
	return id;
}
