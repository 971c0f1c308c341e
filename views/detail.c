/* Detail: one domain: what it is, its recent history, its devices.
 * Every number says who measured it: host-seen (the hypervisor does the
 * work and counts it) or guest-reported (the guest's balloon driver says
 * so, and the host has to take its word). */
#include <config.h>
#include "views/view.h"
#include "views/devlist.h"
#include "backend/history.h"
#include "views/state.h"
#include "backend/ops.h"
#include "common/format.h"
#include "views/graph.h"
#include "views/attr.h"

#include <stdio.h>
#include <string.h>

#define LABEL_W 16
#define TAG_X 50       /* where the host-seen/guest-reported mark goes */
#define HIST_MAX 1024  /* points: wider than any terminal */
#define DEV_MIN 5
#define DEV_MAX 16

static const char host_seen[] = "host-seen";
static const char guest_rep[] = "guest-reported";

/* Content lines are laid out once, and either drawn (those between
 * a->scroll and a->scroll + h) or, without a window, only counted: the
 * key handler needs the height to know whether there is anything to
 * scroll, and one layout cannot disagree with itself. */
struct out {
	struct app *a;
	WINDOW *w; /* NULL: count only */
	int y0, h;
	int line;
};

/* the screen row of the next content line, or -1 when it is not shown */
static int next_row(struct out *o)
{
	int l = o->line++ - o->a->scroll;
	if (!o->w || l < 0 || l >= o->h)
		return -1;
	return o->y0 + l;
}

static void put(struct out *o, enum th_slot slot, const char *text)
{
	int y = next_row(o);
	if (y < 0)
		return;
	wattrset(o->w, th_attr(slot));
	ui_draw_text(o->a, o->w, y, 0, o->a->cols, text, false);
}

/* "label  value", and who measured it when there is room for that */
static void field(struct out *o, const char *label, const char *value,
		  const char *tag)
{
	struct app *a = o->a;
	int y = next_row(o), x = LABEL_W + 2, tx;
	if (y < 0)
		return;
	wattrset(o->w, th_attr(TH_NORMAL));
	ui_draw_text(a, o->w, y, 1, LABEL_W, label, false);
	ui_draw_text(a, o->w, y, x, a->cols - x, value, false);
	if (!tag)
		return;
	tx = a->cols - fmt_width(tag);
	if (tx > TAG_X)
		tx = TAG_X;
	if (tx > x + fmt_width(value)) {
		wattrset(o->w, th_attr(TH_DIM));
		ui_draw_text(a, o->w, y, tx, fmt_width(tag), tag, false);
	}
}

/* A size the balloon driver reports: 0 means it did not (the statistics
 * exist only while a guest driver sends them), and the line is left out. */
static void kib_field(struct out *o, const char *label, uint64_t kib,
		      const char *tag)
{
	char v[32];
	if (!kib)
		return;
	fmt_size(v, sizeof(v), (double)kib * 1024);
	field(o, label, v, tag);
}

/* The IP addresses ui/ read for this domain (VIEW_WANTS_ADDRS), one line
 * each, and where they came from: a lease and ARP are what the host saw,
 * the agent is what the guest says. */
static void addresses(struct out *o, const struct be_domain *d)
{
	const struct ui_mgmt *m = o->a->mgmt;
	const struct be_addrs *ad = m ? m->addrs : NULL;
	char v[512];
	size_t i;
	if (!m || m->addrs_of.host != d->host || strcmp(m->addrs_of.uuid, d->uuid) != 0)
		return;
	if (!ad) {
		field(o, "Addresses", "reading...", NULL);
		return;
	}
	if (!ad->n) {
		field(o, "Addresses", d->id >= 0 ? "none known (no DHCP lease, no "
		      "guest agent, no ARP entry)" : "none (not running)", NULL);
		return;
	}
	for (i = 0; i < ad->n; i++) {
		snprintf(v, sizeof(v), "%s/%u  %s, from the %s", ad->v[i].addr,
			 ad->v[i].prefix, ad->v[i].iface, ad->source);
		field(o, i ? "" : "Addresses", v,
		      strcmp(ad->source, "guest agent") == 0 ? guest_rep : host_seen);
	}
}

