/* Hosts with stable ids (ui/hosts.h): added and removed while hvtop runs,
 * domains known by (host id, uuid), read-only per host, the selection
 * following a domain to another host; and every host run as a source. */
#include <config.h>
#include <check.h>
#include "tests/check_run.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ui/app.h"
#include "ui/hosts.h"
#include "views/view.h"
#include "views/hosts.h"
#include "backend/conn.h"
#include "backend/history.h"
#include "kvm/hooks.h"

static void app_init(struct app *a)
{
	memset(a, 0, sizeof(*a));
	a->set.delay_ms = 1000;
	a->view = a->back_view = &view_domains;
	a->hist = be_history_new(10);
	ck_assert_int_eq(be_init(kvm_conn_hooks()), 0);
}

static void app_done(struct app *a)
{
	ui_hosts_free(a);
	free(a->rows);
	be_history_free(a->hist);
}

static int open_host(struct app *a, bool readonly)
{
	char *err = NULL;
	int id = ui_host_open(a, "test:///default", readonly, &err);
	ck_assert_msg(id >= 0, "%s", err ? err : "?");
	return id;
}

/* The header's QMP total waits for every connected local host's figure:
 * a sum over those measured so far would undercount (it read 0.0 with a
 * busy guest on the host not measured yet). */
START_TEST(qmp_total_waits_for_every_host)
{
	struct app a;
	char buf[64];
	int dummy;
	app_init(&a);
	ck_assert_int_eq(open_host(&a, false), 0);
	ck_assert_int_eq(open_host(&a, false), 1);
	ui_hosts_step(&a);
	ck_assert_ptr_nonnull(ui_host_sample(&a, 0));
	ck_assert_ptr_nonnull(ui_host_sample(&a, 1));
	/* counting on (the counter itself is not read here) */
	a.qmp = (struct kvm_qmp *)&dummy;
	a.hosts[0]->qmp_pid = 111;
	a.hosts[1]->qmp_pid = 222;
	a.hosts[0]->qmp_per_sample = -1;
	a.hosts[1]->qmp_per_sample = 0.0;
	ui_qmp_kind.cost(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, "");
	a.hosts[0]->qmp_per_sample = 5.0;
	ui_qmp_kind.cost(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, ", QMP 5.0/refresh");
	/* a host not answering is left out, as before */
	a.hosts[0]->qmp_per_sample = -1;
	a.hosts[0]->silent = true;
	ui_qmp_kind.cost(&a, buf, sizeof(buf));
	ck_assert_str_eq(buf, ", QMP 0.0/refresh");
	a.qmp = NULL;
	app_done(&a);
}
END_TEST

START_TEST(ids_stay_when_hosts_come_and_go)
{
	struct app a;
	const struct be_sample *s;
	char uuid[40];
	app_init(&a);
	ck_assert_int_eq(open_host(&a, false), 0);
	ck_assert_int_eq(open_host(&a, false), 1);
	ui_hosts_step(&a);
	ui_rows_rebuild(&a);
	/* test:///default holds one domain, "test": one row per host */
	ck_assert_uint_eq(a.nrows, 2);
	s = ui_host_sample(&a, 1);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->host, 1);
	ck_assert_uint_eq(s->domains[0].host, 1);
	snprintf(uuid, sizeof(uuid), "%s", s->domains[0].uuid);

	ck_assert_int_eq(ui_host_remove(&a, 0), 0);
	ck_assert_uint_eq(a.nrows, 0); /* nothing points into its samples */
	ck_assert_int_eq(ui_host_remove(&a, 0), -1);
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nhosts, 1);
	ck_assert_uint_eq(a.nsources, 1);
	/* host 1 is still host 1, and its domain is found by (1, uuid) */
	ck_assert_ptr_nonnull(ui_find_domain(&a, 1, uuid));
	ck_assert_ptr_null(ui_find_domain(&a, 0, uuid));
	ck_assert_uint_eq(a.nrows, 1);
	ck_assert_uint_eq(a.rows[0]->host, 1);
	/* an id is never reused */
	ck_assert_int_eq(open_host(&a, false), 2);
	ui_hosts_step(&a);
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nrows, 2);
	ck_assert_ptr_nonnull(ui_find_domain(&a, 2, uuid));
	app_done(&a);
}
END_TEST

/* a test-driver host holding the named domains (uuids given) */
static char *fixture(const char *dir, const char *file, const char *a_name,
		     const char *a_uuid, const char *b_name, const char *b_uuid)
{
	char *path = NULL, *uri = NULL;
	FILE *f;
	ck_assert_int_ge(asprintf(&path, "%s/%s", dir, file), 0);
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "<node>\n");
	fprintf(f, "<domain type='test'><name>%s</name><uuid>%s</uuid>"
		"<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
		"</domain>\n", a_name, a_uuid);
	fprintf(f, "<domain type='test'><name>%s</name><uuid>%s</uuid>"
		"<memory>131072</memory><vcpu>1</vcpu><os><type>hvm</type></os>"
		"</domain>\n", b_name, b_uuid);
	fprintf(f, "</node>\n");
	fclose(f);
	ck_assert_int_ge(asprintf(&uri, "test://%s", path), 0);
	free(path);
	return uri;
}

#define MOVER "11111111-2222-3333-4444-555555555555"

