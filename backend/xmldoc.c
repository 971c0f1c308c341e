#include <config.h>
#include "backend/xmldoc.h"
#include "common/xml.h"

#include <inttypes.h>

char *be_volume_xml(const char *name, uint64_t capacity, const char *format)
{
	struct xml_doc d;
	xml_doc_open(&d);
	fputs("<volume>\n", d.f);
	xml_elem(d.f, "  ", "name", name);
	fprintf(d.f, "  <capacity unit='bytes'>%" PRIu64 "</capacity>\n", capacity);
	fputs("  <target>\n    <format", d.f);
	xml_attr(d.f, "type", format ? format : "qcow2");
	fputs("/>\n  </target>\n</volume>\n", d.f);
	return xml_doc_close(&d);
}

char *be_snapshot_xml(const char *name, const char *description,
			bool disk_only)
{
	struct xml_doc d;
	xml_doc_open(&d);
	fputs("<domainsnapshot>\n", d.f);
	xml_elem(d.f, "  ", "name", name);
	if (description && *description)
		xml_elem(d.f, "  ", "description", description);
	if (disk_only)
		fputs("  <memory snapshot='no'/>\n", d.f);
	fputs("</domainsnapshot>\n", d.f);
	return xml_doc_close(&d);
}
