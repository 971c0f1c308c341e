#include <config.h>
#include "ui/input.h"
#include "ui/app.h"
#include "common/format.h"
#include "ui/keys.h"
#include "ui/theme.h"
#include "views/view.h"
#include "common/util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

enum input_kind { IN_PROMPT, IN_CONFIRM, IN_MENU, IN_WIDGET };

struct ui_input {
	enum input_kind kind;
	char label[768];
	char text[256];
	void (*done_text)(struct app *, const char *);
	void (*changed)(struct app *, const char *);
	void (*done_answer)(struct app *, void *, int);
	void *ctx;        /* the confirmation's, freed when it closes */
	int extra_key;    /* a confirmation's third answer, or 0 */
	char extra[128];
	void (*done_index)(struct app *, int);
	bool (*check)(const struct app *, int);
	char **items;
	size_t nitems, sel;
	bool stay_open;
	const struct ui_widget_ops *widget_ops;
	void *widget;
};

static struct ui_input *open_input(struct app *a, enum input_kind k,
				   const char *label)
{
	struct ui_input *in;
	ui_input_close(a);
	in = xcalloc(1, sizeof(*in));
	in->kind = k;
	snprintf(in->label, sizeof(in->label), "%s", label);
	a->input = in;
	a->redraw = true;
	return in;
}

void ui_prompt_open(struct app *a, const char *label, const char *initial,
		    void (*done)(struct app *, const char *),
		    void (*changed)(struct app *, const char *))
{
	struct ui_input *in = open_input(a, IN_PROMPT, label);
	snprintf(in->text, sizeof(in->text), "%s", initial ? initial : "");
	in->done_text = done;
	in->changed = changed;
}

void ui_confirm_open(struct app *a, const char *question, int extra_key,
		     const char *extra,
		     void (*done)(struct app *, void *ctx, int answer), void *ctx)
{
	struct ui_input *in = open_input(a, IN_CONFIRM, question);
	in->done_answer = done;
	in->ctx = ctx;
	in->extra_key = extra_key;
	snprintf(in->extra, sizeof(in->extra), "%s", extra_key && extra ? extra : "");
}

void ui_menu_open(struct app *a, const char *title, const char *const *items,
		  size_t n, size_t sel, bool stay_open,
		  void (*done)(struct app *, int),
		  bool (*check)(const struct app *, int))
{
	struct ui_input *in = open_input(a, IN_MENU, title);
	size_t i;
	in->items = xcalloc(n, sizeof(*in->items));
	for (i = 0; i < n; i++)
		in->items[i] = xstrdup(items[i]);
	in->nitems = n;
	in->sel = sel < n ? sel : 0;
	in->stay_open = stay_open;
	in->done_index = done;
	in->check = check;
}

void ui_input_open_widget(struct app *a, const struct ui_widget_ops *ops,
			  void *w)
{
	struct ui_input *in = open_input(a, IN_WIDGET, "");
	in->widget_ops = ops;
	in->widget = w;
}

void ui_input_release(struct app *a)
{
	if (a->input)
		a->input->widget = NULL;
	ui_input_close(a);
}

void ui_input_close(struct app *a)
{
	struct ui_input *in = a->input;
	size_t i;
	if (!in)
		return;
	if (a->dialog_needs || a->dialog_uuid[0]) {
		a->dialog_needs = 0;
		a->dialog_uuid[0] = '\0';
		ui_update_needs(a);
	}
	if (in->widget)
		in->widget_ops->free(in->widget);
	for (i = 0; i < in->nitems; i++)
		free(in->items[i]);
	free(in->items);
	free(in->ctx);
	free(in);
	a->input = NULL;
	a->redraw = true;
}

/* Removes the last UTF-8 character of s. */
static void backspace(char *s)
{
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] & 0xC0) == 0x80)
		n--;
	if (n > 0)
		n--;
	s[n] = '\0';
}

static void add_char(char *s, size_t sz, int key)
{
	char mb[MB_LEN_MAX + 1];
	mbstate_t st;
	size_t n, len = strlen(s);
	memset(&st, 0, sizeof(st));
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || len + n + 1 > sz)
		return;
	memcpy(s + len, mb, n);
	s[len + n] = '\0';
}

bool ui_line_edit(char *s, size_t sz, int key)
{
	if (key == UI_FN(KEY_BACKSPACE) || key == 127 || key == UI_CTRL('h'))
		backspace(s);
	else if (key == UI_CTRL('u'))
		s[0] = '\0';
	else if (!UI_IS_FN(key) && key >= ' ')
		add_char(s, sz, key);
	else
		return false;
	return true;
}

static int prompt_key(struct app *a, struct ui_input *in, int key)
{
	void (*done)(struct app *, const char *) = in->done_text;
	char text[sizeof(in->text)];

	if (key == UI_KEY_ENTER || key == '\r' || key == UI_FN(KEY_ENTER)) {
		snprintf(text, sizeof(text), "%s", in->text);
		ui_input_close(a);
		done(a, text);
		return UI_HANDLED;
	}
	if (key == UI_KEY_ESC) {
		ui_input_close(a);
		done(a, NULL);
		return UI_HANDLED;
	}
	if (!ui_line_edit(in->text, sizeof(in->text), key))
		return UI_HANDLED;
	if (in->changed)
		in->changed(a, in->text);
	a->redraw = true;
	return UI_HANDLED;
}

