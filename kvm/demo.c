#include <config.h>
#include "kvm/demo.h"
#include "kvm/embed_priv.h"
#include "kvm/run.h"
#include "kvm/domxml.h"
#include "kvm/scenario.h"
#include "backend/schedparams.h"
#include "backend/sched.h"
#include "common/format.h"
#include "common/util.h"
#include "common/test_hooks.h"
#include "common/xml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <libvirt/virterror.h>

#define IP_PREFIX "169.254.77."  /* link-local: never routed off the bridge */
#define GUEST_MIB 256
#define DISK_SIZE "256M"

static const char *const default_mix[] = {
	"cpu-hog", "net-chatty", "net-chatty", "disk-writer",
	"bursty", "idle", "mem-grower",
};

struct guest {
	char *name, *disk, *serial;
	const char *profile;
	int peer;
	bool started;       /* by us, now: its log is fresh */
	bool ready;
	double ready_s;
};

struct demo {
	char *statedir, *demodir, *imgdir, *root;
	struct kvm_accel_verdict accel;
	bool net;
	bool one_vcpu; /* a scenario's guests: its lesson counts vCPUs */
	int n;
	struct guest *g;
};

static char *lv_error(const char *what)
{
	virErrorPtr e = virGetLastError();
	return xasprintf("%s: %s", what, e && e->message ? e->message : "unknown error");
}

/* ------------------------------------------------------------ profiles */

/* the i-th entry of $HVTOP_DEMO_PROFILES, or NULL */
static char *env_profile(int i, int *count)
{
	const char *env = getenv(TEST_HOOK_DEMO_PROFILES);
	char *dup, *tok, *save = NULL, *r = NULL;
	int k = 0;
	if (!env || !*env) {
		*count = 0;
		return NULL;
	}
	dup = xstrdup(env);
	for (tok = strtok_r(dup, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save), k++)
		if (k == i)
			r = xstrdup(tok);
	*count = k;
	free(dup);
	return r;
}

static const char *intern(const char *p)
{
	static const char *const known[] = {
		"cpu-hog", "bursty", "idle", "net-chatty", "disk-writer", "mem-grower",
	};
	size_t i;
	for (i = 0; i < ARRAY_SIZE(known); i++)
		if (strcmp(p, known[i]) == 0)
			return known[i];
	return NULL;
}

static const char *profile_at(int i, int n)
{
	int count;
	char *e = env_profile(i, &count);
	const char *p;
	(void)n;
	if (count) {
		p = e ? intern(e) : NULL;
		free(e);
		return p;
	}
	return default_mix[i % (int)ARRAY_SIZE(default_mix)];
}

const char *kvm_demo_profile(int i, int n, int *peer)
{
	const char *p = profile_at(i, n);
	int k, nth = 0, other = -1;
	*peer = -1;
	if (!p || strcmp(p, "net-chatty") != 0)
		return p;
	/* net-chatty guests pair up in order: 1st with 2nd, 3rd with 4th */
	for (k = 0; k < i; k++) {
		const char *q = profile_at(k, n);
		if (q && strcmp(q, "net-chatty") == 0)
			nth++;
	}
	for (k = 0; k < n; k++) {
		const char *q = profile_at(k, n);
		int m, idx = 0;
		if (k == i || !q || strcmp(q, "net-chatty") != 0)
			continue;
		for (m = 0; m < k; m++) {
			const char *r = profile_at(m, n);
			if (r && strcmp(r, "net-chatty") == 0)
				idx++;
		}
		if (idx == (nth ^ 1)) {
			other = k;
			break;
		}
		if (other < 0 && idx == nth - 1)
			other = k; /* an odd one out talks to the one before */
	}
	*peer = other;
	/* with the default mix, a lone net-chatty would talk to nobody */
	if (other < 0 && !getenv(TEST_HOOK_DEMO_PROFILES))
		return "bursty";
	return p;
}

/* ------------------------------------------------------------ helpers */

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
}


static const char *ip_cmd(void)
{
	if (kvm_have("ip"))
		return "ip";
	if (exists("/usr/sbin/ip"))
		return "/usr/sbin/ip";
	return "/sbin/ip";
}

