/* View 4: the selected domain's snapshot tree, parents before children,
 * the current one marked.  The tree is read by a job (ui/mgmt.c) while
 * this view is shown; here it is only drawn. */
#include <config.h>
#include "views/view.h"
#include "views/state.h"
#include "views/attr.h"
#include "backend/snapshot.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* columns: mark, name (indented by depth), time, state, kept, chain
 * length, description */
static const int colx[] = { 0, 2, 33, 53, 63, 70, 77 };

/* A snapshot's chain: itself and every snapshot above it.  Past this many,
 * each disk read may walk that many backing files. */
#define CHAIN_WARN 5

static void draw_row(struct app *a, WINDOW *w, int y, const struct be_snapshot *s,
		     bool sel)
{
	char when[32] = "-", name[512], chain[16];
	int indent = s->depth * 2;
	if (s->created) {
		time_t t = (time_t)s->created;
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	}
	if (indent > 20)
		indent = 20;
	snprintf(name, sizeof(name), "%*s%s%s", indent, "",
		 s->depth ? (a->ascii ? "`- " : "\u2514\u2500 ") : "", s->name);
	wattrset(w, sel ? th_attr(TH_SELECTION) : th_attr(TH_NORMAL));
	if (sel)
		mvwhline(w, y, 0, ' ', a->cols);
	ui_draw_text(a, w, y, colx[0], 2, s->current ? "*" : " ", false);
	ui_draw_text(a, w, y, colx[1], colx[2] - colx[1] - 1, name, false);
	ui_draw_text(a, w, y, colx[2], colx[3] - colx[2] - 1, when, false);
	ui_draw_text(a, w, y, colx[3], colx[4] - colx[3] - 1, s->state ? s->state : "?",
		     false);
	ui_draw_text(a, w, y, colx[4], colx[5] - colx[4] - 1, s->memory ? "memory" : "disks",
		     false);
	snprintf(chain, sizeof(chain), "%d%s", s->depth + 1,
		 s->depth + 1 > CHAIN_WARN ? "!" : "");
	if (s->depth + 1 > CHAIN_WARN && !sel)
		wattrset(w, th_attr(TH_WARNING));
	ui_draw_text(a, w, y, colx[5], colx[6] - colx[5] - 1, chain, true);
	wattrset(w, sel ? th_attr(TH_SELECTION) : th_attr(TH_NORMAL));
	ui_draw_text(a, w, y, colx[6], a->cols - colx[6],
		     s->description ? s->description : "", false);
}

static void snapshots_draw(struct app *a, WINDOW *w, int y0, int h)
{
	struct ui_mgmt *m = a->mgmt;
	const struct be_domain *d = ui_selected(a);
	const struct be_snapshot_list *l = m ? m->snaps : NULL;
	char line[700];
	size_t i, top = 0;
	int y, deepest = 0;

	if (h < 3)
		return;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwhline(w, y0, 0, ' ', a->cols);
	if (!d)
		snprintf(line, sizeof(line), "snapshots: no domain selected");
	else
		snprintf(line, sizeof(line),
			 "snapshots of '%s'   Left/Right other domain  n new  "
			 "Enter revert  x delete  (* current)", d->name);
	ui_draw_text(a, w, y0, 0, a->cols, line, false);
	mvwhline(w, y0 + 1, 0, ' ', a->cols);
	ui_draw_text(a, w, y0 + 1, colx[1], 10, "NAME", false);
	ui_draw_text(a, w, y0 + 1, colx[2], 10, "TIME", false);
	ui_draw_text(a, w, y0 + 1, colx[3], 6, "STATE", false);
	ui_draw_text(a, w, y0 + 1, colx[4], 6, "KEEPS", false);
	ui_draw_text(a, w, y0 + 1, colx[5], colx[6] - colx[5] - 1, "CHAIN", true);
	ui_draw_text(a, w, y0 + 1, colx[6], 12, "DESCRIPTION", false);
	wattrset(w, th_attr(TH_NORMAL));
	if (!d)
		return;
	if (!l || l->host != d->host || strcmp(l->uuid, d->uuid) != 0) {
		const char *msg = m && m->snaps_error[0] ? m->snaps_error :
			"reading the snapshots...";
		wattrset(w, th_attr(m && m->snaps_error[0] ? TH_ERROR : TH_DIM));
		ui_draw_text(a, w, y0 + 3, 2, a->cols - 2, msg, false);
		wattrset(w, A_NORMAL);
		return;
	}
	if (!l->n) {
		wattrset(w, th_attr(TH_DIM));
		ui_draw_text(a, w, y0 + 3, 2, a->cols - 2,
			     "no snapshots (n creates one)", false);
		wattrset(w, A_NORMAL);
		return;
	}
	for (i = 0; i < l->n; i++)
		if (l->v[i].depth + 1 > deepest)
			deepest = l->v[i].depth + 1;
	if (deepest > CHAIN_WARN) {
		/* the last line: the tree is drawn above it */
		snprintf(line, sizeof(line), "a chain of %d snapshots: every disk "
			 "read may walk %d backing files; delete old snapshots "
			 "(x) to merge them", deepest, deepest);
		wattrset(w, th_attr(TH_WARNING));
		ui_draw_text(a, w, y0 + h - 1, 0, a->cols, line, false);
		wattrset(w, th_attr(TH_NORMAL));
		h--;
	}
	if (m->snap_sel >= (size_t)(h - 2))
		top = m->snap_sel - (size_t)(h - 2) + 1;
	for (y = 2, i = top; y < h && i < l->n; y++, i++)
		draw_row(a, w, y0 + y, &l->v[i], i == m->snap_sel);
	wattrset(w, A_NORMAL);
}

