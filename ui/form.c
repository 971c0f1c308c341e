#include <config.h>
#include "ui/form.h"
#include "ui/app.h"
#include "common/format.h"
#include "ui/input.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "common/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum field_kind { UF_TEXT, UF_CHOICE, UF_TOGGLE, UF_INFO };

struct field {
	enum field_kind kind;
	char key[32];
	char label[48];
	char text[256];
	char hint[160];
	char err[256];
	char **choices;
	size_t nchoices, choice;
	bool on;
	ui_form_check_fn check;
	int dep;
	unsigned dep_mask;
	uint64_t step, unit, min, max; /* +/- on a size field */
};

struct ui_form {
	char title[160];
	char verb[32];
	struct field *f;
	size_t n, cur;
	char err[320]; /* about the form as a whole (from the submit) */
	void *ctx;
	void (*free_ctx)(void *);
	ui_form_submit_fn submit;
	ui_form_refresh_fn on_refresh;
	unsigned needs;        /* BE_NEED_* fetched while the form is open */
	unsigned focus_host;   /* and the domain they are for ("" none) */
	char focus_uuid[40];
	uint64_t refreshed_at; /* a->refreshes when refresh last ran */
};

struct ui_form *ui_form_new(const char *title, void *ctx, void (*free_ctx)(void *))
{
	struct ui_form *f = xcalloc(1, sizeof(*f));
	snprintf(f->title, sizeof(f->title), "%s", title);
	snprintf(f->verb, sizeof(f->verb), "ok");
	f->ctx = ctx;
	f->free_ctx = free_ctx;
	return f;
}

void ui_form_free(struct ui_form *f)
{
	size_t i, k;
	if (!f)
		return;
	for (i = 0; i < f->n; i++) {
		for (k = 0; k < f->f[i].nchoices; k++)
			free(f->f[i].choices[k]);
		free(f->f[i].choices);
	}
	free(f->f);
	if (f->ctx)
		(f->free_ctx ? f->free_ctx : free)(f->ctx);
	free(f);
}

void *ui_form_ctx(const struct ui_form *f)
{
	return f->ctx;
}

static struct field *add(struct ui_form *f, enum field_kind k, const char *key,
			 const char *label)
{
	struct field *x;
	f->f = xrealloc(f->f, (f->n + 1) * sizeof(*f->f));
	x = &f->f[f->n++];
	memset(x, 0, sizeof(*x));
	x->kind = k;
	x->dep = -1;
	snprintf(x->key, sizeof(x->key), "%s", key);
	snprintf(x->label, sizeof(x->label), "%s", label);
	return x;
}

int ui_form_add_text(struct ui_form *f, const char *key, const char *label,
		     const char *initial, ui_form_check_fn check, const char *hint)
{
	struct field *x = add(f, UF_TEXT, key, label);
	snprintf(x->text, sizeof(x->text), "%s", initial ? initial : "");
	snprintf(x->hint, sizeof(x->hint), "%s", hint ? hint : "");
	x->check = check;
	return (int)f->n - 1;
}

int ui_form_add_choice(struct ui_form *f, const char *key, const char *label,
		       const char *const *choices, size_t n, size_t sel)
{
	struct field *x = add(f, UF_CHOICE, key, label);
	size_t i;
	x->choices = xcalloc(n ? n : 1, sizeof(*x->choices));
	for (i = 0; i < n; i++)
		x->choices[i] = xstrdup(choices[i]);
	x->nchoices = n;
	x->choice = sel < n ? sel : 0;
	return (int)f->n - 1;
}

int ui_form_add_toggle(struct ui_form *f, const char *key, const char *label, bool on)
{
	struct field *x = add(f, UF_TOGGLE, key, label);
	x->on = on;
	return (int)f->n - 1;
}

int ui_form_add_info(struct ui_form *f, const char *key, const char *label,
		     const char *text)
{
	struct field *x = add(f, UF_INFO, key, label);
	snprintf(x->text, sizeof(x->text), "%s", text ? text : "");
	return (int)f->n - 1;
}

void ui_form_show_when(struct ui_form *f, int field, int dep, unsigned mask)
{
	if (field < 0 || (size_t)field >= f->n)
		return;
	f->f[field].dep = dep;
	f->f[field].dep_mask = mask;
}

