/* XML escaping for the documents hvtop writes (guests, disks, snapshots)
 * and unescaping for the values it reads back from libvirt's XML.  Every
 * value taken from the user goes through xml_escape, so a name such as
 * a'><x/>  stays a name and never becomes markup. */
#ifndef HVTOP_COMMON_XML_H
#define HVTOP_COMMON_XML_H

#include <stddef.h>
#include <stdio.h>

/* Appends s with & < > " ' escaped (for text and attribute values). */
void xml_escape(FILE *f, const char *s);
/* The escaped string, malloc'd. */
char *xml_escaped(const char *s);
/* Reverses the five predefined entities and numeric references (for
 * values read from libvirt's XML); malloc'd. */
char *xml_unescape(const char *s, size_t n);

/* Reading libvirt's own XML by hand (it always writes its canonical form,
 * and two or three attributes do not justify a parser): the value of
 * name='...' (or "...") in the tag that starts at t (up to its '>',
 * within end), unescaped and malloc'd; NULL when it has none. */
char *xml_tag_attr(const char *t, const char *end, const char *name);

/* A document being written: open_memstream grows it as needed, and
 * xml_doc_close returns it as one malloc'd string. */
struct xml_doc {
	FILE *f;
	char *buf;
	size_t len;
};
void xml_doc_open(struct xml_doc *d);
char *xml_doc_close(struct xml_doc *d);

/* <tag>escaped value</tag> on its own line, after indent */
void xml_elem(FILE *f, const char *indent, const char *tag, const char *v);
/* " name='escaped value'" */
void xml_attr(FILE *f, const char *name, const char *v);

#endif
