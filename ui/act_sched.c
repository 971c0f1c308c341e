/* e: the scheduling dialog.  A job reads the domain's cpu shares, cap,
 * vCPU and emulator pinning (and its neighbours' pinning); the dialog then
 * shows each set value with what was measured beside it: the split of CPU
 * time among the VMs sharing a host CPU with it, and the cap actually
 * delivered.  Enter sends what was changed as one job, after logging the
 * virsh commands it amounts to. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/app.h"
#include "ui/form.h"
#include "ui/mgmt.h"
#include "ui/validate.h"
#include "views/view.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "backend/sched.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the measured figures average this many of the last samples, each
 * weighted by the time it covers: opening the dialog asks for a sample at
 * once (its focus and stat groups), and the rates of that one run over a
 * few milliseconds, in which a capped vCPU may not have run at all */
#define MEASURE_POINTS 5
/* and they are shown once they cover this much time */
#define MEASURE_MIN_S 0.9

struct sched_ctx {
	struct ui_target t;
	unsigned host_cpus, vcpus;
	bool live;
	uint64_t period_us;
	/* what the fields held when the dialog opened: only changes are set */
	char shares[32], cap[32], pin[256], emu[256];
	/* what the job read: the pinning of the VMs it may share with */
	struct be_schedinfo *si;
	/* the vCPUs' mean run % (100 = one core) at the last refreshes the
	 * dialog saw and the seconds each covers, newest at
	 * [(nrun - 1) % MEASURE_POINTS] */
	double vcpu_run[MEASURE_POINTS], vcpu_span[MEASURE_POINTS];
	size_t nrun;
	uint64_t run_seq; /* the host sample the last point came from */
};

static void ctx_free(void *p)
{
	struct sched_ctx *c = p;
	be_schedinfo_free(c->si);
	free(c);
}

/* %CPU (one-CPU scale) over the last MEASURE_POINTS known points, each
 * weighted by the time it covers; -1 until they cover MEASURE_MIN_S */
static double measured_cpu(const struct app *a, unsigned host, const char *uuid)
{
	double v[MEASURE_POINTS * 4], w[MEASURE_POINTS * 4];
	size_t n = a->hist ? be_history_get(a->hist, host, uuid, BE_HIST_CPU, v,
					    ARRAY_SIZE(v)) : 0;
	if (n && be_history_get(a->hist, host, uuid, BE_HIST_SPAN, w, ARRAY_SIZE(w)) != n)
		return -1;
	return be_weighted_mean(v, w, n, MEASURE_POINTS, MEASURE_MIN_S);
}

static const struct be_sched_peer *peer_of(const struct be_schedinfo *si,
					   const char *uuid)
{
	size_t i;
	for (i = 0; i < si->npeers; i++)
		if (strcmp(si->peers[i].uuid, uuid) == 0)
			return &si->peers[i];
	return NULL;
}

/* "measured 49.8 % of the CPU time the 3 VMs on host CPU 1 used; shares
 * give it 50 %" */
static void split_text(const struct app *a, const struct be_schedinfo *si,
		       const struct ui_target *t, char *buf, size_t n)
{
	const struct be_sample *s = ui_host_sample(a, t->host);
	struct be_split_dom *v;
	struct be_split sp;
	size_t i, k = 0, self = 0;
	char cpus[64];

	if (!s || !s->ndomains) {
		snprintf(buf, n, "not measured yet");
		return;
	}
	v = xcalloc(s->ndomains, sizeof(*v));
	for (i = 0; i < s->ndomains; i++) {
		const struct be_domain *d = &s->domains[i];
		const struct be_sched_peer *p = peer_of(si, d->uuid);
		bool me = strcmp(d->uuid, t->uuid) == 0;
		if (d->id < 0 && !me)
			continue;
		if (me)
			self = k;
		v[k].cpu_pct = measured_cpu(a, t->host, d->uuid);
		v[k].pin = p ? p->pin : NULL;
		v[k].pin_len = p ? p->pin_len : 0;
		v[k].shares = me ? ((si->sched.have & BE_SCHED_SHARES) ? si->sched.shares : 0) :
			(d->sched.have & BE_SCHED_SHARES) ? d->sched.shares : 0;
		k++;
	}
	be_sched_split(v, k, self, &sp);
	free(v);
	if (si->sched.pin)
		be_cpumap_format(cpus, sizeof(cpus), si->sched.pin, si->sched.pin_len);
	else
		snprintf(cpus, sizeof(cpus), "any");
	if (sp.measured_pct < 0) {
		snprintf(buf, n, "not measured yet (it is not running, or no interval yet)");
		return;
	}
	if (sp.peers <= 1) {
		snprintf(buf, n, "%.1f %% (no other VM on host CPU %s)", sp.measured_pct, cpus);
		return;
	}
	snprintf(buf, n, "%.1f %% of the CPU time of the %zu VMs on host CPU %s",
		 sp.measured_pct, sp.peers, cpus);
	if (sp.expected_pct >= 0)
		snprintf(buf + strlen(buf), n - strlen(buf), " (shares give %.1f %%)",
			 sp.expected_pct);
}

