/* View 5: long operations, each with its state, progress, elapsed time and
 * result or error.  Drawn from a copy of the job list (backend/jobs.c). */
#include <config.h>
#include "views/view.h"
#include "views/state.h"
#include "common/format.h"
#include "views/attr.h"
#include "backend/jobs.h"
#include "backend/migrate.h"
#include "common/util.h"
#include "views/graph.h"

#include <stdio.h>
#include <string.h>

#define BAR 16
#define BAR_X 23 /* where the bar starts: after ID, STATE, ELAPSED */

static const char *state_word(enum be_job_state s)
{
	switch (s) {
	case BE_JOB_RUNNING: return "running";
	case BE_JOB_DONE: return "done";
	case BE_JOB_FAILED: return "failed";
	case BE_JOB_CANCELLED: return "cancelled";
	}
	return "?";
}

static void bar(const struct app *a, char *buf, size_t n, const struct be_job_info *j)
{
	const char *full = a->ascii ? "#" : "\u2588", *empty = a->ascii ? "-" : "\u00b7";
	size_t len = 0;
	double p;
	int i, k;
	if (j->progress < 0 && j->state != BE_JOB_DONE) {
		/* unknown: a marker bouncing while it runs */
		int pos = j->state == BE_JOB_RUNNING ?
			(int)((mono_ns() / 250000000LL) % (2 * BAR - 2)) : -1;
		if (pos >= BAR)
			pos = 2 * BAR - 2 - pos;
		for (i = 0; i < BAR && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s",
						i == pos ? full : empty);
		return;
	}
	p = j->state == BE_JOB_DONE ? 1 : j->progress;
	k = (int)(p * BAR + 0.5);
	for (i = 0; i < BAR && len < n; i++)
		len += (size_t)snprintf(buf + len, n - len, "%s", i < k ? full : empty);
	if (len < n)
		snprintf(buf + len, n - len, " %3.0f%%", p * 100);
}

static void elapsed(char *buf, size_t n, const struct be_job_info *j)
{
	int64_t end = j->end_ns ? j->end_ns : mono_ns();
	double s = (double)(end - j->start_ns) / 1e9;
	if (s < 60)
		snprintf(buf, n, "%.1fs", s);
	else
		snprintf(buf, n, "%d:%02d", (int)s / 60, (int)s % 60);
}

/* the lines a job takes: a migration shows its figures below its row */
static int job_lines(const struct be_job_info *j)
{
	if (!j->mig.on)
		return 1;
	if (j->state == BE_JOB_RUNNING)
		return j->mig.stalled ? 3 : 2;
	return j->mig.final ? 2 : 1;
}

static void sz(char *b, size_t n, uint64_t v)
{
	fmt_size(b, n, (double)v);
}

/* A migration's figures (PRODUCT.md: data, dirty rate against transfer
 * rate over the iterations, expected downtime, elapsed, ETA).  The bar of
 * its row is the monotonic progress of backend/migrate.c; the iteration
 * and this pass's data say how far it really is. */
