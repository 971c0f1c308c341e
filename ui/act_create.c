/* c: the create form.  The host's resources are read first (a quick job),
 * then every field is checked as it is left and again on Enter; only a
 * form with every shown field valid starts the create job. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/mgmt.h"
#include "views/view.h"
#include "ui/validate.h"
#include "backend/conn.h"
#include "backend/ops.h"
#include "common/util.h"
#include "common/test_hooks.h"
#include "kvm/demo.h"
#include "kvm/embed.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const disk_modes[] = { "new qcow2", "existing image", "none" };
static const char *const boot_modes[] = { "demo kernel", "ISO", "disk" };
static const char *const net_modes[] = {
	"demo bridge", "libvirt network", "user-mode", "none",
};
static const char *const profiles[] = {
	"idle", "cpu-hog", "bursty", "net-chatty", "disk-writer", "mem-grower",
};

struct create_ctx {
	unsigned host;
	struct be_hostinfo *hi;
};

static void create_ctx_free(void *p)
{
	struct create_ctx *c = p;
	be_hostinfo_free(c->hi);
	free(c);
}

static const struct be_hostinfo *hi_of(struct ui_form *f)
{
	return ((struct create_ctx *)ui_form_ctx(f))->hi;
}

static bool check_name(struct app *a, struct ui_form *f, const char *text,
		       char *err, size_t errsz)
{
	struct create_ctx *c = ui_form_ctx(f);
	const struct be_sample *s = ui_host_sample(a, c->host);
	const char **names = NULL;
	size_t i, n = s ? s->ndomains : 0;
	int r;
	/* every domain of the host, not only the rows the filter shows */
	if (n)
		names = xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++)
		names[i] = s->domains[i].name;
	r = ui_valid_name(text, names, n, "name", err, errsz);
	free(names);
	return r == 0;
}

static bool check_vcpus(struct app *a, struct ui_form *f, const char *text,
			char *err, size_t errsz)
{
	unsigned v;
	(void)a;
	return ui_valid_vcpus(text, hi_of(f)->cpus, &v, err, errsz) == 0;
}

static bool check_mem(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	uint64_t v;
	(void)a;
	return ui_valid_mem(text, hi_of(f)->mem_kib, &v, err, errsz) == 0;
}

static bool check_size(struct app *a, struct ui_form *f, const char *text,
		       char *err, size_t errsz)
{
	uint64_t v;
	(void)a;
	(void)f;
	return ui_valid_disk_size(text, &v, err, errsz) == 0;
}

static bool check_file(struct app *a, struct ui_form *f, const char *text,
		       char *err, size_t errsz)
{
	(void)a;
	return ui_valid_path(text, hi_of(f)->local, false, err, errsz) == 0;
}

static bool check_image(struct app *a, struct ui_form *f, const char *text,
			char *err, size_t errsz)
{
	(void)a;
	return ui_valid_image_dir(text, hi_of(f)->local, err, errsz) == 0;
}

static bool check_bridge(struct app *a, struct ui_form *f, const char *text,
			 char *err, size_t errsz)
{
	(void)a;
	(void)f;
	if (!*text) {
		snprintf(err, errsz, "a bridge name is needed");
		return false;
	}
	if (strlen(text) > 15 || strpbrk(text, " /<>&\"'")) {
		snprintf(err, errsz, "'%s' is not a bridge name", text);
		return false;
	}
	return true;
}

static bool check_net(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	const struct be_hostinfo *h = hi_of(f);
	size_t i;
	(void)a;
	if (!*text) {
		snprintf(err, errsz, "a network name is needed");
		return false;
	}
	if (!h->nnets) /* the host lists none (no network driver): let it say */
		return true;
	for (i = 0; i < h->nnets; i++)
		if (strcmp(h->nets[i], text) == 0)
			return true;
	snprintf(err, errsz, "no network '%s' (there %s:", text,
		 h->nnets == 1 ? "is" : "are");
	for (i = 0; i < h->nnets && strlen(err) + 2 < errsz; i++)
		snprintf(err + strlen(err), errsz - strlen(err), " %s", h->nets[i]);
	snprintf(err + strlen(err), errsz - strlen(err), ")");
	return false;
}