static void info(struct out *o, const struct be_domain *d,
		 const struct be_sample *s, bool live)
{
	char v[512], t1[32], t2[32];

	snprintf(v, sizeof(v), "Domain %s", d->name);
	put(o, TH_HEADER, v);
	field(o, "UUID", d->uuid, NULL);
	if (d->id >= 0)
		snprintf(v, sizeof(v), "%d", d->id);
	else
		snprintf(v, sizeof(v), "- (inactive)");
	field(o, "ID", v, NULL);
	field(o, "State", be_state_name(d->state), NULL);
	snprintf(v, sizeof(v), "%s  %s", s && s->hostname ? s->hostname : "?",
		 s && s->uri ? s->uri : "");
	field(o, "Host", v, NULL);
	if (!live) {
		put(o, TH_ERROR, " host not connected: no live numbers");
		return;
	}
	snprintf(v, sizeof(v), "%u", d->vcpus);
	field(o, "vCPUs", v, NULL);
	if (d->id >= 0 && (d->have & BE_NEED_CPU)) {
		fmt_time(v, sizeof(v), d->c.cpu_time_ns);
		field(o, "CPU time", v, host_seen);
	}
	if (d->r.valid && d->r.steal_pct >= 0) {
		snprintf(v, sizeof(v), "%s%% of one CPU, waiting for a host CPU",
			 fmt_pct(t1, sizeof(t1), d->r.steal_pct));
		field(o, "Steal", v, host_seen);
	}
	if (d->have & BE_NEED_BALLOON) {
		snprintf(v, sizeof(v), "%s current / %s max",
			 fmt_size(t1, sizeof(t1), (double)d->mem_kib * 1024),
			 fmt_size(t2, sizeof(t2), (double)d->mem_max_kib * 1024));
		field(o, "Memory", v, host_seen);
	}
	kib_field(o, "Guest available", d->bal_available_kib, guest_rep);
	kib_field(o, "Guest usable", d->bal_usable_kib, guest_rep);
	kib_field(o, "Guest unused", d->bal_unused_kib, guest_rep);
	kib_field(o, "Resident on host", d->bal_rss_kib, host_seen);
	addresses(o, d);
	put(o, TH_DIM, " host-seen: the hypervisor counts it; "
		       "guest-reported: the guest says so");
}

enum unit { U_PCT, U_RATE, U_SIZE };

struct series {
	enum be_series id;
	const char *label;
	enum unit unit;
	double floor; /* the scale never shrinks below it: noise stays flat */
};

static const struct series series[] = {
	{ BE_HIST_CPU, "CPU", U_PCT, 1.0 },
	{ BE_HIST_RX, "Net rx", U_RATE, 1024 },
	{ BE_HIST_TX, "Net tx", U_RATE, 1024 },
	{ BE_HIST_RD, "Disk rd", U_RATE, 4096 },
	{ BE_HIST_WR, "Disk wr", U_RATE, 4096 },
	{ BE_HIST_MEM, "Memory", U_SIZE, 0 },
};
#define NSERIES (sizeof(series) / sizeof(series[0]))

static void fmt_value(char *b, size_t n, enum unit u, double v)
{
	char t[16];
	if (v < 0) {
		snprintf(b, n, "-");
		return;
	}
	switch (u) {
	case U_PCT:
		snprintf(b, n, "%s%%", fmt_pct(t, sizeof(t), v));
		break;
	case U_RATE:
		snprintf(b, n, "%s/s", fmt_size(t, sizeof(t), v));
		break;
	case U_SIZE:
		fmt_size(b, n, v * 1024);
		break;
	}
}

static void history_line(struct out *o, const struct be_domain *d,
			 const struct series *sr, double scale, double full)
{
	struct app *a = o->a;
	double v[HIST_MAX], top = -1;
	char now[16], max[16], label[96], spark[HIST_MAX * 4];
	size_t n = 0, i, first;
	int y = next_row(o), lw, width;
	bool tag = a->cols >= 70;

	if (y < 0)
		return;
	if (a->hist)
		n = be_history_get(a->hist, d->host, d->uuid, sr->id, v, HIST_MAX);
	for (i = 0; i < n; i++)
		if (v[i] >= 0)
			v[i] *= scale;
	/* label: name, latest value, maximum of the window, who measured it */
	lw = 1 + 7 + 1 + 7 + 5 + 7 + 1 + (tag ? 10 : 0);
	width = a->cols - lw - 1;
	if (width > HIST_MAX)
		width = HIST_MAX;
	first = width > 0 && n > (size_t)width ? n - (size_t)width : 0;
	for (i = first; i < n; i++)
		if (v[i] > top)
			top = v[i];
	fmt_value(now, sizeof(now), sr->unit, n ? v[n - 1] : -1);
	fmt_value(max, sizeof(max), sr->unit, top);
	snprintf(label, sizeof(label), " %-7s %7s max %7s %s", sr->label, now,
		 max, tag ? host_seen : "");
	wattrset(o->w, th_attr(TH_NORMAL));
	ui_draw_text(a, o->w, y, 0, lw, label, false);
	if (width <= 0)
		return;
	if (full <= 0)
		full = top > sr->floor * scale ? top : sr->floor * scale;
	ui_sparkline(spark, sizeof(spark), v + first, n - first, width, full,
		     a->ascii);
	wattrset(o->w, th_attr(TH_GRAPH_MID));
	ui_draw_text(a, o->w, y, lw, width, spark, false);
}