static int confirm_key(struct app *a, struct ui_input *in, int key)
{
	void (*done)(struct app *, void *, int) = in->done_answer;
	void *ctx = in->ctx;
	int answer;
	if (key == 'y' || key == 'Y')
		answer = 'y';
	else if (in->extra_key && key == in->extra_key)
		answer = key;
	else if (key == 'n' || key == 'N' || key == UI_KEY_ESC)
		answer = 0;
	else
		return UI_HANDLED; /* anything else: keep asking; it needs a y */
	/* the context outlives the dialog for as long as done runs: done may
	 * open the next dialog */
	in->ctx = NULL;
	ui_input_close(a);
	done(a, ctx, answer);
	free(ctx);
	return UI_HANDLED;
}

static int menu_key(struct app *a, struct ui_input *in, int key)
{
	void (*done)(struct app *, int) = in->done_index;
	int idx = (int)in->sel;
	size_t i;

	switch (key) {
	case UI_FN(KEY_UP): case 'k':
		if (in->sel > 0)
			in->sel--;
		break;
	case UI_FN(KEY_DOWN): case 'j':
		if (in->sel + 1 < in->nitems)
			in->sel++;
		break;
	case UI_FN(KEY_HOME):
		in->sel = 0;
		break;
	case UI_FN(KEY_END):
		in->sel = in->nitems ? in->nitems - 1 : 0;
		break;
	case UI_KEY_ESC: case 'q':
		/* a toggle list has applied each change already: nothing to
		 * cancel; a pick list reports the cancel */
		if (in->stay_open) {
			ui_input_close(a);
		} else {
			ui_input_close(a);
			done(a, -1);
		}
		return UI_HANDLED;
	case ' ':
		if (!in->stay_open)
			break;
		/* fall through */
	case UI_KEY_ENTER: case '\r': case UI_FN(KEY_ENTER):
		if (!in->nitems)
			break;
		if (in->stay_open) {
			done(a, idx);
		} else {
			ui_input_close(a);
			done(a, idx);
		}
		return UI_HANDLED;
	default:
		/* a menu item's first letter picks it */
		for (i = 0; i < in->nitems && !UI_IS_FN(key); i++)
			if (in->items[i][0] == key) {
				in->sel = i;
				break;
			}
		break;
	}
	a->redraw = true;
	return UI_HANDLED;
}

int ui_input_key(struct app *a, int key)
{
	struct ui_input *in = a->input;
	if (!in)
		return UI_UNHANDLED;
	switch (in->kind) {
	case IN_PROMPT: return prompt_key(a, in, key);
	case IN_CONFIRM: return confirm_key(a, in, key);
	case IN_MENU: return menu_key(a, in, key);
	case IN_WIDGET: return in->widget_ops->key(a, in->widget, key);
	}
	return UI_UNHANDLED;
}

static void draw_menu(struct app *a, WINDOW *w, struct ui_input *in)
{
	int width = fmt_width(in->label) + 4, h, y0, x0, i, top = 0;
	char line[512];
	size_t k;
	for (k = 0; k < in->nitems; k++)
		if (fmt_width(in->items[k]) + 8 > width)
			width = fmt_width(in->items[k]) + 8;
	if (width > a->cols - 2)
		width = a->cols - 2;
	h = (int)in->nitems + 2;
	if (h > a->lines - 2)
		h = a->lines - 2;
	if ((int)in->sel >= top + h - 2)
		top = (int)in->sel - (h - 3);
	y0 = (a->lines - h) / 2;
	x0 = (a->cols - width) / 2;
	wattrset(w, th_attr(TH_COLHEAD));
	mvwaddstr(w, y0, x0, fmt_fit(line, sizeof(line), in->label, width, false, a->ascii));
	for (i = 0; i < h - 2 && top + i < (int)in->nitems; i++) {
		int idx = top + i;
		char item[400];
		if (in->check)
			snprintf(item, sizeof(item), " [%c] %s",
				 in->check(a, idx) ? 'x' : ' ', in->items[idx]);
		else
			snprintf(item, sizeof(item), "  %s", in->items[idx]);
		wattrset(w, idx == (int)in->sel ? th_attr(TH_SELECTION) : th_attr(TH_NORMAL));
		mvwaddstr(w, y0 + 1 + i, x0, fmt_fit(line, sizeof(line), item, width, false, a->ascii));
	}
	wattrset(w, th_attr(TH_COLHEAD));
	mvwaddstr(w, y0 + h - 1, x0,
		  fmt_fit(line, sizeof(line),
			  in->stay_open ? " Enter/Space toggle  Esc close" :
					  " Enter select  Esc cancel",
			  width, false, a->ascii));
	wattrset(w, A_NORMAL);
}

void ui_input_draw(struct app *a, WINDOW *w)
{
	struct ui_input *in = a->input;
	char line[1024], buf[1024];
	if (!in)
		return;
	if (in->kind == IN_MENU) {
		draw_menu(a, w, in);
		return;
	}
	if (in->kind == IN_WIDGET) {
		in->widget_ops->draw(a, w, in->widget);
		return;
	}
	if (in->kind == IN_PROMPT)
		snprintf(buf, sizeof(buf), "%s%s_", in->label, in->text);
	else if (in->extra_key)
		snprintf(buf, sizeof(buf), "%s (y/n, %c: %s)", in->label,
			 in->extra_key, in->extra);
	else
		snprintf(buf, sizeof(buf), "%s (y/n)", in->label);
	wattrset(w, th_attr(in->kind == IN_CONFIRM ? TH_WARNING : TH_STATUS));
	mvwaddstr(w, a->lines - 1, 0, fmt_fit(line, sizeof(line), buf, a->cols, false, a->ascii));
	wattrset(w, A_NORMAL);
}
