/* The QMP counter in the app (ui/qmp.h). */
#include <config.h>
#include "ui/qmp.h"
#include "ui/app.h"
#include "kvm/qmpcount.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* a host its QMP commands would be counted for */
static bool any_local(const struct app *a)
{
	size_t i;
	for (i = 0; i < a->nhosts; i++) {
		const struct be_sample *s = a->hosts[i]->src.sample;
		if (s && s->uri && kvm_qmp_local_uri(s->uri))
			return true;
	}
	return false;
}

/* shown, and a host it would be counted for */
static bool wanted(const struct app *a)
{
	return (a->set.show_cost || a->count_qmp) && any_local(a);
}

/* which process sends a host's QMP commands: looked up again while it
 * is not known (a daemon not up yet) or has gone (a daemon restart) */
static void host_pid(struct ui_host *h, const struct be_sample *s)
{
	if (h->qmp_pid < 0)
		return;
	if (h->qmp_pid > 0 && kill((pid_t)h->qmp_pid, 0) == 0)
		return;
	h->qmp_pid = s->uri ? kvm_qmp_server_pid(s->uri) : -1;
	h->qmp_seq = 0;
	h->qmp_per_sample = -1;
}

static void host_window(struct app *a, struct ui_host *h)
{
	const struct be_sample *s = h->src.sample;
	uint64_t sent;
	if (!s || s->state != BE_CONN_UP) {
		h->qmp_seq = 0;
		return;
	}
	host_pid(h, s);
	if (h->qmp_pid <= 0)
		return;
	sent = kvm_qmp_sent(a->qmp, h->qmp_pid);
	if (h->qmp_seq && s->seq > h->qmp_seq && sent >= h->qmp_sent &&
	    s->seq - h->qmp_seq < UI_COST_REFRESHES)
		return;
	/* a full window, or a new one (first sample, reconnect) */
	if (h->qmp_seq && s->seq > h->qmp_seq && sent >= h->qmp_sent)
		h->qmp_per_sample = (double)(sent - h->qmp_sent) /
				    (double)(s->seq - h->qmp_seq);
	h->qmp_seq = s->seq;
	h->qmp_sent = sent;
}

/* at exit too: the uprobe and its tracefs instance go */
static void qmp_free(struct app *a)
{
	size_t i;
	kvm_qmp_close(a->qmp);
	a->qmp = NULL;
	for (i = 0; i < a->nhosts; i++) {
		a->hosts[i]->qmp_per_sample = -1;
		a->hosts[i]->qmp_seq = 0;
	}
}

void ui_qmp_tick(struct app *a)
{
	size_t i;
	bool want = wanted(a);
	if (!want && a->qmp)
		qmp_free(a);
	if (!want) {
		a->qmp_why[0] = '\0';
		return;
	}
	/* one try per time it is asked for: a failure stays in qmp_why */
	if (!a->qmp && !a->qmp_why[0]) {
		a->qmp = kvm_qmp_open(a->qmp_why, sizeof(a->qmp_why));
		if (!a->qmp && !a->qmp_why[0])
			snprintf(a->qmp_why, sizeof(a->qmp_why), "QMP commands are not counted here");
		for (i = 0; i < a->nhosts; i++)
			a->hosts[i]->qmp_seq = 0;
	}
	if (!a->qmp)
		return;
	kvm_qmp_drain(a->qmp);
	for (i = 0; i < a->nhosts; i++)
		host_window(a, a->hosts[i]);
}

/* QMP commands per refresh over the local hosts (each daemon once), or
 * < 0 when none is known, or while a connected one is still measuring:
 * a sum without it would undercount (0.0 beside a host whose busy QEMU
 * has no figure yet) */
static double total(const struct app *a)
{
	double sum = -1;
	size_t i, j;
	for (i = 0; a->qmp && i < a->nhosts; i++) {
		const struct ui_host *h = a->hosts[i];
		const struct be_sample *s = h->src.sample;
		bool seen = false;
		if (h->silent || h->qmp_pid <= 0)
			continue;
		if (h->qmp_per_sample < 0) {
			if (s && s->state == BE_CONN_UP)
				return -1;
			continue;
		}
		for (j = 0; j < i; j++)
			seen |= a->hosts[j]->qmp_pid == h->qmp_pid &&
				a->hosts[j]->qmp_per_sample >= 0;
		if (!seen)
			sum = (sum < 0 ? 0 : sum) + h->qmp_per_sample;
	}
	return sum;
}

/* the cost field's part: what the local hosts' QEMUs were asked */
static void cost(const struct app *a, char *buf, size_t n)
{
	double qmp = total(a);
	buf[0] = '\0';
	if (qmp >= 0)
		snprintf(buf, n, ", QMP %.1f/refresh", qmp);
}

const char *ui_qmp_why(const struct app *a)
{
	return !a->qmp && a->qmp_why[0] && any_local(a) ? a->qmp_why : NULL;
}

const struct ui_kind ui_qmp_kind = {
	.refreshed = ui_qmp_tick,
	.cost = cost,
	.free = qmp_free,
};