static void history(struct out *o, const struct be_domain *d,
		    const struct be_sample *s)
{
	const struct app *a = o->a;
	char t[128];
	size_t i;

	snprintf(t, sizeof(t), "History: the last %u refreshes, newest right",
		 a->hist ? be_history_len(a->hist) : 0);
	put(o, TH_HEADER, t);
	for (i = 0; i < NSERIES; i++) {
		double scale = 1, full = 0;
		/* the same %CPU scale as the domain list (C toggles it) */
		if (series[i].id == BE_HIST_CPU && !a->set.cpu_one && s->cpus)
			scale = 1.0 / s->cpus;
		/* memory against its maximum, so a balloon squeeze shows */
		if (series[i].id == BE_HIST_MEM)
			full = (double)d->mem_max_kib;
		history_line(o, d, &series[i], scale, full);
	}
}

/* A table line built column by column.  A column that does not fit whole
 * ends the line: a number cut at the edge would read as a smaller one. */
struct tline {
	char s[2048];
	size_t len;
	int cells, max;
	bool ascii, full;
};

static void tl_init(struct tline *l, const struct app *a)
{
	strcpy(l->s, " ");
	l->len = 1;
	l->cells = 1;
	l->max = a->cols;
	l->ascii = a->ascii;
	l->full = false;
}

/* width 0: whatever room is left (the last, textual column) */
static void tl_add(struct tline *l, const char *s, int width, bool right)
{
	char cell[1024];
	int sep = l->cells > 1;
	if (!width)
		width = l->max - l->cells - sep;
	if (l->full || width <= 0 || l->cells + sep + width > l->max) {
		l->full = true;
		return;
	}
	fmt_fit(cell, sizeof(cell), s, width, right, l->ascii);
	l->len += (size_t)snprintf(l->s + l->len, sizeof(l->s) - l->len,
				   "%s%s", sep ? " " : "", cell);
	if (l->len >= sizeof(l->s))
		l->len = sizeof(l->s) - 1;
	l->cells += sep + width;
}

/* A device table under its heading: the same columns and cells as the
 * network and block views, then a textual column of the caller's. */
struct dev_table {
	const struct devlist *dl;
	const char *heading;
	const char *last_title;                /* NULL: no textual column */
	const char *(*last)(const void *dev);
};

static const char *disk_path(const void *dev)
{
	const struct be_disk *k = dev;
	return k->path ? k->path : "";
}

static const struct dev_table if_table = {
	&view_net_devices,
	"Interfaces: per second, drops and errors since start (host-seen)",
	NULL, NULL,
};

static const struct dev_table disk_table = {
	&view_block_devices,
	"Disks: per second, mean latency, space (host-seen)",
	"PATH", disk_path,
};

static void devices(struct out *o, const struct be_domain *d,
		    const struct dev_table *t)
{
	const struct devlist *dl = t->dl;
	const char *note = view_devlist_note(dl, d);
	int w = view_devlist_name_width(dl, d);
	struct tline l;
	char b[64];
	size_t i, c, n = dl->count(d);

	w = w < DEV_MIN ? DEV_MIN : w > DEV_MAX ? DEV_MAX : w;
	put(o, TH_HEADER, t->heading);
	tl_init(&l, o->a);
	tl_add(&l, dl->title, w, false);
	for (c = 0; c < dl->ncols; c++)
		tl_add(&l, dl->cols[c].title, dl->cols[c].width, true);
	if (t->last)
		tl_add(&l, t->last_title, 0, false);
	put(o, TH_COLHEAD, l.s);
	if (note) {
		snprintf(b, sizeof(b), " %s", note);
		put(o, TH_DIM, b);
		return;
	}
	for (i = 0; i < n; i++) {
		const void *dev = dl->get(d, i);
		tl_init(&l, o->a);
		tl_add(&l, view_devlist_name(dl, dev), w, false);
		for (c = 0; c < dl->ncols; c++) {
			dl->cols[c].cell(dev, b, sizeof(b));
			tl_add(&l, b, dl->cols[c].width, true);
		}
		if (t->last)
			tl_add(&l, t->last(dev), 0, false);
		put(o, TH_NORMAL, l.s);
	}
}