/* the snapshot list shown, if it is the selected domain's */
static const struct be_snapshot_list *shown(const struct app *a)
{
	const struct ui_mgmt *m = a->mgmt;
	const struct be_domain *d = ui_selected(a);
	const struct be_snapshot_list *l = m ? m->snaps : NULL;
	if (!d || !l || l->host != d->host || strcmp(l->uuid, d->uuid) != 0)
		return NULL;
	return l;
}

/* the selected domain, and its selected snapshot once the tree is read */
static void snapshots_selection(const struct app *a, struct view_target *t)
{
	const struct be_snapshot_list *l = shown(a);
	const struct be_snapshot *s;
	view_select_domain(a, t);
	if (!l || !l->n || a->mgmt->snap_sel >= l->n)
		return;
	s = &l->v[a->mgmt->snap_sel];
	t->kinds |= VT_BIT(VT_SNAPSHOT);
	snprintf(t->snapshot, sizeof(t->snapshot), "%s", s->name);
	t->snap_created = s->created;
	t->snap_below = s->ndesc;
}

static bool snapshots_move(struct app *a, long delta)
{
	struct ui_mgmt *m = a->mgmt;
	size_t n = m && m->snaps ? m->snaps->n : 0;
	if (!m)
		return true;
	long s = (long)m->snap_sel + delta;
	if (s >= (long)n)
		s = (long)n - 1;
	if (s < 0)
		s = 0;
	m->snap_sel = (size_t)s;
	return true;
}

/* the tree may have changed while another view showed */
static void snapshots_enter(struct app *a)
{
	if (a->mgmt)
		a->mgmt->snaps_stale = true;
}

static const struct view_key snapshots_keys[] = {
	{ "<Up>", "up", "select the snapshot above" },
	{ "k", "up", "select the snapshot above" },
	{ "<Down>", "down", "select the snapshot below" },
	{ "j", "down", "select the snapshot below" },
	{ "<Home>", "home", "select the first snapshot" },
	{ "<End>", "end", "select the last snapshot" },
	{ "<Left>", "domain-prev", "the previous domain's snapshots" },
	{ "<Right>", "domain-next", "the next domain's snapshots" },
	{ "<Enter>", "snapshot-revert", "revert to the selected snapshot (asks)" },
	{ "x", "snapshot-delete", "delete the selected snapshot (asks)" },
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_snapshots = {
	.name = "snapshots",
	.title = "snapshots: the selected domain's tree",
	.key = '4',
	.needs = BE_NEED_STATE,
	.draw = snapshots_draw,
	.needs_fn = NULL,
	.selection = snapshots_selection,
	.enter = snapshots_enter,
	.wants = VIEW_WANTS_SNAPSHOTS,
	.cursor = snapshots_move,
	.keys = snapshots_keys,
};