/* The mean run % of the domain's vCPUs over the host's last interval
 * (100 = one core), or -1 when the sample has no rate for them. */
static double vcpu_run_pct(const struct be_sample *s, const char *uuid)
{
	size_t i, k;
	double sum = 0;
	for (i = 0; s && i < s->ndomains; i++) {
		const struct be_domain *d = &s->domains[i];
		if (strcmp(d->uuid, uuid) != 0)
			continue;
		if (!d->r.valid || !d->nvcpu || (d->kept & BE_NEED_VCPU))
			return -1;
		for (k = 0; k < d->nvcpu; k++) {
			if (d->vcpu[k].run_pct < 0)
				return -1;
			sum += d->vcpu[k].run_pct;
		}
		return sum / (double)d->nvcpu;
	}
	return -1;
}

/* A cap (vcpu_quota) limits each vCPU thread, so what it delivered is the
 * vCPUs' run time; the domain's CPU time also holds QEMU's own threads,
 * which no cap limits, shown beside it. */
static void cap_text(const struct app *a, const struct sched_ctx *c, char *buf,
		     size_t n)
{
	double cpu = measured_cpu(a, c->t.host, c->t.uuid), run;
	size_t k = c->nrun < MEASURE_POINTS ? c->nrun : MEASURE_POINTS;
	unsigned nv = c->vcpus ? c->vcpus : 1;

	/* the ring's order does not matter to a mean of all k points */
	run = be_weighted_mean(c->vcpu_run, c->vcpu_span, k, MEASURE_POINTS,
			       MEASURE_MIN_S);
	if (run >= 0) {
		if (cpu >= 0)
			snprintf(buf, n, "%.1f %% of one core per vCPU (the domain with QEMU's own threads: %.1f %%)",
				 run, cpu);
		else
			snprintf(buf, n, "%.1f %% of one core per vCPU", run);
	} else if (cpu >= 0) {
		snprintf(buf, n, "measuring the vCPUs (the domain with QEMU's own threads: %.1f %%, %u vCPU%s)",
			 cpu, nv, nv == 1 ? "" : "s");
	} else {
		snprintf(buf, n, "not measured yet");
	}
}

/* Where the vCPUs ran at the last sample, for the pinning: "vCPU 0 on
 * host CPU 1, vCPU 1 on 0" (host CPUs as the vcpu group or
 * virDomainGetVcpus last saw them). */
static void ran_text(const struct app *a, const struct sched_ctx *c, char *buf,
		     size_t n)
{
	const struct be_sample *s = ui_host_sample(a, c->t.host);
	size_t i, k, len = 0;
	buf[0] = '\0';
	for (i = 0; s && i < s->ndomains; i++) {
		const struct be_domain *d = &s->domains[i];
		if (strcmp(d->uuid, c->t.uuid) != 0)
			continue;
		for (k = 0; k < d->nvcpu && len + 40 < n; k++) {
			if (d->vcpu[k].pcpu < 0)
				continue;
			len += (size_t)snprintf(buf + len, n - len, "%svCPU %u on %s%d",
						len ? ", " : "", d->vcpu[k].index,
						len ? "" : "host CPU ", d->vcpu[k].pcpu);
		}
	}
	if (!buf[0])
		snprintf(buf, n, "not seen yet");
}

