/* The action table and its rules (-r, states), the field checks of the
 * dialogs, the form widget, XML escaping (a name cannot inject markup),
 * the snapshot tree order, and jobs: on their own and running domain
 * operations against libvirt's test driver. */
#include <config.h>
#include <check.h>
#include <fcntl.h>
#include <locale.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <libvirt/libvirt.h>
#include "kvm/hooks.h"
#include "backend/xmldoc.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/batch.h"
#include "ui/form.h"
#include "ui/input.h"
#include "ui/keymap.h"
#include "ui/script.h"
#include "ui/keys.h"
#include "ui/validate.h"
#include "backend/conn.h"
#include "backend/jobs.h"
#include "backend/ops.h"
#include "backend/snapshot.h"
#include "backend/migrate.h"
#include "common/util.h"
#include "common/xml.h"
#include "common/utf8.h"
#include "kvm/domxml.h"

/* --- the action table ------------------------------------------------- */

START_TEST(table_is_consistent)
{
	size_t i, k;
	for (i = 0; i < ui_nactions; i++) {
		const struct action *a = &ui_actions[i];
		/* one way to run it: with its target, or about nothing */
		ck_assert_msg(!a->exec != !a->exec_on, "%s: exec or exec_on", a->name);
		if (a->target != VT_NONE)
			ck_assert_msg(a->exec_on, "%s has a target and no exec_on", a->name);
		ck_assert(a->help && *a->help);
		for (k = i + 1; k < ui_nactions; k++)
			ck_assert_str_ne(a->name, ui_actions[k].name);
		/* the menu is about the selected domain */
		if (a->flags & ACT_MENU)
			ck_assert(a->target == VT_DOMAIN);
		/* states are a domain's */
		if (a->valid_states)
			ck_assert(a->target == VT_DOMAIN);
		/* a confirming action has its question, and only it has one */
		ck_assert_msg(!(a->flags & ACT_CONFIRM) == !a->ask,
			      "%s: ACT_CONFIRM and ask go together", a->name);
		/* what asks changes something, or stops watching a host
		 * (allowed under -r: it changes nothing on the host) */
		if (a->flags & ACT_CONFIRM)
			ck_assert(a->flags & ACT_MUTATES || a->target == VT_HOST);
	}
}
END_TEST

START_TEST(default_keys)
{
	static const char *const want[][2] = {
		{ "a", "action-menu" }, { "<F2>", "action-menu" }, { "c", "create" },
		{ "u", "start" }, { "o", "shutdown" }, { "r", "reboot" },
		{ "X", "destroy" }, { "D", "undefine" }, { "p", "pause-resume" },
		{ "b", "balloon" }, { "n", "snapshot-create" }, { "L", "messages" },
		{ "e", "scheduling" },
		{ "q", "quit" },
	};
	struct ui_keymap *m = ui_keymap_new();
	size_t i;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char err[128];
		struct ui_script *s = ui_script_parse(want[i][0], err, sizeof(err));
		const struct action *act;
		ck_assert_ptr_nonnull(s);
		act = ui_keymap_lookup(m, s->steps[0].key);
		ck_assert_msg(act && strcmp(act->name, want[i][1]) == 0,
			      "%s is not bound to %s", want[i][0], want[i][1]);
		ui_script_free(s);
	}
	ui_keymap_free(m);
}
END_TEST

static int ran, last_answer;
static char ran_on[256];
static void fake_exec(struct app *a)
{
	(void)a;
	ran++;
}

static void fake_exec_on(struct app *a, const struct view_target *t, int answer)
{
	(void)a;
	ran++;
	last_answer = answer;
	snprintf(ran_on, sizeof(ran_on), "%s", t->name);
}

/* an app showing the domain list, one domain selected in the given state */
static void fake_app(struct app *a, struct be_domain *d, int state, bool ro)
{
	static const struct be_domain *rows[1];
	static struct be_sample snap;
	static struct ui_host host;
	static struct ui_host *hosts[1] = { &host };
	memset(a, 0, sizeof(*a));
	memset(d, 0, sizeof(*d));
	d->state = state;
	d->id = state == BE_ST_SHUTOFF ? -1 : 1;
	d->name = (char *)"vm";
	snprintf(d->uuid, sizeof(d->uuid), "00000000-0000-0000-0000-000000000001");
	rows[0] = d;
	a->rows = rows;
	a->nrows = 1;
	memset(&snap, 0, sizeof(snap));
	snap.ndomains = 1;
	snap.domains = d;
	snap.state = BE_CONN_UP;
	memset(&host, 0, sizeof(host));
	host.src.sample = &snap;
	a->nhosts = 1;
	a->hosts = hosts;
	a->readonly = ro;
	a->wake[0] = a->wake[1] = -1;
	a->view = &view_domains;
}

static bool valid(struct app *a, const char *name)
{
	const struct action *act = ui_action_find(name);
	ck_assert_msg(act != NULL, "no action %s", name);
	return ui_action_valid(a, act);
}

static void free_log(struct app *a)
{
	size_t i;
	for (i = 0; i < a->nlog; i++)
		free(a->log[i]);
	free(a->log);
}

START_TEST(valid_by_state)
{
	struct app a;
	struct be_domain d;
	fake_app(&a, &d, BE_ST_RUNNING, false);
	ck_assert(valid(&a, "pause"));
	ck_assert(!valid(&a, "resume"));
	ck_assert(!valid(&a, "start"));
	ck_assert(valid(&a, "shutdown"));
	ck_assert(valid(&a, "destroy"));
	ck_assert(!valid(&a, "undefine"));
	fake_app(&a, &d, BE_ST_PAUSED, false);
	ck_assert(valid(&a, "resume"));
	ck_assert(!valid(&a, "pause"));
	ck_assert(!valid(&a, "shutdown"));
	fake_app(&a, &d, BE_ST_SHUTOFF, false);
	ck_assert(valid(&a, "start"));
	ck_assert(valid(&a, "undefine"));
	ck_assert(!valid(&a, "destroy"));
	ck_assert(!valid(&a, "reboot"));
	/* no domain: nothing that needs one */
	a.nrows = 0;
	ck_assert(!valid(&a, "start"));
	ck_assert(valid(&a, "create"));
}
END_TEST