void ui_form_set_step(struct ui_form *f, int field, uint64_t step,
		      uint64_t unit, uint64_t min, uint64_t max)
{
	if (field < 0 || (size_t)field >= f->n)
		return;
	f->f[field].step = step;
	f->f[field].unit = unit ? unit : 1;
	f->f[field].min = min;
	f->f[field].max = max;
}

void ui_form_set_refresh(struct ui_form *f, ui_form_refresh_fn fn)
{
	f->on_refresh = fn;
}

void ui_form_set_action(struct ui_form *f, const char *verb)
{
	snprintf(f->verb, sizeof(f->verb), "%s", verb);
}

static struct field *find(const struct ui_form *f, const char *key)
{
	size_t i;
	for (i = 0; i < f->n; i++)
		if (strcmp(f->f[i].key, key) == 0)
			return &f->f[i];
	return NULL;
}

static bool shown(const struct ui_form *f, const struct field *x)
{
	const struct field *d;
	if (x->dep < 0 || (size_t)x->dep >= f->n)
		return true;
	d = &f->f[x->dep];
	return shown(f, d) && d->choice < 32 && (x->dep_mask & (1u << d->choice));
}

const char *ui_form_get(const struct ui_form *f, const char *key)
{
	const struct field *x = find(f, key);
	return x ? x->text : "";
}

size_t ui_form_choice(const struct ui_form *f, const char *key)
{
	const struct field *x = find(f, key);
	return x ? x->choice : 0;
}

bool ui_form_on(const struct ui_form *f, const char *key)
{
	const struct field *x = find(f, key);
	return x && x->on;
}

bool ui_form_shown(const struct ui_form *f, const char *key)
{
	const struct field *x = find(f, key);
	return x && shown(f, x);
}

void ui_form_set_text(struct ui_form *f, const char *key, const char *text)
{
	struct field *x = find(f, key);
	if (x)
		snprintf(x->text, sizeof(x->text), "%s", text);
}

void ui_form_error(struct ui_form *f, const char *key, const char *fmt, ...)
{
	struct field *x = key ? find(f, key) : NULL;
	char *buf = f->err;
	size_t sz = sizeof(f->err);
	va_list ap;
	if (x) {
		buf = x->err;
		sz = sizeof(x->err);
		f->cur = (size_t)(x - f->f);
	}
	va_start(ap, fmt);
	vsnprintf(buf, sz, fmt, ap);
	va_end(ap);
}

/* checks one text field; true when it passes (or has no check) */
static bool check_field(struct app *a, struct ui_form *f, struct field *x)
{
	x->err[0] = '\0';
	if (x->kind != UF_TEXT || !x->check || !shown(f, x))
		return true;
	return x->check(a, f, x->text, x->err, sizeof(x->err));
}

bool ui_form_validate(struct app *a, struct ui_form *f)
{
	size_t i, first = f->n;
	for (i = 0; i < f->n; i++)
		if (!check_field(a, f, &f->f[i]) && first == f->n)
			first = i;
	if (first < f->n) {
		f->cur = first;
		return false;
	}
	return true;
}

static bool focusable(const struct ui_form *f, size_t i)
{
	return f->f[i].kind != UF_INFO && shown(f, &f->f[i]);
}

static void move_focus(struct ui_form *f, int dir)
{
	size_t i, n = f->n, c = f->cur;
	for (i = 0; i < n; i++) {
		c = (c + n + (size_t)(dir > 0 ? 1 : n - 1)) % n;
		if (focusable(f, c)) {
			f->cur = c;
			return;
		}
	}
}

static void first_focus(struct ui_form *f)
{
	if (f->cur < f->n && focusable(f, f->cur))
		return;
	move_focus(f, 1);
}

/* "1536" in the field's unit, or "1.5G" */
static void show_size(char *buf, size_t n, uint64_t bytes, uint64_t unit)
{
	if (unit > 1 && bytes % unit == 0)
		snprintf(buf, n, "%llu", (unsigned long long)(bytes / unit));
	else
		snprintf(buf, n, "%lluK", (unsigned long long)(bytes >> 10));
}