/* one point per host sample while the dialog is open */
static void vcpu_point(const struct app *a, struct sched_ctx *c)
{
	const struct be_sample *s = ui_host_sample(a, c->t.host);
	double run;
	if (!s || s->seq == c->run_seq)
		return;
	run = vcpu_run_pct(s, c->t.uuid);
	if (run < 0 || s->interval_ns <= 0)
		return;
	c->run_seq = s->seq;
	c->vcpu_span[c->nrun % MEASURE_POINTS] = (double)s->interval_ns / 1e9;
	c->vcpu_run[c->nrun++ % MEASURE_POINTS] = run;
}

/* the measured figures follow the refreshes while the dialog is open */
static void measured_refresh(struct app *a, struct ui_form *f)
{
	struct sched_ctx *c = ui_form_ctx(f);
	char text[400];
	vcpu_point(a, c);
	split_text(a, c->si, &c->t, text, sizeof(text));
	ui_form_set_text(f, "shares_measured", text);
	cap_text(a, c, text, sizeof(text));
	ui_form_set_text(f, "cap_measured", text);
	ran_text(a, c, text, sizeof(text));
	ui_form_set_text(f, "pin_measured", text);
}

static bool shares_check(struct app *a, struct ui_form *f, const char *text,
			 char *err, size_t errsz)
{
	struct sched_ctx *c = ui_form_ctx(f);
	uint64_t v;
	(void)a;
	if (!text[0] && !c->shares[0])
		return true; /* not known here (the driver has none): left alone */
	return ui_valid_shares(text, &v, err, errsz) == 0;
}

static bool cap_check(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	double v;
	(void)a;
	(void)f;
	return ui_valid_cap(text, &v, err, errsz) == 0;
}

static bool cpus_check(struct app *a, struct ui_form *f, const char *text,
		       char *err, size_t errsz, const char *was)
{
	struct sched_ctx *c = ui_form_ctx(f);
	unsigned char map[BE_CPUMAP_BYTES];
	(void)a;
	if (!text[0] && !was[0])
		return true;
	return be_cpulist_parse(text, c->host_cpus, map, sizeof(map), err,
				errsz) == 0;
}

static bool pin_check(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	struct sched_ctx *c = ui_form_ctx(f);
	return cpus_check(a, f, text, err, errsz, c->pin);
}

static bool emu_check(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	struct sched_ctx *c = ui_form_ctx(f);
	return cpus_check(a, f, text, err, errsz, c->emu);
}

static bool changed(const char *now, const char *was)
{
	return strcmp(now, was) != 0;
}