START_TEST(readonly_hides_and_refuses)
{
	struct app a;
	struct be_domain d;
	struct action fake = { .name = "fake-mutate", .help = "x",
			       .flags = ACT_MUTATES, .exec = fake_exec };
	size_t i;
	fake_app(&a, &d, BE_ST_RUNNING, true);
	for (i = 0; i < ui_nactions; i++)
		if (ui_actions[i].flags & ACT_MUTATES)
			ck_assert_msg(!ui_action_valid(&a, &ui_actions[i]),
				      "%s offered with -r", ui_actions[i].name);
	/* every row that changes something, run as its key would run it:
	 * refused by the action path, with a sentence, and nothing opened */
	for (i = 0; i < ui_nactions; i++) {
		char want[256];
		if (!(ui_actions[i].flags & ACT_MUTATES))
			continue;
		a.nlog = 0;
		a.log = NULL;
		ck_assert_msg(!ui_action_run(&a, &ui_actions[i]), "%s ran with -r",
			      ui_actions[i].name);
		snprintf(want, sizeof(want), "%s: not allowed on a read-only connection (-r)",
			 ui_actions[i].name);
		ck_assert_str_eq(a.status, want);
		ck_assert_msg(a.input == NULL, "%s opened a dialog with -r",
			      ui_actions[i].name);
		free_log(&a);
		a.log = NULL;
	}
	a.nlog = 0;
	ran = 0;
	ck_assert(!ui_action_run(&a, &fake));
	ck_assert_int_eq(ran, 0);
	ck_assert_ptr_nonnull(strstr(a.status, "read-only"));
	ck_assert_uint_eq(a.nlog, 1);
	free_log(&a);
	/* and runs without -r */
	fake_app(&a, &d, BE_ST_RUNNING, false);
	ck_assert(ui_action_run(&a, &fake));
	ck_assert_int_eq(ran, 1);
	free_log(&a);
}
END_TEST

/* read-only is per host: a domain on a read-only host is refused every
 * action that changes something, while -r is off */
START_TEST(readonly_host_refused)
{
	struct app a;
	struct be_domain d;
	struct action fake = { .name = "fake-mutate", .help = "x",
			       .flags = ACT_MUTATES, .target = VT_DOMAIN,
			       .exec_on = fake_exec_on };
	size_t i;
	fake_app(&a, &d, BE_ST_RUNNING, false);
	a.hosts[0]->readonly = true;
	for (i = 0; i < ui_nactions; i++)
		if ((ui_actions[i].flags & ACT_MUTATES) && ui_actions[i].target == VT_DOMAIN)
			ck_assert_msg(!ui_action_valid(&a, &ui_actions[i]),
				      "%s offered on a read-only host", ui_actions[i].name);
	ran = 0;
	ck_assert(!ui_action_run(&a, &fake));
	ck_assert_int_eq(ran, 0);
	ck_assert_str_eq(a.status, "fake-mutate: not allowed on read-only host '?'");
	free_log(&a);
	fake_app(&a, &d, BE_ST_RUNNING, false);
	ck_assert(ui_action_run(&a, &fake));
	ck_assert_int_eq(ran, 1);
	free_log(&a);
}
END_TEST

START_TEST(state_refused_with_reason)
{
	struct app a;
	struct be_domain d;
	fake_app(&a, &d, BE_ST_PAUSED, false);
	ck_assert(!ui_action_run(&a, ui_action_find("reboot")));
	ck_assert_ptr_nonnull(strstr(a.status, "paused"));
	free_log(&a);
}
END_TEST

/* the target kind an action acts on must be selected in the view shown */
START_TEST(target_kind_refused)
{
	struct app a;
	struct be_domain d;
	struct action snap = { .name = "fake-snap", .help = "x",
			       .target = VT_SNAPSHOT, .exec_on = fake_exec_on };
	struct action dom = { .name = "fake-dom", .help = "x",
			      .target = VT_DOMAIN, .exec_on = fake_exec_on };
	struct view_target t;

	fake_app(&a, &d, BE_ST_RUNNING, false);
	ran = 0;
	ck_assert(!ui_action_run(&a, &snap));
	ck_assert_int_eq(ran, 0);
	ck_assert_str_eq(a.status, "fake-snap: no snapshot selected here (view 4 lists them)");
	ck_assert(a.status_err);
	/* the real rows: no job in the domain list, no domain in view 5 */
	ck_assert(!ui_action_run(&a, ui_action_find("job-cancel")));
	ck_assert_str_eq(a.status, "job-cancel: no job selected here (view 5 lists them)");
	ck_assert(!ui_action_run(&a, ui_action_find("snapshot-delete")));
	ck_assert(!ui_action_valid(&a, ui_action_find("snapshot-revert")));
	a.view = &view_jobs;
	ck_assert(!ui_action_run(&a, ui_action_find("destroy")));
	ck_assert_str_eq(a.status, "destroy: no domain selected here");
	ck_assert_ptr_null(a.input);
	/* the domain list selects a domain: it runs on that one */
	a.view = &view_domains;
	ck_assert(ui_action_run(&a, &dom));
	ck_assert_int_eq(ran, 1);
	ck_assert_str_eq(ran_on, "vm");
	/* a snapshot selected: runs */
	memset(&t, 0, sizeof(t));
	t.kinds = VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN) | VT_BIT(VT_SNAPSHOT);
	snprintf(t.name, sizeof(t.name), "other");
	ck_assert(ui_action_run_on(&a, &snap, &t));
	ck_assert_int_eq(ran, 2);
	ck_assert_str_eq(ran_on, "other");
	free_log(&a);
}
END_TEST

/* a target with every kind selected, of the fake app's domain */
static void full_target(struct view_target *t, const struct be_domain *d)
{
	memset(t, 0, sizeof(*t));
	t->kinds = VT_BIT(VT_HOST) | VT_BIT(VT_DOMAIN) | VT_BIT(VT_VCPU) |
		   VT_BIT(VT_SNAPSHOT) | VT_BIT(VT_JOB);
	snprintf(t->uuid, sizeof(t->uuid), "%s", d->uuid);
	snprintf(t->name, sizeof(t->name), "%s", d->name);
	snprintf(t->snapshot, sizeof(t->snapshot), "snap-1");
	t->snap_below = 2;
	t->job = 1;
}

/* a state the action is valid in */
static int valid_state(const struct action *act)
{
	int st;
	for (st = 0; st < BE_ST_COUNT; st++)
		if (!act->valid_states || (act->valid_states & ACT_ST(st)))
			return st;
	return BE_ST_RUNNING;
}

/* the row with its exec replaced by the counter */
static struct action counted(const struct action *row)
{
	struct action c = *row;
	if (c.exec_on)
		c.exec_on = fake_exec_on;
	else
		c.exec = fake_exec;
	return c;
}

/* every confirming row asks, once, through the one dialog: other keys
 * keep asking, n and Esc cancel with a message, y (or its extra answer)
 * runs it once and asks nothing more */