/* Lays out (and with a window, draws) the whole content; returns its
 * height in lines. */
static int layout(struct app *a, WINDOW *w, int y0, int h)
{
	struct out o = { a, w, y0, h, 0 };
	const struct be_domain *d = ui_find_domain(a, a->detail_host, a->detail_uuid);
	const struct be_sample *s;
	bool live;

	s = ui_host_sample(a, a->detail_host);
	if (!d && s && s->state != BE_CONN_UP) {
		put(&o, TH_ERROR, "disconnected: no live data for this domain");
		return o.line;
	}
	if (!d && s && ui_host_by_id(a, a->detail_host)->silent) {
		put(&o, TH_WARNING, "its host is not answering: no live data for this domain (view 6)");
		return o.line;
	}
	if (!d) {
		put(&o, TH_WARNING, "domain no longer exists");
		put(&o, TH_DIM, "Enter, Left or Esc: back");
		return o.line;
	}
	s = ui_host_of(a, d);
	live = s && s->state == BE_CONN_UP;
	info(&o, d, s, live);
	if (!live)
		return o.line;
	next_row(&o);
	history(&o, d, s);
	next_row(&o);
	devices(&o, d, &if_table);
	next_row(&o);
	devices(&o, d, &disk_table);
	return o.line;
}

static void detail_draw(struct app *a, WINDOW *w, int y0, int h)
{
	int total;
	if (h < 1)
		return;
	/* content that shrank (a device went away) must not leave the
	 * window scrolled past its end */
	total = layout(a, NULL, 0, 0);
	if (a->scroll > total - h)
		a->scroll = total - h;
	if (a->scroll < 0)
		a->scroll = 0;
	layout(a, w, y0, h);
	wattrset(w, A_NORMAL);
}

/* the domain shown */
static void detail_selection(const struct app *a, struct view_target *t)
{
	const struct be_domain *d = ui_find_domain(a, a->detail_host, a->detail_uuid);
	if (d)
		view_target_domain(t, d);
}

/* content longer than the screen scrolls by a line; content that fits
 * leaves the arrows (and the page keys always) to the domain list */
static bool detail_move(struct app *a, long delta)
{
	int total, body;
	if (delta != 1 && delta != -1)
		return false;
	total = layout(a, NULL, 0, 0);
	body = ui_body_lines(a);
	if (total <= body)
		return false;
	if (delta < 0) {
		if (a->scroll > 0)
			a->scroll--;
	} else if (a->scroll < total - body) {
		a->scroll++;
	}
	return true;
}

static const struct view_key detail_keys[] = {
	{ "<Up>", "up", "scroll up (or the previous domain when it all fits)" },
	{ "k", "up", "scroll up (or the previous domain when it all fits)" },
	{ "<Down>", "down", "scroll down (or the next domain when it all fits)" },
	{ "j", "down", "scroll down (or the next domain when it all fits)" },
	{ "<Enter>", "back", "back to the list" },
	{ "<Left>", "back", "back to the list" },
	{ "<Esc>", "back", "back to the list" },
	{ NULL, NULL, NULL },
};

const struct view view_detail = {
	.name = "detail",
	.title = "one domain: info, history, devices",
	.key = 0,
	.needs = BE_NEED_STATE | BE_NEED_CPU | BE_NEED_NET | BE_NEED_BLOCK |
		 BE_NEED_BALLOON | BE_NEED_MEMSTATS | BE_NEED_VCPU,
	.draw = detail_draw,
	.needs_fn = NULL,
	.selection = detail_selection,
	.wants = VIEW_WANTS_FOCUS | VIEW_WANTS_ADDRS,
	.cursor = detail_move,
	.keys = detail_keys,
};