static bool sched_submit(struct app *a, struct ui_form *f)
{
	struct sched_ctx *c = ui_form_ctx(f);
	struct be_op_target o = ui_op_target(a, &c->t);
	struct be_sched_req r;
	const char *sh = ui_form_get(f, "shares"), *cap = ui_form_get(f, "cap");
	const char *pin = ui_form_get(f, "pin"), *emu = ui_form_get(f, "emu");
	char err[256], *virsh, *line, *save = NULL;

	memset(&r, 0, sizeof(r));
	if (changed(sh, c->shares)) {
		if (ui_valid_shares(sh, &r.shares, err, sizeof(err)) < 0) {
			ui_form_error(f, "shares", "%s", err);
			return false;
		}
		r.set |= BE_SCHED_SHARES;
	}
	if (changed(cap, c->cap)) {
		if (ui_valid_cap(cap, &r.cap_pct, err, sizeof(err)) < 0) {
			ui_form_error(f, "cap", "%s", err);
			return false;
		}
		r.set |= BE_SCHED_CAP;
	}
	if (changed(pin, c->pin)) {
		if (be_cpulist_parse(pin, c->host_cpus, r.pin, sizeof(r.pin),
				     err, sizeof(err)) < 0) {
			ui_form_error(f, "pin", "%s", err);
			return false;
		}
		r.set |= BE_SCHED_PIN;
	}
	if (changed(emu, c->emu)) {
		if (be_cpulist_parse(emu, c->host_cpus, r.emu, sizeof(r.emu),
				     err, sizeof(err)) < 0) {
			ui_form_error(f, "emu", "%s", err);
			return false;
		}
		r.set |= BE_SCHED_EMU;
	}
	if (!r.set) {
		ui_status(a, false, "scheduling of '%s' left as it was (nothing changed)",
			  c->t.name);
		return true;
	}
	/* the screen teaches the CLI: each command goes to the message log */
	virsh = be_sched_virsh(o.conn ? be_conn_uri(o.conn) : NULL, c->t.name, &r,
			       c->live, c->vcpus, c->period_us);
	for (line = strtok_r(virsh, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		ui_status(a, false, "%s", line);
	free(virsh);
	if (!be_op_sched(ui_mgmt(a)->jobs, &o, &r, ui_job_done))
		ui_status(a, true, "cannot start a job for '%s'", c->t.name);
	return true;
}

static void sched_info_done(void *ui, struct be_job_info *ji)
{
	struct app *a = ui;
	struct be_schedinfo *si = ji->data;
	struct sched_ctx *c;
	struct ui_form *f;
	char title[400], text[400], hint[160];
	double capnow;

	if (ji->state != BE_JOB_DONE || !si) {
		ui_job_report(a, ji);
		return;
	}
	if (a->input) /* the user went on to another dialog meanwhile */
		return;
	c = xcalloc(1, sizeof(*c));
	c->si = si;
	ji->data = NULL; /* the dialog keeps it */
	c->t.host = ji->host;
	snprintf(c->t.uuid, sizeof(c->t.uuid), "%s", ji->uuid);
	snprintf(c->t.name, sizeof(c->t.name), "%s", ji->domain ? ji->domain : "?");
	c->host_cpus = si->host_cpus;
	c->vcpus = si->vcpus;
	c->live = be_state_active(si->state);
	c->period_us = si->sched.period_us;
	if (si->sched.have & BE_SCHED_SHARES)
		snprintf(c->shares, sizeof(c->shares), "%llu",
			 (unsigned long long)si->sched.shares);
	capnow = be_sched_cap_pct(&si->sched);
	if (capnow > 0)
		snprintf(c->cap, sizeof(c->cap), "%g", capnow);
	if (si->sched.pin)
		be_cpumap_format(c->pin, sizeof(c->pin), si->sched.pin, si->sched.pin_len);
	if (si->sched.emu)
		be_cpumap_format(c->emu, sizeof(c->emu), si->sched.emu, si->sched.emu_len);

	snprintf(title, sizeof(title), "Scheduling of '%s' (%s, %u vCPU%s, host CPUs 0-%u)",
		 c->t.name, be_state_name(si->state), c->vcpus, c->vcpus == 1 ? "" : "s",
		 c->host_cpus ? c->host_cpus - 1 : 0);
	f = ui_form_new(title, c, ctx_free);
	ui_form_add_text(f, "shares", "cpu shares", c->shares, shares_check,
			 c->shares[0] ? "weight against other VMs, 1024 default" :
			 "not offered by this host's driver");
	split_text(a, si, &c->t, text, sizeof(text));
	ui_form_add_info(f, "shares_measured", "  measured", text);
	ui_form_add_text(f, "cap", "cap %", c->cap, cap_check,
			 "% of one core per vCPU, 1-100; empty: no cap");
	vcpu_point(a, c);
	cap_text(a, c, text, sizeof(text));
	ui_form_add_info(f, "cap_measured", "  measured", text);
	snprintf(hint, sizeof(hint), "host CPUs for every vCPU, e.g. 0-%u",
		 c->host_cpus > 1 ? c->host_cpus - 1 : 0);
	ui_form_add_text(f, "pin", "vCPU pin", c->pin, pin_check, hint);
	ran_text(a, c, text, sizeof(text));
	ui_form_add_info(f, "pin_measured", "  running on", text);
	ui_form_add_text(f, "emu", "emulator pin", c->emu, emu_check,
			 "host CPUs for QEMU's own threads");
	ui_form_set_refresh(f, measured_refresh);
	/* the vCPUs' own run time, for the cap delivered */
	ui_form_set_needs(f, BE_NEED_VCPU, c->t.host, c->t.uuid);
	ui_form_set_action(f, "set");
	ui_form_open(a, f, sched_submit);
}

ACT_ON(act_sched)
{
	struct ui_mgmt *m = ui_mgmt(a);
	struct ui_target u;
	struct be_op_target o;
	(void)answer;
	ui_target_from(&u, t);
	o = ui_op_target(a, &u);
	if (!be_op_schedinfo(m->jobs, &o, sched_info_done))
		ui_status(a, true, "cannot start a job for '%s'", u.name);
}