static bool file_has(const char *path, const char *needle)
{
	FILE *f = fopen(path, "r");
	char buf[4096];
	size_t keep = strlen(needle), n, have = 0;
	bool found = false;
	if (!f)
		return false;
	/* a sliding window, so a match across two reads is still found */
	while (!found && (n = fread(buf + have, 1, sizeof(buf) - 1 - have, f)) > 0) {
		have += n;
		buf[have] = '\0';
		/* NULs in the log would end strstr early: blank them */
		for (size_t i = 0; i < have; i++)
			if (!buf[i])
				buf[i] = ' ';
		found = strstr(buf, needle) != NULL;
		if (have > keep) {
			memmove(buf, buf + have - keep, keep);
			have = keep;
		}
	}
	fclose(f);
	return found;
}

/* ------------------------------------------------------------ steps */

static char *guest_dir(char **err)
{
	const char *env = getenv(TEST_HOOK_GUEST_DIR);
	char self[4096], *slash, *p;
	ssize_t n;
	if (env && *env)
		return xstrdup(env);
	/* run from a build tree: the source's kvm/guest beside the binary */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		if ((slash = strrchr(self, '/'))) {
			*slash = '\0';
			p = xasprintf("%s/kvm/guest", self);
			if (exists(p) && access(self, F_OK) == 0) {
				char *b = xasprintf("%s/build-image.sh", p);
				bool ok = exists(b);
				free(b);
				if (ok)
					return p;
			}
			free(p);
		}
	}
	p = xstrdup(HVTOP_DATADIR "/guest");
	if (!exists(p)) {
		*err = xasprintf("the demo guest files are not in %s; set HVTOP_GUEST_DIR to the kvm/guest directory of hvtop's source", p);
		free(p);
		return NULL;
	}
	return p;
}

static int build_image(struct demo *d, char **err)
{
	char *dir = guest_dir(err), *script, *log;
	int r;
	if (!dir)
		return -1;
	script = xasprintf("%s/build-image.sh", dir);
	log = xasprintf("%s/build-image.log", d->statedir);
	unlink(log);
	{
		char *stamp = xasprintf("%s/stamp", d->imgdir);
		if (!exists(stamp))
			fprintf(stderr, "hvtop: building the demo guest image in %s\n", d->imgdir);
		free(stamp);
	}
	{
		char *argv[] = { "bash", script, d->imgdir, NULL };
		r = kvm_run(argv, log, err);
	}
	if (r < 0) {
		char *tail = kvm_file_tail(log, 6);
		free(*err);
		*err = xasprintf("cannot build the demo guest image in %s; %s said:\n%s",
				 d->imgdir, script, tail ? tail : "  | (nothing)");
		free(tail);
	}
	free(dir);
	free(script);
	free(log);
	return r;
}

static bool bridge_exists(void);

static int setup_bridge(char **err)
{
	const char *ip = ip_cmd();
	char *add[] = { (char *)ip, "link", "add", "name", KVM_DEMO_BRIDGE, "type", "bridge", NULL };
	char *up[] = { (char *)ip, "link", "set", KVM_DEMO_BRIDGE, "up", NULL };
	char *e = NULL;
	if (!bridge_exists() && kvm_run(add, NULL, &e) < 0) {
		*err = xasprintf("cannot create the demo bridge " KVM_DEMO_BRIDGE ": %s", e);
		free(e);
		return -1;
	}
	if (kvm_run(up, NULL, &e) < 0) {
		*err = xasprintf("cannot bring the demo bridge " KVM_DEMO_BRIDGE " up: %s", e);
		free(e);
		return -1;
	}
	return 0;
}

