/* libFuzzer: the domain-XML builder on what the create form lets through.
 * The input is split at NUL bytes into the form's texts, each checked by
 * the form's own validator first; what passes must give a document that
 * libxml2 parses, whose <name> is the name given, byte for byte. */
#include <config.h>
#include "backend/hooks.h"
#include "kvm/domxml.h"
#include "ui/validate.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void quiet(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static xmlNode *child(xmlNode *n, const char *name)
{
	for (n = n ? n->children : NULL; n; n = n->next)
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, name) == 0)
			return n;
	return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512];
	char *text = malloc(size + 1);
	const char *f[6];
	size_t nf = 0, i;
	struct be_guest g = { 0 };
	char *xml;
	xmlDoc *doc;
	xmlChar *name;

	if (!text)
		return 0;
	xmlSetGenericErrorFunc(NULL, quiet);
	memcpy(text, data, size);
	text[size] = '\0';
	f[nf++] = text;
	for (i = 0; i < size && nf < 6; i++)
		if (text[i] == '\0')
			f[nf++] = text + i + 1;
	while (nf < 6)
		f[nf++] = "";

	g.type = "qemu";
	g.name = f[0];
	g.vcpus = 1;
	g.mem_kib = 256 * 1024;
	g.boot = (enum be_boot_mode)(size % 3);
	g.net = (enum be_net_mode)(size % 4);
	if (ui_valid_name(f[0], NULL, 0, "domain", err, sizeof(err)) < 0)
		goto out;
	/* paths as the form takes them for a remote host: form only */
	if (ui_valid_path(f[1], false, false, err, sizeof(err)) == 0)
		g.disk_path = f[1];
	if (ui_valid_path(f[2], false, false, err, sizeof(err)) == 0) {
		g.kernel = f[2];
		g.iso = f[2];
	}
	if (ui_valid_path(f[3], false, false, err, sizeof(err)) == 0)
		g.initrd = f[3];
	if (ui_valid_path(f[4], false, false, err, sizeof(err)) == 0)
		g.serial_log = f[4];
	g.net_source = f[5];
	g.profile = f[5];
	g.balloon_stats = size & 1;

	xml = kvm_domxml_build(&g, f[5]);
	if (!xml)
		abort();
	doc = xmlReadMemory(xml, (int)strlen(xml), "domain.xml", NULL,
			    XML_PARSE_NONET);
	if (!doc)
		abort(); /* not XML */
	name = xmlNodeGetContent(child(xmlDocGetRootElement(doc), "name"));
	if (!name || strcmp((const char *)name, g.name) != 0)
		abort(); /* the name did not come back */
	xmlFree(name);
	xmlFreeDoc(doc);
	free(xml);
out:
	free(text);
	return 0;
}