/* where hvtop --demo keeps its guest image (kvm/demo.h), if it was built */
static void demo_image_dir(char *buf, size_t n)
{
	const char *env = getenv(TEST_HOOK_IMAGE_DIR);
	char *err = NULL, *st = kvm_state_dir(&err);
	if (env && *env)
		snprintf(buf, n, "%s", env);
	else if (st)
		snprintf(buf, n, "%s/guest", st);
	else
		buf[0] = '\0';
	free(st);
	free(err);
}

static bool create_submit(struct app *a, struct ui_form *f)
{
	struct create_ctx *c = ui_form_ctx(f);
	struct be_create_req *q;
	char err[256];
	size_t disk = ui_form_choice(f, "disk"), boot = ui_form_choice(f, "boot");
	size_t net = ui_form_choice(f, "net");
	const char *img = ui_form_get(f, "image");
	const struct ui_host *h = ui_host_by_id(a, c->host);

	if (boot == 2 && disk == 2) {
		ui_form_error(f, "boot", "booting from disk needs a disk");
		ui_form_error(f, NULL, "boot: booting from disk needs a disk");
		return false;
	}
	if (!h) {
		ui_form_error(f, NULL, "the host is gone");
		return false;
	}
	q = xcalloc(1, sizeof(*q));
	q->name = xstrdup(ui_form_get(f, "name"));
	if (ui_valid_vcpus(ui_form_get(f, "vcpus"), c->hi->cpus, &q->vcpus, err,
			   sizeof(err)) < 0 ||
	    ui_valid_mem(ui_form_get(f, "mem"), c->hi->mem_kib, &q->mem_kib, err,
			 sizeof(err)) < 0) {
		/* validated already: only a changed host gets here */
		ui_form_error(f, NULL, "%s", err);
		be_create_req_free(q);
		return false;
	}
	q->disk = disk == 0 ? BE_DISK_NEW : disk == 1 ? BE_DISK_EXISTING : BE_DISK_NONE;
	if (q->disk == BE_DISK_NEW)
		ui_valid_disk_size(ui_form_get(f, "size"), &q->disk_bytes, err, sizeof(err));
	if (q->disk == BE_DISK_EXISTING)
		q->disk_path = xstrdup(ui_form_get(f, "path"));
	q->boot = boot == 0 ? BE_BOOT_KERNEL : boot == 1 ? BE_BOOT_ISO : BE_BOOT_DISK;
	if (q->boot == BE_BOOT_KERNEL) {
		q->kernel = xasprintf("%s/vmlinuz", img);
		q->initrd = xasprintf("%s/initrd.img", img);
		q->profile = xstrdup(profiles[ui_form_choice(f, "profile")]);
	}
	if (q->boot == BE_BOOT_ISO)
		q->iso = xstrdup(ui_form_get(f, "iso"));
	q->net = net == 0 ? BE_NET_BRIDGE : net == 1 ? BE_NET_NETWORK :
		 net == 2 ? BE_NET_USER : BE_NET_NONE;
	if (q->net == BE_NET_BRIDGE)
		q->net_source = xstrdup(ui_form_get(f, "bridge"));
	if (q->net == BE_NET_NETWORK)
		q->net_source = xstrdup(ui_form_get(f, "network"));
	q->balloon_stats = ui_form_on(f, "stats");
	q->start = ui_form_on(f, "start");
	ui_status(a, false, "creating '%s'...", q->name);
	if (!be_op_create(ui_mgmt(a)->jobs, h->conn, c->host, q, ui_job_done))
		ui_status(a, true, "cannot start a job to create '%s'", ui_form_get(f, "name"));
	return true;
}