static char *domain_xml(const struct demo *d, int i)
{
	const struct guest *g = &d->g[i];
	bool kvm = d->accel.accel == KVM_ACCEL_KVM;
	bool two = kvm && !d->one_vcpu && (strcmp(g->profile, "cpu-hog") == 0 ||
			   strcmp(g->profile, "bursty") == 0);
	char *k = xasprintf("%s/vmlinuz", d->imgdir), *r = xasprintf("%s/initrd.img", d->imgdir);
	char *ek = xml_escaped(k), *er = xml_escaped(r), *ed = xml_escaped(g->disk), *es = xml_escaped(g->serial);
	char net[512] = "", addr[96] = "", *xml;
	/* $HVTOP_DEMO_APPEND: more kernel parameters, for tests (e.g.
	 * hvtop.acpi=off: a guest that ignores shutdown) */
	char *extra = xml_escaped(getenv(TEST_HOOK_DEMO_APPEND) ?
				  getenv(TEST_HOOK_DEMO_APPEND) : "");

	if (d->net) {
		snprintf(net, sizeof(net),
			 "    <interface type='bridge'>\n"
			 "      <source bridge='" KVM_DEMO_BRIDGE "'/>\n"
			 "      <mac address='52:54:00:68:76:%02x'/>\n"
			 "      <model type='virtio'/>\n"
			 "    </interface>\n", i + 1);
		if (g->peer >= 0)
			snprintf(addr, sizeof(addr), " hvtop.ip=" IP_PREFIX "%d/16 hvtop.peer=" IP_PREFIX "%d",
				 11 + i, 11 + g->peer);
		else
			snprintf(addr, sizeof(addr), " hvtop.ip=" IP_PREFIX "%d/16", 11 + i);
	}
	xml = xasprintf(
		"<domain type='%s'>\n"
		"  <name>%s</name>\n"
		"  <title>hvtop demo guest: %s</title>\n"
		"  <memory unit='MiB'>%d</memory>\n"
		"  <currentMemory unit='MiB'>%d</currentMemory>\n"
		"  <vcpu>%d</vcpu>\n"
		"  <os>\n"
		"    <type arch='x86_64' machine='pc'>hvm</type>\n"
		"    <kernel>%s</kernel>\n"
		"    <initrd>%s</initrd>\n"
		"    <cmdline>console=ttyS0 panic=-1 quiet hvtop.profile=%s hvtop.name=%s%s%s%s</cmdline>\n"
		"  </os>\n"
		"  <features><acpi/></features>\n"
		"%s"
		"  <on_poweroff>destroy</on_poweroff>\n"
		"  <on_reboot>destroy</on_reboot>\n"
		"  <on_crash>destroy</on_crash>\n"
		"  <devices>\n"
		"    <disk type='file' device='disk'>\n"
		"      <driver name='qemu' type='qcow2'/>\n"
		"      <source file='%s'/>\n"
		"      <target dev='vda' bus='virtio'/>\n"
		"    </disk>\n"
		"%s"
		"    <serial type='file'>\n"
		"      <source path='%s'/>\n"
		"      <target port='0'/>\n"
		"    </serial>\n"
		"    <memballoon model='virtio'>\n"
		"      <stats period='2'/>\n"
		"    </memballoon>\n"
		"  </devices>\n"
		"</domain>\n",
		kvm ? "kvm" : "qemu", g->name, g->profile, GUEST_MIB, GUEST_MIB,
		two ? 2 : 1, ek, er, g->profile, g->name, addr,
		extra[0] ? " " : "", extra,
		kvm ? "  <cpu mode='host-passthrough'/>\n" : "",
		ed, net, es);
	free(extra);
	free(k);
	free(r);
	free(ek);
	free(er);
	free(ed);
	free(es);
	return xml;
}

static int make_disk(const struct guest *g, char **err)
{
	char *argv[] = { "qemu-img", "create", "-q", "-f", "qcow2", g->disk, DISK_SIZE, NULL };
	char *e = NULL;
	if (exists(g->disk))
		return 0;
	if (kvm_run(argv, NULL, &e) < 0) {
		*err = xasprintf("cannot create the disk of %s: %s", g->name, e);
		free(e);
		return -1;
	}
	return 0;
}

/* Defines (or redefines, when not running) and starts guest i. */
static int start_guest(struct demo *d, virConnectPtr vc, int i, char **err)
{
	struct guest *g = &d->g[i];
	virDomainPtr dom = virDomainLookupByName(vc, g->name);
	char *xml, uuid[VIR_UUID_STRING_BUFLEN] = "";
	int active = dom ? virDomainIsActive(dom) : 0;

	virResetLastError();
	if (active == 1) {
		virDomainFree(dom);
		return 0;
	}
	/* redefined with the uuid it has: libvirt refuses the same name with
	 * another one (a guest shut off, or left defined by an hvtop that
	 * was killed while it started it) */
	if (dom) {
		if (virDomainGetUUIDString(dom, uuid) < 0)
			uuid[0] = '\0';
		virDomainFree(dom);
	}
	if (make_disk(g, err) < 0)
		return -1;
	xml = domain_xml(d, i);
	if (uuid[0]) {
		char *at = strstr(xml, "</name>");
		if (at) {
			char *x = xasprintf("%.*s</name>\n  <uuid>%s</uuid>%s", (int)(at - xml),
					    xml, uuid, at + 7);
			free(xml);
			xml = x;
		}
	}
	dom = virDomainDefineXML(vc, xml);
	free(xml);
	if (!dom) {
		*err = lv_error(g->name);
		return -1;
	}
	/* only lines of this boot count as ready */
	unlink(g->serial);
	if (virDomainCreate(dom) < 0) {
		char *e = lv_error("cannot start");
		*err = xasprintf("%s %s", e, g->name);
		free(e);
		virDomainFree(dom);
		return -1;
	}
	g->started = true;
	virDomainFree(dom);
	return 0;
}