START_TEST(confirm_asked_once_each)
{
	size_t i, n = 0;
	for (i = 0; i < ui_nactions; i++) {
		const struct action *row = &ui_actions[i];
		struct action c = counted(row);
		struct act_ask q;
		struct view_target t;
		struct app a;
		struct be_domain d;
		int cancel, st;
		if (!(row->flags & ACT_CONFIRM))
			continue;
		n++;
		fake_app(&a, &d, valid_state(row), false);
		full_target(&t, &d);
		memset(&q, 0, sizeof(q));
		row->ask(&a, &t, &q);
		ck_assert_msg(strstr(q.text, "'vm'"), "%s: the question '%s' names no domain",
			      row->name, q.text);
		ck_assert_msg(q.cancelled[0], "%s: no word when cancelled", row->name);
		for (cancel = 0; cancel < 2; cancel++) {
			ran = 0;
			ck_assert(ui_action_run_on(&a, &c, &t));
			ck_assert_msg(a.input != NULL, "%s did not ask", row->name);
			ck_assert_int_eq(ran, 0);
			ui_input_key(&a, 'q');
			ck_assert_msg(a.input != NULL, "%s: q answered the question", row->name);
			ui_input_key(&a, cancel ? UI_KEY_ESC : 'n');
			ck_assert_ptr_null(a.input);
			ck_assert_int_eq(ran, 0);
			ck_assert_str_eq(a.status, q.cancelled);
		}
		ran = 0;
		ck_assert(ui_action_run_on(&a, &c, &t));
		ui_input_key(&a, 'y');
		ck_assert_msg(ran == 1, "%s ran %d times on y", row->name, ran);
		ck_assert_int_eq(last_answer, 'y');
		ck_assert_msg(a.input == NULL, "%s asked twice", row->name);
		if (q.extra_key) {
			ran = 0;
			ck_assert(ui_action_run_on(&a, &c, &t));
			ui_input_key(&a, q.extra_key);
			ck_assert_int_eq(ran, 1);
			ck_assert_int_eq(last_answer, q.extra_key);
			ck_assert_ptr_null(a.input);
		}
		/* the state changed while it asked: refused then, not run */
		for (st = 0; st < BE_ST_COUNT && row->valid_states; st++)
			if (!(row->valid_states & ACT_ST(st)))
				break;
		if (row->valid_states && st < BE_ST_COUNT) {
			ran = 0;
			ck_assert(ui_action_run_on(&a, &c, &t));
			d.state = st;
			ui_input_key(&a, 'y');
			ck_assert_msg(ran == 0, "%s ran in a state it refuses", row->name);
			ck_assert_ptr_nonnull(strstr(a.status, "not possible while"));
		}
		ui_input_close(&a);
		free_log(&a);
	}
	/* destroy, undefine, snapshot revert and delete, host remove,
	 * post-copy, auto-converge */
	ck_assert_uint_eq(n, 7);
}
END_TEST

/* and every other row runs at once, asking nothing */
START_TEST(no_confirm_for_the_rest)
{
	size_t i;
	for (i = 0; i < ui_nactions; i++) {
		const struct action *row = &ui_actions[i];
		struct action c = counted(row);
		struct view_target t;
		struct app a;
		struct be_domain d;
		if (row->flags & ACT_CONFIRM)
			continue;
		fake_app(&a, &d, valid_state(row), false);
		full_target(&t, &d);
		ran = 0;
		ck_assert_msg(ui_action_run_on(&a, &c, &t), "%s refused: %s", row->name,
			      a.status);
		ck_assert_msg(ran == 1, "%s did not run at once", row->name);
		ck_assert_msg(a.input == NULL, "%s asked", row->name);
		ck_assert_int_eq(last_answer, 0);
		free_log(&a);
	}
}
END_TEST

/* views' keys: their own table first; a config binding of a view's
 * action goes to that view's table */
START_TEST(view_key_tables)
{
	struct ui_keymap *m = ui_keymap_new();
	const struct action *act;
	char err[256];

	act = ui_keymap_lookup_view(m, &view_snapshots, 'x');
	ck_assert(act && strcmp(act->name, "snapshot-delete") == 0);
	act = ui_keymap_lookup_view(m, &view_snapshots, '\r');
	ck_assert(act && strcmp(act->name, "snapshot-revert") == 0);
	act = ui_keymap_lookup_view(m, &view_jobs, 'x');
	ck_assert(act && strcmp(act->name, "job-cancel") == 0);
	act = ui_keymap_lookup_view(m, &view_help, 'h');
	ck_assert(act && strcmp(act->name, "back") == 0);
	ck_assert_ptr_null(ui_keymap_lookup(m, 'x'));
	ck_assert_ptr_null(ui_keymap_lookup_view(m, &view_domains, 'x'));
	/* rebound: d deletes in view 4, and stays the delay elsewhere */
	ck_assert_int_eq(ui_keymap_bind(m, "d", "snapshot-delete", err, sizeof(err)), 0);
	act = ui_keymap_lookup_view(m, &view_snapshots, 'd');
	ck_assert(act && strcmp(act->name, "snapshot-delete") == 0);
	act = ui_keymap_lookup(m, 'd');
	ck_assert(act && strcmp(act->name, "delay") == 0);
	ck_assert_ptr_null(ui_keymap_lookup_view(m, &view_jobs, 'd'));
	/* a global action stays global */
	ck_assert_int_eq(ui_keymap_bind(m, "<F5>", "up", err, sizeof(err)), 0);
	act = ui_keymap_lookup(m, UI_FN(KEY_F(5)));
	ck_assert(act && strcmp(act->name, "up") == 0);
	ui_keymap_free(m);
}
END_TEST

static int entered, left;
static void count_enter(struct app *a) { (void)a; entered++; }
static void count_leave(struct app *a) { (void)a; left++; }

/* ui_set_view: the view shown leaves, the new one enters, once each */
START_TEST(view_lifecycle)
{
	struct app a;
	struct be_domain d;
	const struct view one = { .name = "one", .title = "x", .key = '8',
				  .enter = count_enter, .leave = count_leave };
	const struct view two = { .name = "two", .title = "x", .key = '9',
				  .enter = count_enter, .leave = count_leave };
	fake_app(&a, &d, BE_ST_RUNNING, false);
	a.nhosts = 0;
	entered = left = 0;
	ui_set_view(&a, &one);
	ck_assert_int_eq(entered, 1);
	ck_assert_int_eq(left, 0);
	ui_set_view(&a, &one);
	ck_assert_int_eq(entered, 1);
	ui_set_view(&a, &two);
	ck_assert_int_eq(entered, 2);
	ck_assert_int_eq(left, 1);
	ck_assert_ptr_eq(a.prev_view, &one);
	ck_assert_ptr_eq(a.view, &two);
}
END_TEST

/* --- field checks ----------------------------------------------------- */