static void step(struct app *a, struct ui_form *f, struct field *x, int dir)
{
	uint64_t v;
	if (fmt_parse_size(x->text, x->unit, &v) < 0)
		v = x->min;
	if (dir > 0)
		v = v + x->step > x->max ? x->max : v + x->step;
	else
		v = v < x->min + x->step ? x->min : v - x->step;
	/* whole steps: 300 - 64 -> 236, then 172 ... */
	show_size(x->text, sizeof(x->text), v, x->unit);
	check_field(a, f, x);
}

int ui_form_key(struct app *a, struct ui_form *f, int key)
{
	struct field *x;
	first_focus(f);
	x = &f->f[f->cur];
	switch (key) {
	case UI_KEY_ESC:
		return 2;
	case UI_KEY_ENTER: case '\r': case UI_FN(KEY_ENTER):
		f->err[0] = '\0';
		if (!ui_form_validate(a, f)) {
			snprintf(f->err, sizeof(f->err), "%s: %s", f->f[f->cur].label,
				 f->f[f->cur].err);
			return 0;
		}
		return 1;
	case UI_KEY_TAB: case UI_FN(KEY_DOWN):
		check_field(a, f, x);
		move_focus(f, 1);
		return 0;
	case UI_FN(KEY_BTAB): case UI_FN(KEY_UP):
		check_field(a, f, x);
		move_focus(f, -1);
		return 0;
	default:
		break;
	}
	f->err[0] = '\0';
	switch (x->kind) {
	case UF_TEXT:
		if (x->step && (key == '+' || key == UI_FN(KEY_PPAGE) || key == UI_FN(KEY_RIGHT)))
			step(a, f, x, 1);
		else if (x->step && (key == '-' || key == UI_FN(KEY_NPAGE) || key == UI_FN(KEY_LEFT)))
			step(a, f, x, -1);
		else
			ui_line_edit(x->text, sizeof(x->text), key);
		/* the reason goes when the field is edited; checked again on leaving */
		if (!x->step)
			x->err[0] = '\0';
		break;
	case UF_CHOICE:
		if (!x->nchoices)
			break;
		if (key == UI_FN(KEY_LEFT))
			x->choice = (x->choice + x->nchoices - 1) % x->nchoices;
		else if (key == ' ' || key == UI_FN(KEY_RIGHT))
			x->choice = (x->choice + 1) % x->nchoices;
		break;
	case UF_TOGGLE:
		if (key == ' ' || key == UI_FN(KEY_LEFT) || key == UI_FN(KEY_RIGHT))
			x->on = !x->on;
		else if (key == 'y' || key == 'Y')
			x->on = true;
		else if (key == 'n' || key == 'N')
			x->on = false;
		break;
	case UF_INFO:
		break;
	}
	return 0;
}

bool ui_form_submit(struct app *a, struct ui_form *f)
{
	return f->submit ? f->submit(a, f) : true;
}

void ui_form_set_needs(struct ui_form *f, unsigned needs, unsigned host,
		       const char *uuid)
{
	f->needs = needs;
	f->focus_host = host;
	snprintf(f->focus_uuid, sizeof(f->focus_uuid), "%s", uuid ? uuid : "");
}

/* the stat groups and domain the form needs, fetched while it is open
 * (the input slot drops them when it closes) */
static void push_needs(struct app *a, const struct ui_form *f)
{
	if (!f || (!f->needs && !f->focus_uuid[0]))
		return;
	a->dialog_needs = f->needs;
	a->dialog_host = f->focus_host;
	snprintf(a->dialog_uuid, sizeof(a->dialog_uuid), "%s", f->focus_uuid);
	ui_update_needs(a);
}

static int widget_key(struct app *a, void *w, int key);
static void widget_draw(struct app *a, WINDOW *win, void *w)
{
	ui_form_draw(a, win, w);
}
static void widget_free(void *w)
{
	ui_form_free(w);
}
static const struct ui_widget_ops form_widget = {
	.key = widget_key,
	.draw = widget_draw,
	.free = widget_free,
};

static void take_keyboard(struct app *a, struct ui_form *f)
{
	ui_input_open_widget(a, &form_widget, f);
	push_needs(a, f);
}

static int widget_key(struct app *a, void *w, int key)
{
	struct ui_form *f = w;
	int r = ui_form_key(a, f, key);
	if (r == 0) {
		a->redraw = true;
		return UI_HANDLED;
	}
	/* the form leaves the input slot before its submit runs: the submit
	 * may open the next dialog there */
	ui_input_release(a);
	if (r == 1 && !ui_form_submit(a, f) && !a->input) {
		take_keyboard(a, f);
		return UI_HANDLED;
	}
	ui_form_free(f);
	return UI_HANDLED;
}