static char *not_up(const struct demo *d, const struct guest *g, const char *what)
{
	char *tail = kvm_file_tail(g->serial, 12), *m;
	m = xasprintf("demo guest %s (%s) %s under %s; the last lines of its console (%s):\n%s\n"
		      "hvtop --demo-clean removes the demo guests.",
		      g->name, g->profile, what, kvm_accel_name(d->accel.accel), g->serial,
		      tail ? tail : "  | (nothing: the kernel never reached the console)");
	free(tail);
	return m;
}

static int wait_ready(struct demo *d, virConnectPtr vc, char **err)
{
	const char *env = getenv(TEST_HOOK_DEMO_TIMEOUT);
	int timeout = env && atoi(env) > 0 ? atoi(env) :
		d->accel.accel == KVM_ACCEL_KVM ? 60 : 180;
	bool tty = isatty(STDERR_FILENO);
	int64_t t0 = mono_ns();
	int ready = 0, i, shown = -1;

	for (;;) {
		double secs = (double)(mono_ns() - t0) / 1e9;
		for (i = 0; i < d->n; i++) {
			struct guest *g = &d->g[i];
			virDomainPtr dom;
			int state = 0, reason;
			if (g->ready)
				continue;
			if (file_has(g->serial, "HVTOP-READY")) {
				g->ready = true;
				g->ready_s = secs;
				ready++;
				if (!tty)
					fprintf(stderr, "hvtop: %s (%s) is up%s%.1f s\n", g->name, g->profile,
						g->started ? " after " : ", waited ", secs);
				continue;
			}
			dom = virDomainLookupByName(vc, g->name);
			if (dom) {
				if (virDomainGetState(dom, &state, &reason, 0) < 0)
					state = VIR_DOMAIN_RUNNING;
				virDomainFree(dom);
			}
			if (!dom || state == VIR_DOMAIN_SHUTOFF || state == VIR_DOMAIN_CRASHED) {
				if (tty)
					fputc('\n', stderr);
				*err = not_up(d, g, "stopped before it came up");
				return -1;
			}
		}
		if (tty && (ready != shown || (int)secs != (int)((double)(mono_ns() - t0 - 250000000) / 1e9))) {
			fprintf(stderr, "\rhvtop: booting %d demo guest%s under %s: %d of %d up (%d s) ",
				d->n, d->n == 1 ? "" : "s", kvm_accel_name(d->accel.accel),
				ready, d->n, (int)secs);
			shown = ready;
		}
		if (ready == d->n)
			break;
		if (secs > timeout) {
			if (tty)
				fputc('\n', stderr);
			for (i = 0; i < d->n && d->g[i].ready; i++)
				;
			{
				char what[64];
				snprintf(what, sizeof(what), "did not come up within %d s", timeout);
				*err = not_up(d, &d->g[i], what);
			}
			return -1;
		}
		usleep(250000);
	}
	if (tty)
		fputc('\n', stderr);
	return 0;
}

static void demo_free(struct demo *d)
{
	int i;
	for (i = 0; d->g && i < d->n; i++) {
		free(d->g[i].name);
		free(d->g[i].disk);
		free(d->g[i].serial);
	}
	free(d->g);
	free(d->statedir);
	free(d->demodir);
	free(d->imgdir);
	free(d->root);
}

static int demo_init(struct demo *d, char **err)
{
	memset(d, 0, sizeof(*d));
	d->statedir = kvm_state_dir(err);
	if (!d->statedir)
		return -1;
	d->demodir = xasprintf("%s/demo", d->statedir);
	d->imgdir = xasprintf("%s/guest", d->statedir);
	d->root = xasprintf("%s/embed", d->statedir);
	if (kvm_private_dir(d->statedir) < 0 || mkdir_p(d->demodir, 0700) < 0) {
		*err = xasprintf("cannot create %s: %s", d->demodir, strerror(errno));
		return -1;
	}
	return 0;
}

static void write_note(const struct demo *d, const char *note)
{
	char *path = xasprintf("%s/note", d->demodir);
	FILE *f = fopen(path, "w");
	if (f) {
		fprintf(f, "%s\n", note);
		fclose(f);
	}
	free(path);
}