static void mig_line(const struct app *a, const struct be_job_info *j,
		     char *line, size_t n)
{
	const struct be_job_mig *m = &j->mig;
	char tot[16], done[16], rem[16], iter[16], dirty[16], bps[16], eta[32];
	char ac[48] = "";
	char sd[3 * (BE_MIG_HIST + 1) + 1], sb[3 * (BE_MIG_HIST + 1) + 1];
	double vd[BE_MIG_HIST + 1], vb[BE_MIG_HIST + 1], max = 1;
	size_t i, k = m->nhist;
	sz(tot, sizeof(tot), m->data_total);
	sz(done, sizeof(done), m->data_processed);
	sz(rem, sizeof(rem), m->data_remaining);
	if (j->state != BE_JOB_RUNNING) {
		snprintf(line, n, "       final: downtime %llu ms, total time %.1f s, "
			 "%sB sent of %sB, %u iteration%s", (unsigned long long)m->downtime_ms,
			 (double)m->elapsed_ms / 1000.0, done, tot, m->iteration,
			 m->iteration == 1 ? "" : "s");
		return;
	}
	sz(iter, sizeof(iter), m->iter_data);
	sz(dirty, sizeof(dirty), m->dirty_bps);
	sz(bps, sizeof(bps), m->mem_bps);
	/* the passes so far and the current one, on one scale */
	for (i = 0; i < k; i++) {
		vd[i] = m->hist_dirty[i];
		vb[i] = m->hist_bps[i];
	}
	vd[k] = (double)m->dirty_bps;
	vb[k] = (double)m->mem_bps;
	for (i = 0; i <= k; i++) {
		if (vd[i] > max)
			max = vd[i];
		if (vb[i] > max)
			max = vb[i];
	}
	ui_sparkline(sd, sizeof(sd), vd, k + 1, (int)(k + 1), max, a->ascii);
	ui_sparkline(sb, sizeof(sb), vb, k + 1, (int)(k + 1), max, a->ascii);
	if (m->auto_converge)
		snprintf(ac, sizeof(ac), "  [auto-converge, vCPU throttle %d%%]",
			 m->throttle_pct);
	if (m->eta_s >= 0)
		snprintf(eta, sizeof(eta), "%llds", (long long)m->eta_s);
	else
		snprintf(eta, sizeof(eta), "none (dirtied as fast as sent)");
	/* processed counts the pages sent again too: it outgrows the total */
	snprintf(line, n, "       iter %u (%sB this pass)  data sent %sB, %sB left of %sB  "
		 "dirty %sB/s %s vs xfer %sB/s %s  downtime ~%llu ms (max %llu)  "
		 "elapsed %.0fs  ETA %s%s%s", m->iteration, iter, done, rem, tot,
		 dirty, sd, bps, sb, (unsigned long long)m->downtime_ms,
		 (unsigned long long)m->max_downtime_ms, (double)m->elapsed_ms / 1000.0,
		 eta, m->postcopy ? "  [post-copy]" : "", ac);
}

static void jobs_draw(struct app *a, WINDOW *w, int y0, int h)
{
	struct ui_mgmt *m = a->mgmt;
	struct be_job_info *v = NULL;
	size_t n = m ? be_jobs_list(m->jobs, &v) : 0, i, top = 0;
	char line[1400], b[128], el[32], rate[64];
	int y, used;

	if (h < 2)
		goto out;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	snprintf(line, sizeof(line), "%4s %-9s %7s %-21s %s", "ID", "STATE",
		 "ELAPSED", "PROGRESS", "WHAT / RESULT   (x cancels or aborts)");
	ui_draw_text(a, w, y0, 0, a->cols, line, false);
	if (!n) {
		wattrset(w, th_attr(TH_DIM));
		ui_draw_text(a, w, y0 + 2, 2, a->cols - 2,
			     "no jobs yet: create, snapshots, shutdowns, migrations... run here",
			     false);
		goto out;
	}
	if (m->job_sel >= n)
		m->job_sel = n - 1;
	/* the first job shown: as far up as keeps the selected one whole */
	top = m->job_sel;
	used = job_lines(&v[top]);
	while (top > 0 && used + job_lines(&v[top - 1]) <= h - 1)
		used += job_lines(&v[--top]);
	for (y = 1, i = top; y < h && i < n; i++) {
		const struct be_job_info *j = &v[i];
		const char *detail = j->state == BE_JOB_RUNNING ? j->phase : j->message;
		enum th_slot slot = j->state == BE_JOB_FAILED ? TH_ERROR :
			      j->state == BE_JOB_CANCELLED ? TH_WARNING :
			      j->state == BE_JOB_DONE ? TH_NORMAL : TH_RUNNING;
		bar(a, b, sizeof(b), j);
		elapsed(el, sizeof(el), j);
		rate[0] = '\0';
		if (j->total_bytes && j->state == BE_JOB_RUNNING && !j->mig.on) {
			char r[16];
			fmt_size(r, sizeof(r), j->rate);
			if (j->rate > 0)
				snprintf(rate, sizeof(rate), " %sB/s ETA %.0fs", r,
					 (double)(j->total_bytes - j->done_bytes) / j->rate);
		}
		if (j->mig.on && j->dest && j->state == BE_JOB_RUNNING)
			snprintf(rate, sizeof(rate), " -> %.50s", j->dest);
		/* "title: detail", unless the detail says the title already;
		 * the bar is drawn in its own colour over the blank left for it */
		if (detail && strncmp(detail, j->title, strlen(j->title)) == 0)
			snprintf(line, sizeof(line), "%4u %-9s %7s %21s %s%s", j->id,
				 state_word(j->state), el, "", detail, rate);
		else
			snprintf(line, sizeof(line), "%4u %-9s %7s %21s %s%s%s%s", j->id,
				 state_word(j->state), el, "", j->title,
				 detail ? ": " : "", detail ? detail : "", rate);
		wattrset(w, i == m->job_sel ? th_attr(TH_SELECTION) : th_attr(slot));
		if (i == m->job_sel)
			mvwhline(w, y0 + y, 0, ' ', a->cols);
		ui_draw_text(a, w, y0 + y, 0, a->cols, line, false);
		if (a->cols > BAR_X + 21) {
			if (i != m->job_sel)
				wattrset(w, th_attr(TH_BAR));
			ui_draw_text(a, w, y0 + y, BAR_X, 21, b, false);
		}
		y++;
		if (job_lines(j) > 1 && y < h) {
			mig_line(a, j, line, sizeof(line));
			wattrset(w, th_attr(j->state == BE_JOB_RUNNING ? TH_NORMAL : TH_DIM));
			ui_draw_text(a, w, y0 + y++, 0, a->cols, line, false);
		}
		if (job_lines(j) > 2 && y < h) {
			snprintf(line, sizeof(line), "       STALLED: remaining data has "
				 "not shrunk for %d iterations.  D raise max downtime  "
				 "S set speed  P post-copy%s  A %s  x abort",
				 BE_MIG_STALL_ITERS, j->mig.postcopy_allowed ? "" :
				 " (not allowed at start)", j->mig.auto_converge ?
				 "(auto-converge on)" : "restart with auto-converge");
			wattrset(w, th_attr(TH_WARNING));
			ui_draw_text(a, w, y0 + y++, 0, a->cols, line, false);
		}
	}
out:
	wattrset(w, A_NORMAL);
	be_job_infos_free(v, n);
}