void ui_form_open(struct app *a, struct ui_form *f, ui_form_submit_fn submit)
{
	f->submit = submit;
	f->refreshed_at = a->refreshes;
	first_focus(f);
	take_keyboard(a, f);
}

/* --- drawing ---------------------------------------------------------- */

static void put(struct app *a, WINDOW *w, int y, int x, int width,
		const char *s, attr_t at)
{
	char buf[1024];
	if (width <= 0)
		return;
	wattrset(w, at);
	mvwaddstr(w, y, x, fmt_fit(buf, sizeof(buf), s, width, false, a->ascii));
}

void ui_form_draw(struct app *a, WINDOW *w, struct ui_form *f)
{
	int width = a->cols - 4 > 140 ? 140 : a->cols - 4, x0, y0, y, h = 3;
	int lw = 16, vw, notew = 0;
	size_t i;
	char val[600];

	first_focus(f);
	/* a refresh came since the figures were last set: a form is drawn
	 * after every one, so this is where it learns of them */
	if (f->on_refresh && f->refreshed_at != a->refreshes) {
		f->refreshed_at = a->refreshes;
		f->on_refresh(a, f);
	}
	for (i = 0; i < f->n; i++)
		if (shown(f, &f->f[i])) {
			int nw = fmt_width(f->f[i].err[0] ? f->f[i].err : f->f[i].hint);
			h++;
			if (f->f[i].kind != UF_INFO && nw > notew)
				notew = nw;
		}
	if (h > a->lines - 2)
		h = a->lines - 2;
	if (width < 20)
		width = a->cols;
	/* values get what the reasons beside them leave, within limits */
	if (notew > width / 2)
		notew = width / 2;
	vw = width - lw - notew - 1;
	if (vw > 60)
		vw = 60;
	if (vw < 12)
		vw = 12;
	x0 = (a->cols - width) / 2;
	y0 = (a->lines - h) / 2;
	if (y0 < 0)
		y0 = 0;
	put(a, w, y0, x0, width, f->title, th_attr(TH_COLHEAD));
	y = y0 + 1;
	for (i = 0; i < f->n && y < y0 + h - 1; i++) {
		struct field *x = &f->f[i];
		bool cur = i == f->cur;
		const char *note = x->err[0] ? x->err : x->hint;
		attr_t base = th_attr(TH_NORMAL);
		if (!shown(f, x))
			continue;
		mvwhline(w, y, x0, ' ', width);
		put(a, w, y, x0, lw, x->label, base);
		switch (x->kind) {
		case UF_TEXT:
			snprintf(val, sizeof(val), "[%s%s]", x->text, cur ? "_" : "");
			break;
		case UF_CHOICE:
			snprintf(val, sizeof(val), "%s %s %s", cur ? "<" : " ",
				 x->nchoices ? x->choices[x->choice] : "", cur ? ">" : " ");
			break;
		case UF_TOGGLE:
			snprintf(val, sizeof(val), "[%c]", x->on ? 'x' : ' ');
			break;
		case UF_INFO:
			snprintf(val, sizeof(val), "%s", x->text);
			break;
		}
		put(a, w, y, x0 + lw, x->kind == UF_INFO ? width - lw : vw, val,
		    cur ? th_attr(TH_SELECTION) : base);
		if (x->kind != UF_INFO && note[0])
			put(a, w, y, x0 + lw + vw + 1, width - lw - vw - 1, note,
			    x->err[0] ? th_attr(TH_ERROR) : th_attr(TH_DIM));
		y++;
	}
	mvwhline(w, y0 + h - 1, x0, ' ', width);
	if (f->err[0]) {
		put(a, w, y0 + h - 1, x0, width, f->err, th_attr(TH_ERROR));
	} else {
		snprintf(val, sizeof(val),
			 " Tab/Up/Down field  Left/Right/Space change  Enter %s  Esc cancel",
			 f->verb);
		put(a, w, y0 + h - 1, x0, width, val, th_attr(TH_COLHEAD));
	}
	wattrset(w, A_NORMAL);
}
