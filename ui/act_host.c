/* Hosts while hvtop runs: add one (a form: URI, read-only), remove one
 * (asks; its guests keep running), and show one host's domains only.
 * Adding never waits for the host: it connects on its own thread and view
 * 6 shows it connecting meanwhile. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/actions.h"
#include "ui/app.h"
#include "ui/form.h"
#include "views/view.h"
#include "backend/conn.h"
#include "common/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool check_uri(struct app *a, struct ui_form *f, const char *text,
		      char *err, size_t errsz)
{
	(void)a;
	(void)f;
	/* libvirt says the rest when it connects: a driver, then "://" */
	if (!text[0] || !strstr(text, ":/") || strchr(text, ' ')) {
		snprintf(err, errsz, "a libvirt URI such as qemu+ssh://host/system");
		return false;
	}
	return true;
}

static bool add_submit(struct app *a, struct ui_form *f)
{
	const char *uri = ui_form_get(f, "uri");
	bool ro = a->readonly || ui_form_on(f, "readonly");
	char *err = NULL;
	int id = ui_host_open(a, uri, ro, &err);
	free(err);
	a->host_sel = a->nhosts ? a->nhosts - 1 : 0;
	ui_update_needs(a);
	ui_status(a, false, "host %d added, connecting: %s (virsh -c %s%s)", id, uri,
		  uri, ro ? " -r" : "");
	return true;
}

ACT_ON(act_host_add)
{
	struct ui_form *f = ui_form_new("Add a host", NULL, NULL);
	(void)t;
	(void)answer;
	ui_form_set_action(f, "add");
	ui_form_add_text(f, "uri", "URI", "", check_uri,
			 "qemu+ssh://host/system, qemu:///system...");
	if (a->readonly)
		ui_form_add_info(f, "ro", "read-only", "yes (-r)");
	else
		ui_form_add_toggle(f, "readonly", "read-only", false);
	ui_form_open(a, f, add_submit);
}

ACT_ASK(ask_host_remove)
{
	(void)a;
	snprintf(q->text, sizeof(q->text),
		 "Stop watching host %u '%s'? Its guests keep running", t->host,
		 t->name);
	snprintf(q->cancelled, sizeof(q->cancelled), "host %u kept", t->host);
}

ACT_ON(act_host_remove)
{
	(void)answer;
	/* a host that does not answer is let go, not waited for */
	if (ui_host_remove(a, t->host) < 0) {
		ui_status(a, true, "host %u is no longer there", t->host);
		return;
	}
	ui_rows_rebuild(a);
	ui_status(a, false, "host %u removed: %s (its guests keep running)", t->host,
		  t->name);
}

ACT_ON(act_host_domains)
{
	(void)answer;
	a->host_only = true;
	a->host_only_id = t->host;
	ui_rows_rebuild(a);
	ui_set_view(a, &view_domains);
	ui_status(a, false, "domains of host %u only: %s (Esc shows every host)",
		  t->host, t->name);
}