START_TEST(names)
{
	const char *const existing[] = { "web1", "db" };
	char err[256];
	ck_assert_int_eq(ui_valid_name("web2", existing, 2, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_name("caf\xc3\xa9-1", existing, 2, NULL, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_name("", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a name is needed");
	ck_assert_int_eq(ui_valid_name("web1", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "'web1' already exists");
	ck_assert_int_eq(ui_valid_name("a<b", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "'<' is not allowed"));
	ck_assert_int_eq(ui_valid_name("x\"y", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("it's", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("a&b", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("a b", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("a/b", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("-x", existing, 2, NULL, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_name("\xff", existing, 2, NULL, err, sizeof(err)), -1);
}
END_TEST

START_TEST(numbers_and_sizes)
{
	char err[256];
	unsigned v;
	uint64_t k;
	ck_assert_int_eq(ui_valid_vcpus("2", 4, &v, err, sizeof(err)), 0);
	ck_assert_uint_eq(v, 2);
	ck_assert_int_eq(ui_valid_vcpus("0", 4, &v, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "vCPUs must be 1 to 4 (the host's CPUs)");
	ck_assert_int_eq(ui_valid_vcpus("5", 4, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_vcpus("-1", 4, &v, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_vcpus("two", 4, &v, err, sizeof(err)), -1);

	ck_assert_int_eq(ui_valid_mem("512", 4 << 20, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k, 512 * 1024);
	ck_assert_int_eq(ui_valid_mem("1.5G", 4 << 20, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k, 1536 * 1024);
	ck_assert_int_eq(ui_valid_mem("1T", 4 << 20, &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "1.0 TiB is more than the host's 4.0 GiB");
	ck_assert_int_eq(ui_valid_mem("32M", 4 << 20, &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "32 MiB is less than the minimum of 64 MiB");
	ck_assert_int_eq(ui_valid_mem("-1G", 4 << 20, &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a size cannot be negative");
	ck_assert_int_eq(ui_valid_mem("lots", 4 << 20, &k, err, sizeof(err)), -1);

	ck_assert_int_eq(ui_valid_disk_size("10", &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k, 10ULL << 30);
	ck_assert_int_eq(ui_valid_disk_size("512M", &k, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_disk_size("-5G", &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a size cannot be negative");
	ck_assert_int_eq(ui_valid_disk_size("0", &k, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_disk_size("100T", &k, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_disk_size("5Q", &k, err, sizeof(err)), -1);
}
END_TEST

START_TEST(paths)
{
	char err[256], dir[] = "/tmp/hvtop-check-XXXXXX", f[300];
	FILE *fp;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(ui_valid_path("", true, false, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_path("rel/x", true, false, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_path("/no/such/file", true, false, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no such file"));
	/* remote hosts check their own paths */
	ck_assert_int_eq(ui_valid_path("/no/such/file", false, false, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_path(dir, true, false, err, sizeof(err)), -1);
	ck_assert_int_eq(ui_valid_image_dir(dir, true, err, sizeof(err)), -1);
	ck_assert_ptr_nonnull(strstr(err, "no vmlinuz"));
	snprintf(f, sizeof(f), "%s/vmlinuz", dir);
	fp = fopen(f, "w");
	fclose(fp);
	ck_assert_int_eq(ui_valid_path(f, true, false, err, sizeof(err)), 0);
	snprintf(f, sizeof(f), "%s/initrd.img", dir);
	fp = fopen(f, "w");
	fclose(fp);
	ck_assert_int_eq(ui_valid_image_dir(dir, true, err, sizeof(err)), 0);
	unlink(f);
	snprintf(f, sizeof(f), "%s/vmlinuz", dir);
	unlink(f);
	rmdir(dir);
}
END_TEST

START_TEST(balloon_limits)
{
	char err[256];
	uint64_t k;
	ck_assert_int_eq(ui_valid_balloon("300", 512 * 1024, 0, &k, err, sizeof(err)), 0);
	ck_assert_uint_eq(k, 300 * 1024);
	ck_assert_int_eq(ui_valid_balloon("1G", 512 * 1024, 0, &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "1.0 GiB is above the maximum of 512 MiB");
	ck_assert_int_eq(ui_valid_balloon("32", 512 * 1024, 0, &k, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "32 MiB is below the floor of 64 MiB");
	ck_assert_int_eq(ui_valid_balloon("100", 512 * 1024, 200 * 1024, &k, err,
					  sizeof(err)), -1);
	ck_assert_str_eq(err, "100 MiB is below the 200 MiB the guest uses");
}
END_TEST

/* --- the form widget --------------------------------------------------- */

static bool check_abc(struct app *a, struct ui_form *f, const char *t, char *err,
		      size_t n)
{
	(void)a;
	(void)f;
	if (strcmp(t, "abc") == 0)
		return true;
	snprintf(err, n, "want abc");
	return false;
}

static void type(struct app *a, struct ui_form *f, const char *s)
{
	for (; *s; s++)
		ck_assert_int_eq(ui_form_key(a, f, *s), 0);
}

START_TEST(form_keeps_bad_fields)
{
	static const char *const ch[] = { "one", "two" };
	struct app a;
	struct be_domain d;
	struct ui_form *f = ui_form_new("t", NULL, NULL);
	int c, t2;
	fake_app(&a, &d, BE_ST_RUNNING, false);
	ui_form_add_text(f, "x", "x", "", check_abc, NULL);
	c = ui_form_add_choice(f, "c", "c", ch, 2, 0);
	t2 = ui_form_add_text(f, "y", "y", "", check_abc, NULL);
	ui_form_show_when(f, t2, c, 1u << 1);
	/* Enter with a bad field: stays open, the field says why */
	type(&a, f, "ab");
	ck_assert_int_eq(ui_form_key(&a, f, '\n'), 0);
	type(&a, f, "c");
	ck_assert_str_eq(ui_form_get(f, "x"), "abc");
	ck_assert_int_eq(ui_form_key(&a, f, UI_KEY_TAB), 0);
	/* y is hidden (choice "one"): not checked */
	ck_assert(!ui_form_shown(f, "y"));
	ck_assert_int_eq(ui_form_key(&a, f, '\n'), 1);
	/* choose "two": y shows and must pass */
	ck_assert_int_eq(ui_form_key(&a, f, ' '), 0);
	ck_assert_uint_eq(ui_form_choice(f, "c"), 1);
	ck_assert(ui_form_shown(f, "y"));
	ck_assert_int_eq(ui_form_key(&a, f, '\n'), 0);
	type(&a, f, "abc");
	ck_assert_int_eq(ui_form_key(&a, f, '\n'), 1);
	ck_assert_int_eq(ui_form_key(&a, f, UI_KEY_ESC), 2);
	ui_form_free(f);
}
END_TEST

START_TEST(form_steps)
{
	struct app a;
	struct be_domain d;
	struct ui_form *f = ui_form_new("t", NULL, NULL);
	int i;
	fake_app(&a, &d, BE_ST_RUNNING, false);
	i = ui_form_add_text(f, "m", "m", "300", NULL, NULL);
	ui_form_set_step(f, i, 64ULL << 20, 1ULL << 20, 64ULL << 20, 400ULL << 20);
	ui_form_key(&a, f, '-');
	ck_assert_str_eq(ui_form_get(f, "m"), "236");
	ui_form_key(&a, f, '+');
	ui_form_key(&a, f, '+');
	ck_assert_str_eq(ui_form_get(f, "m"), "364");
	ui_form_key(&a, f, '+');
	ck_assert_str_eq(ui_form_get(f, "m"), "400");
	ui_form_free(f);
}
END_TEST

/* --- XML --------------------------------------------------------------- */

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (; (hay = strstr(hay, needle)); hay++)
		n++;
	return n;
}

/* markup that would add a <memory> and open a comment, if not escaped
 * (no '/': libvirt refuses that in names) */
static const char *const nasty = "x'\"><memory unit='KiB'>1<!-- & ";

static struct be_guest spec(const char *name)
{
	struct be_guest s;
	memset(&s, 0, sizeof(s));
	s.type = "test";
	s.name = name;
	s.vcpus = 1;
	s.mem_kib = 131072;
	s.disk_path = "/img/'quoted\" & <disk>.qcow2";
	s.disk_format = "qcow2";
	s.boot = BE_BOOT_KERNEL;
	s.kernel = "/k<ernel>";
	s.net = BE_NET_BRIDGE;
	s.net_source = "br'0";
	s.balloon_stats = true;
	return s;
}

START_TEST(xml_escapes_everything)
{
	struct be_guest s = spec(nasty);
	char *x = kvm_domxml_build(&s, "console=ttyS0 x='1' & y=\"2\""), *u;
	ck_assert_ptr_nonnull(x);
	ck_assert_uint_eq(count(x, "<name>"), 1);
	ck_assert_uint_eq(count(x, "<memory"), 1);
	ck_assert_ptr_nonnull(strstr(x, "<name>x&apos;&quot;&gt;&lt;memory unit=&apos;KiB&apos;"
				     "&gt;1&lt;!-- &amp; </name>"));
	ck_assert_ptr_null(strstr(x, "<!--"));
	ck_assert_ptr_nonnull(strstr(x, "file='/img/&apos;quoted&quot; &amp; &lt;disk&gt;.qcow2'"));
	ck_assert_ptr_nonnull(strstr(x, "bridge='br&apos;0'"));
	{
		const char *e = "a&lt;b&gt;&amp;&quot;&apos;&#233;&#x41;&bogus;";
		u = xml_unescape(e, strlen(e));
	}
	ck_assert_str_eq(u, "a<b>&\"'\xc3\xa9" "A&bogus;");
	free(u);
	free(x);
	x = be_snapshot_xml("s<1>", "it's <b>&", true);
	ck_assert_ptr_nonnull(strstr(x, "<name>s&lt;1&gt;</name>"));
	ck_assert_ptr_nonnull(strstr(x, "<description>it&apos;s &lt;b&gt;&amp;</description>"));
	ck_assert_ptr_nonnull(strstr(x, "<memory snapshot='no'/>"));
	free(x);
	x = be_volume_xml("v'1", 1 << 20, "qcow2");
	ck_assert_ptr_nonnull(strstr(x, "<name>v&apos;1</name>"));
	free(x);
}
END_TEST

/* Found by fuzz_domxml (fuzz/corpus/domxml/crash-bad-utf8): a path with
 * bytes that are not UTF-8 made a document no XML parser takes.  The form
 * refuses such a path; the escaper writes '?' for any byte that slips
 * through, as it does for control characters. */
START_TEST(xml_bad_utf8)
{
	char err[256], *x = xml_escaped("a\xff\xc3\xa9\x01" "b\xed\xa0\x80");
	ck_assert_str_eq(x, "a?\xc3\xa9?b???");
	free(x);
	/* U+FFFF is valid UTF-8 but no XML character; U+FFFD is one */
	x = xml_escaped("\xef\xbf\xbf|\xef\xbf\xbd");
	ck_assert_str_eq(x, "?|\xef\xbf\xbd");
	free(x);
	ck_assert_int_eq(ui_valid_path("/x/\xffy", false, false, err, sizeof(err)), -1);
	ck_assert_str_eq(err, "a path of UTF-8 text without control characters "
			 "is needed (libvirt's XML carries no other)");
	ck_assert_int_eq(ui_valid_path("/x/\xc3\xa9", false, false, err, sizeof(err)), 0);
	ck_assert_int_eq(ui_valid_path("/x/\ny", false, false, err, sizeof(err)), -1);
}
END_TEST

/* libvirt itself reads the name back unchanged: nothing was injected */
START_TEST(xml_survives_libvirt)
{
	struct be_guest s = spec(nasty);
	virConnectPtr c = virConnectOpen("test:///default");
	char *x = kvm_domxml_build(&s, "console=ttyS0 x='1' & y=\"2\"");
	virDomainPtr d;
	virDomainInfo info;
	ck_assert_ptr_nonnull(c);
	d = virDomainDefineXML(c, x);
	ck_assert_msg(d != NULL, "define failed");
	ck_assert_str_eq(virDomainGetName(d), nasty);
	ck_assert_int_eq(virDomainGetInfo(d, &info), 0);
	ck_assert_uint_eq(info.maxMem, 131072);
	virDomainUndefine(d);
	virDomainFree(d);
	virConnectClose(c);
	free(x);
}
END_TEST

/* A random name of 1..24 characters: XML's specials, ASCII, Latin,
 * Greek, CJK, combining marks and characters beyond the BMP, as UTF-8. */
static void random_name(unsigned *seed, char *out, size_t n)
{
	static const int pools[][2] = {
		{ '0', '9' }, { 'A', 'z' }, { 0xc0, 0x17f }, { 0x391, 0x3c9 },
		{ 0x300, 0x36f }, { 0x4e00, 0x4fff }, { 0x1f300, 0x1f64f },
		{ 0x10400, 0x1044f },
	};
	static const char specials[] = "<>&\"' -_.+";
	size_t len = 1 + (size_t)rand_r(seed) % 24, o = 0, i;
	for (i = 0; i < len && o + 5 < n; i++) {
		int k = rand_r(seed) % 10, cp;
		if (k >= 8) {
			cp = specials[rand_r(seed) % (int)(sizeof(specials) - 1)];
		} else {
			cp = pools[k][0] + rand_r(seed) % (pools[k][1] - pools[k][0] + 1);
			if (cp == '\\' || cp == '`' || cp == '^' || cp == '[' || cp == ']')
				cp = 'x';
		}
		if (i == 0 && (cp == ' ' || (cp >= 0x300 && cp <= 0x36f)))
			cp = 'n'; /* libvirt trims no spaces, but a name starts somewhere */
		o += utf8_encode(cp, out + o);
	}
	out[o] = '\0';
	if (out[o - 1] == ' ')
		out[o - 1] = 'e';
}

/* Property: random Unicode names, with <>&"' among them, go through the
 * create and snapshot XML to libvirt and come back identical. */
START_TEST(unicode_names_survive)
{
	virConnectPtr c = virConnectOpen("test:///default");
	unsigned seed = (unsigned)time(NULL);
	int i;
	ck_assert_ptr_nonnull(c);
	printf("unicode_names_survive: seed %u\n", seed);
	for (i = 0; i < 200; i++) {
		char name[256], sname[256];
		struct be_guest g = spec(name);
		char *x;
		virDomainPtr d;
		virDomainSnapshotPtr sn;
		random_name(&seed, name, sizeof(name));
		random_name(&seed, sname, sizeof(sname));
		x = kvm_domxml_build(&g, NULL);
		d = virDomainDefineXML(c, x);
		free(x);
		ck_assert_msg(d != NULL, "libvirt refused the domain named '%s' (seed above)", name);
		ck_assert_str_eq(virDomainGetName(d), name);
		x = be_snapshot_xml(sname, name, false);
		sn = virDomainSnapshotCreateXML(d, x, 0);
		free(x);
		ck_assert_msg(sn != NULL, "libvirt refused the snapshot named '%s'", sname);
		ck_assert_str_eq(virDomainSnapshotGetName(sn), sname);
		virDomainSnapshotDelete(sn, 0);
		virDomainSnapshotFree(sn);
		virDomainUndefineFlags(d, VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA);
		virDomainFree(d);
	}
	virConnectClose(c);
}
END_TEST

/* --- the snapshot tree -------------------------------------------------- */

static void snap(struct be_snapshot *s, const char *name, const char *parent, int64_t t)
{
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->parent = parent ? xstrdup(parent) : NULL;
	s->created = t;
}

START_TEST(tree_order)
{
	struct be_snapshot_list *l = xcalloc(1, sizeof(*l));
	static const char *const want[] = { "root", "a", "a1", "b", "other", "orphan" };
	static const int depth[] = { 0, 1, 2, 1, 0, 0 };
	static const size_t desc[] = { 3, 1, 0, 0, 0, 0 };
	size_t i;
	l->n = 6;
	l->v = xcalloc(6, sizeof(*l->v));
	snap(&l->v[0], "b", "root", 30);
	snap(&l->v[1], "a1", "a", 25);
	snap(&l->v[2], "other", NULL, 40);
	snap(&l->v[3], "a", "root", 20);
	snap(&l->v[4], "root", NULL, 10);
	snap(&l->v[5], "orphan", "gone", 50);
	be_snapshot_tree_order(l);
	for (i = 0; i < 6; i++) {
		ck_assert_str_eq(l->v[i].name, want[i]);
		ck_assert_int_eq(l->v[i].depth, depth[i]);
		ck_assert_uint_eq(l->v[i].ndesc, desc[i]);
	}
	be_snapshot_list_free(l);
}
END_TEST

/* --- jobs -------------------------------------------------------------- */

static int reaped;
static char last_msg[512];
static char last_virsh[512];
static int last_state, last_outcome;

static void on_done(void *ui, struct be_job_info *ji)
{
	(void)ui;
	reaped++;
	last_state = ji->state;
	last_outcome = ji->outcome;
	snprintf(last_msg, sizeof(last_msg), "%s", ji->message ? ji->message : "");
	snprintf(last_virsh, sizeof(last_virsh), "%s", ji->virsh ? ji->virsh : "");
	if (ji->data && ji->kind == 99) {
		free(ji->data); /* taken */
		ji->data = NULL;
	}
}

static int slow(struct be_job *j, void *arg)
{
	int *ms = arg;
	be_job_phase(j, 0.5, "half way");
	if (!be_job_sleep(j, (int64_t)*ms * 1000000))
		return be_job_fail(j, "stopped");
	be_job_data(j, xstrdup("payload"), free);
	be_job_result(j, "slept %d ms", *ms);
	return 0;
}

/* waits for the wake-up pipe and reaps until n jobs were reaped */
static void wait_reaped(struct be_jobs *js, int fd, int n)
{
	int64_t until = mono_ns() + 10000000000LL;
	while (reaped < n && mono_ns() < until) {
		struct pollfd p = { fd, POLLIN, 0 };
		char b[64];
		if (poll(&p, 1, 100) > 0)
			while (read(fd, b, sizeof(b)) > 0)
				;
		be_jobs_reap(js, NULL);
	}
	ck_assert_int_eq(reaped, n);
}

static int wake_pipe[2];

static struct be_jobs *new_jobs(void)
{
	ck_assert_int_eq(pipe2(wake_pipe, O_NONBLOCK), 0);
	return be_jobs_new(wake_pipe[1]);
}

static void free_jobs(struct be_jobs *js)
{
	be_jobs_free(js);
	close(wake_pipe[0]);
	close(wake_pipe[1]);
}

/* The migration's bar never runs backwards though remaining data grows
 * when the guest dirties pages, and stays below 100% until it completes. */
START_TEST(mig_progress_monotonic)
{
	double p = 0;
	p = be_mig_progress(p, 50, 50);
	ck_assert(p > 0.49 && p < 0.51);
	/* pages dirtied again: the naive ratio drops to 1/3 */
	p = be_mig_progress(p, 50, 100);
	ck_assert(p > 0.49 && p < 0.51);
	p = be_mig_progress(p, 100, 0);
	ck_assert(p > 0.98 && p < 1);
	p = be_mig_progress(p, 0, 0);
	ck_assert(p > 0.98 && p < 1);
}
END_TEST

/* stalled once remaining data at iteration starts stopped shrinking by
 * 10% for BE_MIG_STALL_ITERS iterations; shrinking again clears it; the
 * same iteration seen twice counts once */
START_TEST(mig_stall_detection)
{
	struct be_mig_stall s;
	unsigned it = 1;
	memset(&s, 0, sizeof(s));
	ck_assert(!be_mig_stall_step(&s, it++, 1000000));
	ck_assert(!be_mig_stall_step(&s, it++, 100000));
	/* converging: no stall however many iterations */
	ck_assert(!be_mig_stall_step(&s, it++, 50000));
	ck_assert(!be_mig_stall_step(&s, it++, 20000));
	ck_assert(!be_mig_stall_step(&s, it++, 10000));
	/* flat (within 10%) */
	ck_assert(!be_mig_stall_step(&s, it++, 9500));
	ck_assert(!be_mig_stall_step(&s, it, 12000));
	ck_assert(!be_mig_stall_step(&s, it++, 12000));
	ck_assert(be_mig_stall_step(&s, it++, 9800));
	ck_assert(be_mig_stall_step(&s, it - 1, 9800));
	/* a lever worked: it shrinks again */
	ck_assert(!be_mig_stall_step(&s, it++, 2000));
}
END_TEST

START_TEST(jobs_run_off_thread)
{
	struct be_jobs *js = new_jobs();
	struct be_job_info *v;
	int *ms = xmalloc(sizeof(*ms)), *ms2 = xmalloc(sizeof(*ms2));
	struct be_job_spec s = { .kind = 99, .title = "sleep", .run = slow, .arg = ms,
				 .done = on_done, .cancellable = true };
	unsigned id, id2;
	size_t n;
	reaped = 0;
	*ms = 200;
	*ms2 = 100000;
	id = be_jobs_start(js, &s);
	ck_assert_uint_ne(id, 0);
	/* the caller is not held up: the job runs */
	n = be_jobs_list(js, &v);
	ck_assert_uint_eq(n, 1);
	ck_assert_int_eq(v[0].state, BE_JOB_RUNNING);
	be_job_infos_free(v, n);
	wait_reaped(js, wake_pipe[0], 1);
	ck_assert_int_eq(last_state, BE_JOB_DONE);
	ck_assert_str_eq(last_msg, "slept 200 ms");
	/* a long one, cancelled */
	s.arg = ms2;
	id2 = be_jobs_start(js, &s);
	ck_assert_int_eq(be_jobs_cancel(js, id2), 0);
	wait_reaped(js, wake_pipe[0], 2);
	ck_assert_int_eq(last_state, BE_JOB_CANCELLED);
	n = be_jobs_list(js, &v);
	ck_assert_uint_eq(n, 2);
	ck_assert(v[0].end_ns >= v[0].start_ns);
	ck_assert_double_eq(v[0].progress, 1);
	be_job_infos_free(v, n);
	free_jobs(js);
}
END_TEST

/* --- operations against the test driver --------------------------------- */

static struct be_conn *test_conn(void)
{
	char *err = NULL;
	struct be_conn *c;
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
	c = be_conn_open("test:///default", false, 0, &err);
	ck_assert_msg(c != NULL, "%s", err ? err : "?");
	return c;
}

/* --json lists the jobs while there are any, with null for the figures
 * only a migration has */
START_TEST(json_jobs)
{
	struct app a;
	struct be_domain d;
	struct ui_mgmt m;
	int *ms = xmalloc(sizeof(*ms));
	struct be_job_spec s = { .kind = BE_OP_SNAP_CREATE, .title = "snapshot",
				 .domain = "vm", .run = slow, .arg = ms };
	char *out = NULL;
	size_t len = 0;
	FILE *f;
	fake_app(&a, &d, BE_ST_RUNNING, false);
	a.hosts[0]->conn = test_conn();
	memset(&m, 0, sizeof(m));
	m.jobs = new_jobs();
	a.mgmt = &m;
	*ms = 100000;
	f = open_memstream(&out, &len);
	batch_json(f, &a); /* no jobs yet: no jobs[] */
	fclose(f);
	ck_assert_ptr_null(strstr(out, "\"jobs\""));
	free(out);
	ck_assert_uint_ne(be_jobs_start(m.jobs, &s), 0);
	f = open_memstream(&out, &len);
	batch_json(f, &a);
	fclose(f);
	ck_assert_msg(strstr(out, ",\"jobs\":[{\"id\":1,\"kind\":\"snapshot\","
			      "\"domain\":\"vm\",\"host\":0,\"dest\":null,"
			      "\"state\":\"running\",") != NULL, "%s", out);
	ck_assert_msg(strstr(out, "\"data_total\":null,\"data_processed\":null,"
			      "\"data_remaining\":null,\"dirty_rate_bps\":null,"
			      "\"iteration\":null,\"downtime_ms\":null,"
			      "\"eta_s\":null,\"error\":null}]}") != NULL, "%s", out);
	free(out);
	be_jobs_cancel(m.jobs, 1);
	free_jobs(m.jobs);
	be_conn_free(a.hosts[0]->conn);
	a.hosts[0]->conn = NULL;
	free(a.log);
}
END_TEST


START_TEST(ops_lifecycle_and_gone)
{
	struct be_conn *c = test_conn();
	struct be_jobs *js = new_jobs();
	virConnectPtr vc = virConnectOpen("test:///default");
	virDomainPtr d = virDomainLookupByName(vc, "test");
	char uuid[VIR_UUID_STRING_BUFLEN];
	struct be_op_target t = { c, 0, uuid, "test" };
	int st, reason;

	reaped = 0;
	ck_assert_ptr_nonnull(d);
	virDomainGetUUIDString(d, uuid);
	be_op_lifecycle(js, &t, BE_OP_SUSPEND, 0, on_done);
	wait_reaped(js, wake_pipe[0], 1);
	ck_assert_int_eq(last_state, BE_JOB_DONE);
	virDomainGetState(d, &st, &reason, 0);
	ck_assert_int_eq(st, VIR_DOMAIN_PAUSED);
	/* what it amounts to in virsh, for the message log */
	ck_assert_str_eq(last_virsh, "virsh -c test:///default suspend test");
	be_op_lifecycle(js, &t, BE_OP_RESUME, 0, on_done);
	wait_reaped(js, wake_pipe[0], 2);
	virDomainGetState(d, &st, &reason, 0);
	ck_assert_int_eq(st, VIR_DOMAIN_RUNNING);
	be_op_setmem(js, &t, 1024 * 1024, on_done);
	wait_reaped(js, wake_pipe[0], 3);
	ck_assert_str_eq(last_msg, "memory of 'test' set to 1024 MiB");
	ck_assert_str_eq(last_virsh, "virsh -c test:///default setmem test 1048576 --current");
	/* resuming a running domain: libvirt's reason, in one sentence */
	be_op_lifecycle(js, &t, BE_OP_RESUME, 0, on_done);
	wait_reaped(js, wake_pipe[0], 4);
	ck_assert_int_eq(last_state, BE_JOB_FAILED);
	ck_assert_msg(strncmp(last_msg, "cannot resume 'test': ", 22) == 0, "%s", last_msg);
	/* a domain gone since it was selected */
	t.uuid = "6f3c0000-dead-4000-8000-000000000000";
	t.name = "ghost";
	be_op_lifecycle(js, &t, BE_OP_DESTROY, 0, on_done);
	wait_reaped(js, wake_pipe[0], 5);
	ck_assert_int_eq(last_state, BE_JOB_FAILED);
	ck_assert_int_eq(last_outcome, BE_OUT_GONE);
	ck_assert_str_eq(last_msg, "domain 'ghost' no longer exists");
	ck_assert_str_eq(last_virsh, "virsh -c test:///default destroy ghost");
	virDomainFree(d);
	virConnectClose(vc);
	free_jobs(js);
	be_conn_free(c);
}
END_TEST

START_TEST(ops_create_escaped_and_undefine)
{
	struct be_conn *c = test_conn();
	struct be_jobs *js = new_jobs();
	struct be_create_req *q = xcalloc(1, sizeof(*q));
	virConnectPtr vc = virConnectOpen("test:///default");
	virDomainPtr d;
	virStorageVolPtr vol;
	char uuid[VIR_UUID_STRING_BUFLEN];
	struct be_op_target t = { c, 0, uuid, nasty };
	struct be_storage rm = { 0, NULL };
	char *path;

	reaped = 0;
	/* the backend takes any name libvirt takes: escaping keeps it a name */
	q->name = xstrdup(nasty);
	q->vcpus = 1;
	q->mem_kib = 128 * 1024;
	q->disk = BE_DISK_NEW;
	q->disk_bytes = 1 << 30;
	q->boot = BE_BOOT_DISK;
	q->net = BE_NET_USER;
	q->start = true;
	be_op_create(js, c, 0, q, on_done);
	wait_reaped(js, wake_pipe[0], 1);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	d = virDomainLookupByName(vc, nasty);
	ck_assert_ptr_nonnull(d);
	ck_assert_int_eq(virDomainIsActive(d), 1);
	virDomainGetUUIDString(d, uuid);
	path = xasprintf("/default-pool/%s.qcow2", nasty);
	vol = virStorageVolLookupByPath(vc, path);
	ck_assert_ptr_nonnull(vol);
	virStorageVolFree(vol);
	/* undefine with its storage */
	virDomainDestroy(d);
	rm.n = 1;
	rm.paths = &path;
	be_op_undefine(js, &t, &rm, on_done);
	wait_reaped(js, wake_pipe[0], 2);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	ck_assert_ptr_null(virStorageVolLookupByPath(vc, path));
	free(path);
	virDomainFree(d);
	virConnectClose(vc);
	free_jobs(js);
	be_conn_free(c);
}
END_TEST

static struct be_snapshot_list *got_list;

static void on_list(void *ui, struct be_job_info *ji)
{
	on_done(ui, ji);
	be_snapshot_list_free(got_list);
	got_list = ji->data;
	ji->data = NULL;
}

START_TEST(ops_snapshots)
{
	struct be_conn *c = test_conn();
	struct be_jobs *js = new_jobs();
	virConnectPtr vc = virConnectOpen("test:///default");
	virDomainPtr d = virDomainLookupByName(vc, "test");
	char uuid[VIR_UUID_STRING_BUFLEN];
	struct be_op_target t = { c, 0, uuid, "test" };

	reaped = 0;
	virDomainGetUUIDString(d, uuid);
	be_snap_op_create(js, &t, "s1", "first <one> & 'only'", false, on_done);
	wait_reaped(js, wake_pipe[0], 1);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	be_snap_op_create(js, &t, "s2", NULL, true, on_done);
	wait_reaped(js, wake_pipe[0], 2);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	/* the test driver keeps memory whatever was asked: the result says */
	ck_assert_str_eq(last_msg, "snapshot 's2' of 'test' created (with memory: "
			 "the driver keeps it)");
	be_snap_op_list(js, &t, on_list);
	wait_reaped(js, wake_pipe[0], 3);
	ck_assert_ptr_nonnull(got_list);
	ck_assert_uint_eq(got_list->n, 2);
	ck_assert_str_eq(got_list->v[0].name, "s1");
	ck_assert_str_eq(got_list->v[0].description, "first <one> & 'only'");
	ck_assert(got_list->v[0].memory);
	ck_assert_str_eq(got_list->v[1].parent, "s1");
	ck_assert(got_list->v[1].current);
	be_snap_op_revert(js, &t, "s1", on_done);
	wait_reaped(js, wake_pipe[0], 4);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	be_snap_op_delete(js, &t, "s1", true, on_done);
	wait_reaped(js, wake_pipe[0], 5);
	ck_assert_msg(last_state == BE_JOB_DONE, "%s", last_msg);
	be_snap_op_list(js, &t, on_list);
	wait_reaped(js, wake_pipe[0], 6);
	ck_assert_uint_eq(got_list->n, 0);
	be_snap_op_delete(js, &t, "s1", false, on_done);
	wait_reaped(js, wake_pipe[0], 7);
	ck_assert_str_eq(last_msg, "snapshot 's1' of 'test' no longer exists");
	be_snapshot_list_free(got_list);
	got_list = NULL;
	virDomainFree(d);
	virConnectClose(vc);
	free_jobs(js);
	be_conn_free(c);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("actions");
	TCase *t = tcase_create("table");
	SRunner *r;
	int failed;

	/* UTF-8 names are letters too */
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	tcase_add_test(t, table_is_consistent);
	tcase_add_test(t, default_keys);
	tcase_add_test(t, valid_by_state);
	tcase_add_test(t, readonly_host_refused);
	tcase_add_test(t, readonly_hides_and_refuses);
	tcase_add_test(t, state_refused_with_reason);
	tcase_add_test(t, target_kind_refused);
	tcase_add_test(t, confirm_asked_once_each);
	tcase_add_test(t, no_confirm_for_the_rest);
	tcase_add_test(t, view_key_tables);
	tcase_add_test(t, view_lifecycle);
	suite_add_tcase(s, t);
	t = tcase_create("checks");
	tcase_add_test(t, names);
	tcase_add_test(t, numbers_and_sizes);
	tcase_add_test(t, paths);
	tcase_add_test(t, balloon_limits);
	tcase_add_test(t, form_keeps_bad_fields);
	tcase_add_test(t, form_steps);
	suite_add_tcase(s, t);
	t = tcase_create("xml");
	tcase_add_test(t, xml_escapes_everything);
	tcase_add_test(t, xml_bad_utf8);
	tcase_add_test(t, unicode_names_survive);
	tcase_add_test(t, xml_survives_libvirt);
	tcase_add_test(t, tree_order);
	suite_add_tcase(s, t);
	t = tcase_create("jobs");
	tcase_set_timeout(t, 30);
	tcase_add_test(t, jobs_run_off_thread);
	tcase_add_test(t, json_jobs);
	tcase_add_test(t, ops_lifecycle_and_gone);
	tcase_add_test(t, ops_create_escaped_and_undefine);
	tcase_add_test(t, ops_snapshots);
	tcase_add_test(t, mig_progress_monotonic);
	tcase_add_test(t, mig_stall_detection);
	suite_add_tcase(s, t);
	r = srunner_create(s);
	srunner_run_all(r, CK_NORMAL);
	failed = srunner_ntests_failed(r);
	srunner_free(r);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