START_TEST(selection_follows_a_domain_to_another_host)
{
	struct app a;
	char dir[] = "/tmp/hvtop-hosts-XXXXXX", *u0, *u1, *err = NULL;
	size_t i;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	/* "mover" on host 0 before, and on host 1 after a migration: sorted
	 * by name, the row where it was selected is "zzz"'s afterwards */
	u0 = fixture(dir, "h0.xml", "aaa0", "aaaaaaaa-0000-0000-0000-000000000000",
		     "mover", MOVER);
	u1 = fixture(dir, "h1.xml", "mover", MOVER,
		     "zzz", "ffffffff-0000-0000-0000-000000000000");
	app_init(&a);
	a.set.sort = SORT_NAME;
	ck_assert_int_eq(ui_host_open(&a, u0, false, &err), 0);
	ck_assert_int_eq(ui_host_open(&a, u1, false, &err), 1);
	ui_hosts_step(&a);
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nrows, 4);
	for (i = 0; i < a.nrows; i++)
		if (a.rows[i]->host == 0 && strcmp(a.rows[i]->uuid, MOVER) == 0)
			break;
	ck_assert_uint_eq(i, 1);
	a.sel = i;
	a.sel_host = 0;
	snprintf(a.sel_uuid, sizeof(a.sel_uuid), "%s", MOVER);
	ui_host_remove(&a, 0);
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nrows, 2);
	ck_assert_ptr_nonnull(ui_selected(&a));
	ck_assert_str_eq(ui_selected(&a)->name, "mover");
	ck_assert_uint_eq(ui_selected(&a)->host, 1);
	ck_assert_uint_eq(a.sel_host, 1);
	app_done(&a);
	free(u0);
	free(u1);
	{
		char *cmd = NULL;
		ck_assert_int_ge(asprintf(&cmd, "rm -rf '%s'", dir), 0);
		ck_assert_int_eq(system(cmd), 0);
		free(cmd);
	}
}
END_TEST

START_TEST(readonly_is_per_host)
{
	struct app a;
	app_init(&a);
	open_host(&a, true);
	open_host(&a, false);
	ck_assert(ui_host_readonly(&a, 0));
	ck_assert(!ui_host_readonly(&a, 1));
	ck_assert(ui_host_readonly(&a, 7)); /* no such host: nothing to change */
	a.readonly = true;                  /* -r covers every host */
	ck_assert(ui_host_readonly(&a, 1));
	app_done(&a);
}
END_TEST

/* the loop's path: started sources wake the fd, and take() hands over
 * one sample per host */
START_TEST(hosts_run_as_sources)
{
	struct app a;
	char b;
	int n = 0;
	app_init(&a);
	ck_assert_int_eq(pipe(a.wake), 0);
	open_host(&a, false);
	ui_sources_start(&a);
	open_host(&a, false); /* added while running: started at once */
	while (n < 2) {
		ck_assert_int_eq(read(a.wake[0], &b, 1), 1);
		ui_sources_take(&a);
		n = (ui_host_sample(&a, 0) != NULL) + (ui_host_sample(&a, 1) != NULL);
	}
	ck_assert_uint_eq(ui_host_sample(&a, 1)->host, 1);
	app_done(&a);
	close(a.wake[0]);
	close(a.wake[1]);
}
END_TEST

/* adding a host never fails or waits: one that cannot be reached is a host
 * whose samples say so (failed, with the sentence), without domains; a
 * host that answers says connected, with no wait */
START_TEST(a_host_that_fails_is_a_host_that_says_so)
{
	struct app a;
	char *err = NULL, text[64];
	const struct be_sample *s;
	app_init(&a);
	ck_assert_int_eq(ui_host_open(&a, "test:///nonexistent/hosts.xml", false, &err), 0);
	ck_assert_int_eq(ui_host_open(&a, "test:///default", false, &err), 1);
	ck_assert_str_eq(view_host_state(a.hosts[0], text, sizeof(text)), "connecting");
	ui_hosts_step(&a);
	ck_assert(!ui_hosts_poll(&a));
	s = ui_host_sample(&a, 0);
	ck_assert_int_eq(s->state, BE_CONN_DOWN);
	ck_assert_ptr_nonnull(strstr(s->error, "cannot read '/nonexistent/hosts.xml'"));
	ck_assert_str_eq(view_host_state(a.hosts[0], text, sizeof(text)), "failed");
	ck_assert_str_eq(view_host_state(a.hosts[1], text, sizeof(text)), "connected");
	ck_assert_int_eq(be_conn_waiting_ns(a.hosts[1]->conn), 0);
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nrows, 1);
	ck_assert_uint_eq(a.rows[0]->host, 1);
	/* Enter in view 6: one host's domains only */
	a.host_only = true;
	a.host_only_id = 0;
	ui_rows_rebuild(&a);
	ck_assert_uint_eq(a.nrows, 0);
	app_done(&a);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("hosts");
	TCase *t = tcase_create("hosts");
	tcase_add_test(t, ids_stay_when_hosts_come_and_go);
	tcase_add_test(t, qmp_total_waits_for_every_host);
	tcase_add_test(t, selection_follows_a_domain_to_another_host);
	tcase_add_test(t, readonly_is_per_host);
	tcase_add_test(t, hosts_run_as_sources);
	tcase_add_test(t, a_host_that_fails_is_a_host_that_says_so);
	tcase_set_timeout(t, 30);
	suite_add_tcase(s, t);
	return check_run(s);
}