/* the selected job */
static void jobs_selection(const struct app *a, struct view_target *t)
{
	struct ui_mgmt *m = a->mgmt;
	struct be_job_info *v = NULL;
	size_t n = m ? be_jobs_list(m->jobs, &v) : 0;
	if (n) {
		const struct be_job_info *j = &v[m->job_sel < n ? m->job_sel : n - 1];
		t->kinds |= VT_BIT(VT_JOB) | VT_BIT(VT_HOST);
		t->job = j->id;
		t->host = j->host;
		/* the job's domain, for questions (not a VT_DOMAIN selection) */
		snprintf(t->uuid, sizeof(t->uuid), "%s", j->uuid);
		snprintf(t->name, sizeof(t->name), "%s", j->domain ? j->domain : "");
	}
	be_job_infos_free(v, n);
}

static bool jobs_move(struct app *a, long delta)
{
	struct ui_mgmt *m = a->mgmt;
	long s;
	if (!m)
		return true;
	s = (long)m->job_sel + delta;
	/* past the end is clamped when drawn */
	m->job_sel = s < 0 ? 0 : (size_t)s;
	return true;
}

/* progress and elapsed times move on while a job runs */
static void jobs_tick(struct app *a)
{
	struct ui_mgmt *m = a->mgmt;
	uint64_t g;
	if (!m)
		return;
	g = be_jobs_generation(m->jobs);
	if (g != m->jobs_gen || be_jobs_running(m->jobs)) {
		m->jobs_gen = g;
		a->redraw = true;
	}
}

static const struct view_key jobs_keys[] = {
	{ "<Up>", "up", "select the job above" },
	{ "k", "up", "select the job above" },
	{ "<Down>", "down", "select the job below" },
	{ "j", "down", "select the job below" },
	{ "x", "job-cancel", "cancel the selected job (a wait); abort a migration" },
	{ "D", "mig-downtime", "migration: raise the max downtime" },
	{ "S", "mig-speed", "migration: set the speed (bandwidth cap)" },
	{ "P", "mig-postcopy", "migration: switch to post-copy (asks)" },
	{ "A", "mig-autoconverge", "migration: restart it with auto-converge (asks)" },
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_jobs = {
	.name = "jobs",
	.title = "jobs: long operations, progress and results",
	.key = '5',
	.needs = BE_NEED_STATE,
	.draw = jobs_draw,
	.needs_fn = NULL,
	.selection = jobs_selection,
	.tick = jobs_tick,
	.cursor = jobs_move,
	.keys = jobs_keys,
};