static void open_form(struct app *a, unsigned host, struct be_hostinfo *hi)
{
	struct create_ctx *c = xcalloc(1, sizeof(*c));
	struct ui_form *f;
	char title[600], hint[600], img[1024], m1[32], m2[32];
	int disk, boot, net, i;

	c->host = host;
	c->hi = hi;
	snprintf(title, sizeof(title), "Create a domain on %s (%s guests)",
		 be_conn_uri(ui_host_by_id(a, host)->conn), hi->type);
	f = ui_form_new(title, c, create_ctx_free);
	ui_form_set_action(f, "create");
	ui_form_add_text(f, "name", "name", "", check_name,
			 "letters, digits, - _ . +");
	snprintf(hint, sizeof(hint), "1 to %u", hi->cpus ? hi->cpus : 1);
	ui_form_add_text(f, "vcpus", "vCPUs", "1", check_vcpus, hint);
	snprintf(hint, sizeof(hint), "%s to %s; a number is MiB, or K/M/G",
		 ui_human_kib(m1, sizeof(m1), UI_MEM_MIN_KIB),
		 ui_human_kib(m2, sizeof(m2), hi->mem_kib));
	ui_form_add_text(f, "mem", "memory", "256M", check_mem, hint);

	disk = ui_form_add_choice(f, "disk", "disk", disk_modes,
				  ARRAY_SIZE(disk_modes), 0);
	if (hi->pool)
		snprintf(hint, sizeof(hint), "in pool '%s'%s%s", hi->pool,
			 hi->disk_dir ? " " : "", hi->disk_dir ? hi->disk_dir : "");
	else if (hi->disk_dir)
		snprintf(hint, sizeof(hint), "in %s", hi->disk_dir);
	else
		snprintf(hint, sizeof(hint), "no storage pool: use an existing image");
	i = ui_form_add_text(f, "size", "disk size", "1G", check_size, hint);
	ui_form_show_when(f, i, disk, 1u << 0);
	i = ui_form_add_text(f, "path", "image path", "", check_file,
			     hi->local ? "an existing disk image" :
					 "on the host (checked there)");
	ui_form_show_when(f, i, disk, 1u << 1);

	demo_image_dir(img, sizeof(img));
	{
		char e[64];
		bool have_img = img[0] && ui_valid_image_dir(img, true, e, sizeof(e)) == 0;
		boot = ui_form_add_choice(f, "boot", "boot", boot_modes,
					  ARRAY_SIZE(boot_modes), have_img ? 0 : 2);
	}
	i = ui_form_add_choice(f, "profile", "profile", profiles, ARRAY_SIZE(profiles), 0);
	ui_form_show_when(f, i, boot, 1u << 0);
	i = ui_form_add_text(f, "image", "image dir", img, check_image,
			     "vmlinuz + initrd.img (hvtop --demo)");
	ui_form_show_when(f, i, boot, 1u << 0);
	i = ui_form_add_text(f, "iso", "ISO", "", check_file, "an installer image");
	ui_form_show_when(f, i, boot, 1u << 1);

	net = ui_form_add_choice(f, "net", "network", net_modes, ARRAY_SIZE(net_modes),
				 strcmp(hi->type, "test") == 0 || hi->nnets ? 1 : 2);
	i = ui_form_add_text(f, "bridge", "bridge", KVM_DEMO_BRIDGE, check_bridge,
			     "hvtop --demo's bridge");
	ui_form_show_when(f, i, net, 1u << 0);
	if (hi->nnets) {
		size_t k, l = 0;
		hint[0] = '\0';
		for (k = 0; k < hi->nnets && l < sizeof(hint); k++)
			l += (size_t)snprintf(hint + l, sizeof(hint) - l, "%s%s",
					      k ? ", " : "", hi->nets[k]);
	} else {
		snprintf(hint, sizeof(hint), "the host lists no networks");
	}
	i = ui_form_add_text(f, "network", "network name",
			     hi->nnets ? hi->nets[0] : "default", check_net, hint);
	ui_form_show_when(f, i, net, 1u << 1);
	ui_form_add_toggle(f, "stats", "balloon stats", true);
	ui_form_add_toggle(f, "start", "start it", true);
	ui_form_open(a, f, create_submit);
}

static void hostinfo_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	if (ji->state != BE_JOB_DONE || !ji->data) {
		ui_job_report(a, ji);
		return;
	}
	if (a->input || !ui_host_by_id(a, ji->host))
		return;
	open_form(a, ji->host, ji->data);
	ji->data = NULL;
}

ACT_ON(act_create)
{
	/* on the selected domain's host, else the first */
	const struct ui_host *h = t->kinds & VT_BIT(VT_HOST) ? ui_host_by_id(a, t->host) : NULL;
	(void)answer;
	if (!h && a->nhosts)
		h = a->hosts[0];
	if (!h)
		return;
	if (!be_op_hostinfo(ui_mgmt(a)->jobs, h->conn, h->id, hostinfo_done))
		ui_status(a, true, "cannot start a job");
}