char *kvm_demo_note(void)
{
	char *err = NULL, *dir = kvm_state_dir(&err), *path, line[512];
	FILE *f;
	free(err);
	if (!dir)
		return NULL;
	path = xasprintf("%s/demo/note", dir);
	free(dir);
	f = fopen(path, "r");
	free(path);
	if (!f)
		return NULL;
	if (!fgets(line, sizeof(line), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	return line[0] ? xstrdup(line) : NULL;
}

/* The scenario's settings due now, through the backend's setters, and
 * the later ones handed back with their guests' uuids. */
static int apply_scenario(const struct demo *d, virConnectPtr vc,
			  const struct kvm_scenario *sc, const char *uri,
			  struct kvm_scenario_run *run, char **err)
{
	struct strbuf log = { 0 };
	size_t i;
	int r = -1;

	for (i = 0; i < sc->nsteps; i++) {
		const struct kvm_scenario_step *st = &sc->steps[i];
		const struct guest *g = &d->g[st->guest];
		virDomainPtr dom = virDomainLookupByName(vc, g->name);
		struct be_sched cur;
		char e[512], *v;
		if (!dom) {
			*err = lv_error(g->name);
			goto out;
		}
		if (st->after_s > 0) {
			struct kvm_scenario_later *l = &run->later[run->nlater++];
			if (virDomainGetUUIDString(dom, l->uuid) < 0)
				l->uuid[0] = '\0';
			snprintf(l->name, sizeof(l->name), "%s", g->name);
			l->after_s = st->after_s;
			l->req = st->req;
			virDomainFree(dom);
			continue;
		}
		memset(&cur, 0, sizeof(cur));
		be_sched_read(dom, &cur);
		v = be_sched_virsh(uri, g->name, &st->req, true, 1, cur.period_us);
		if (log.len)
			sb_add(&log, "\n", 1);
		sb_puts(&log, v);
		free(v);
		if (be_sched_apply(dom, g->name, &st->req, e, sizeof(e)) < 0) {
			*err = xstrdup(e);
			virDomainFree(dom);
			goto out;
		}
		virDomainFree(dom);
	}
	r = 0;
out:
	run->virsh = log.s ? log.s : xstrdup("");
	return r;
}

int kvm_demo_start(const struct kvm_demo_opts *o, char **uri, char **note,
		   char **err)
{
	struct demo d;
	virConnectPtr vc = NULL;
	int i, count, r = -1;
	char *e;

	if (demo_init(&d, err) < 0)
		goto out;
	e = env_profile(0, &count);
	free(e);
	d.n = o->scenario ? o->scenario->n :
	      o->n > 0 ? o->n : count > 0 ? count : KVM_DEMO_DEFAULT_N;
	d.one_vcpu = o->scenario != NULL;
	if (d.n > KVM_DEMO_MAX_N) {
		*err = xasprintf("--demo takes at most %d guests", KVM_DEMO_MAX_N);
		goto out;
	}
	d.g = xcalloc((size_t)d.n, sizeof(*d.g));
	for (i = 0; i < d.n; i++) {
		struct guest *g = &d.g[i];
		if (o->scenario) {
			g->profile = o->scenario->profiles[i];
			g->peer = -1;
		} else {
			g->profile = kvm_demo_profile(i, d.n, &g->peer);
		}
		if (!g->profile) {
			*err = xasprintf("HVTOP_DEMO_PROFILES: guest %d has no known profile (cpu-hog, bursty, idle, net-chatty, disk-writer, mem-grower)", i + 1);
			goto out;
		}
		g->name = o->scenario ?
			xasprintf(KVM_DEMO_PREFIX "%s-%d", o->scenario->name, i + 1) :
			xasprintf(KVM_DEMO_PREFIX "%d", i + 1);
		g->disk = xasprintf("%s/%s.qcow2", d.demodir, g->name);
		g->serial = xasprintf("%s/%s.serial", d.demodir, g->name);
	}
	if (build_image(&d, err) < 0)
		goto out;
	kvm_accel_choose(o->accel, d.statedir, d.imgdir, true, &d.accel);
	vc = kvm_embed_open(d.root, true, err);
	if (!vc)
		goto out;
	/* a scenario's lesson is about CPUs: its guests need no network */
	d.net = geteuid() == 0 && !o->scenario;
	if (d.net && setup_bridge(err) < 0)
		goto out;
	for (i = 0; i < d.n; i++)
		if (start_guest(&d, vc, i, err) < 0)
			goto out;
	if (wait_ready(&d, vc, err) < 0)
		goto out;
	*uri = xasprintf("qemu:///embed?root=%s", d.root);
	if (o->scenario && apply_scenario(&d, vc, o->scenario, *uri, o->run, err) < 0) {
		free(*uri);
		*uri = NULL;
		goto out;
	}
	*note = kvm_accel_verdict_note(&d.accel);
	if (!d.net && !o->scenario) {
		e = *note;
		*note = xasprintf("%s; no network (the bridge needs root)", e);
		free(e);
	}
	write_note(&d, *note);
	r = 0;
out:
	if (vc) {
		kvm_embed_close(vc);
	}
	demo_free(&d);
	return r;
}

static void remove_files(const struct demo *d, const char *name)
{
	static const char *const ext[] = { "qcow2", "serial" };
	size_t k;
	for (k = 0; k < ARRAY_SIZE(ext); k++) {
		char *p = xasprintf("%s/%s.%s", d->demodir, name, ext[k]);
		unlink(p);
		free(p);
	}
}

/* Asked of ip(8), not /sys: a test runs hvtop in a network namespace
 * where /sys still shows the host's interfaces. */
static bool bridge_exists(void)
{
	char *argv[] = { (char *)ip_cmd(), "link", "show", "dev", KVM_DEMO_BRIDGE, NULL };
	char *e = NULL;
	int r = kvm_run(argv, NULL, &e);
	free(e);
	return r == 0;
}

static bool bridge_empty(const struct demo *d)
{
	char *out = xasprintf("%s/bridge-ports", d->demodir), *e = NULL;
	char *argv[] = { (char *)ip_cmd(), "-o", "link", "show", "master", KVM_DEMO_BRIDGE, NULL };
	struct stat st;
	bool empty;
	unlink(out);
	empty = kvm_run(argv, out, &e) == 0 && stat(out, &st) == 0 && st.st_size == 0;
	unlink(out);
	free(out);
	free(e);
	return empty;
}

int kvm_demo_clean(char **err)
{
	struct demo d;
	virConnectPtr vc = NULL;
	virDomainPtr *doms = NULL;
	int n = 0, i, removed = 0, r = -1;

	if (demo_init(&d, err) < 0)
		goto out;
	vc = kvm_embed_open(d.root, true, err);
	if (!vc)
		goto out;
	n = virConnectListAllDomains(vc, &doms, 0);
	if (n < 0) {
		*err = lv_error("cannot list the demo guests");
		goto out;
	}
	for (i = 0; i < n; i++) {
		const char *name = virDomainGetName(doms[i]);
		char *nm = name ? xstrdup(name) : NULL;
		if (nm && strncmp(nm, KVM_DEMO_PREFIX, strlen(KVM_DEMO_PREFIX)) == 0) {
			if (virDomainIsActive(doms[i]) == 1 && virDomainDestroy(doms[i]) < 0) {
				*err = lv_error(nm);
				free(nm);
				goto out;
			}
			if (virDomainUndefineFlags(doms[i], VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA |
						   VIR_DOMAIN_UNDEFINE_CHECKPOINTS_METADATA |
						   VIR_DOMAIN_UNDEFINE_MANAGED_SAVE |
						   VIR_DOMAIN_UNDEFINE_NVRAM) < 0 &&
			    virDomainUndefine(doms[i]) < 0) {
				*err = lv_error(nm);
				free(nm);
				goto out;
			}
			remove_files(&d, nm);
			printf("hvtop: removed %s\n", nm);
			removed++;
		}
		free(nm);
	}
	{
		char *note = xasprintf("%s/note", d.demodir);
		unlink(note);
		free(note);
	}
	if (bridge_exists() && bridge_empty(&d)) {
		char *argv[] = { (char *)ip_cmd(), "link", "del", KVM_DEMO_BRIDGE, NULL };
		char *e = NULL;
		if (kvm_run(argv, NULL, &e) < 0) {
			*err = xasprintf("cannot remove the bridge " KVM_DEMO_BRIDGE ": %s", e);
			free(e);
			goto out;
		}
		printf("hvtop: removed the bridge " KVM_DEMO_BRIDGE "\n");
	}
	if (!removed)
		printf("hvtop: no demo guests to remove\n");
	r = 0;
out:
	for (i = 0; doms && i < n; i++)
		virDomainFree(doms[i]);
	free(doms);
	if (vc) {
		kvm_embed_close(vc);
	}
	demo_free(&d);
	return r;
}
