/* Output without curses: text frames (-b), CSV (--csv), JSON (--json). */
#ifndef HVTOP_BATCH_H
#define HVTOP_BATCH_H

#include <stdbool.h>
#include <stdio.h>

struct app;

/* The stat groups the chosen outputs print (set before the first sample,
 * so every rate is known from the second). */
unsigned batch_needs(const struct app *a, bool json, bool csv);

/* One text frame: virt-top's header and the domains view's columns, as
 * plain text (no escape sequences), then a blank line. */
void batch_text(FILE *f, struct app *a);
/* virt-top's CSV: a header line once, then one line per sample. */
void batch_csv_header(FILE *f, struct app *a);
void batch_csv_row(FILE *f, struct app *a);
/* One JSON object per sample, on one line (PRODUCT.md's field names). */
void batch_json(FILE *f, struct app *a);
/* --slices: the CSV header, then each sample's new slices. */
void batch_slices_header(FILE *f);
void batch_slices(FILE *f, struct app *a);

#endif
