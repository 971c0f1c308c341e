#include "config.h"
#include "ui/batch.h"
#include "ui/app.h"

void batch_text(FILE *f, struct app *a) { (void)f; (void)a; }
void batch_csv_header(FILE *f, struct app *a) { (void)f; (void)a; }
void batch_csv_row(FILE *f, struct app *a) { (void)f; (void)a; }
void batch_json(FILE *f, struct app *a) { (void)f; (void)a; }
