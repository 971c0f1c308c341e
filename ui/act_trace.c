/* w in view 1: the time slices the view shows (the last 60 s, or the
 * frozen picture's) as a trace file in the state directory, where a
 * session over SSH finds it again and nothing lands in whatever
 * directory hvtop was started from. */
#include <config.h>
#include "ui/act_vm.h"
#include "ui/app.h"
#include "ui/trace.h"
#include "views/view.h"
#include "views/state.h"
#include "backend/slices.h"
#include "kvm/embed.h"
#include "common/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void act_write_trace(struct app *a)
{
	const struct be_slice_hist *h = a->view->slices_shown ?
		a->view->slices_shown(a) : a->slices;
	char *err = NULL, *dir, path[4200], why[4400], stamp[32];
	int64_t from, to;
	struct tm tm;
	time_t now = time(NULL);
	int64_t wall = wall_ns();
	long n;
	/* a tracer that follows no thread sends samples without slices */
	if (!be_slice_hist_range(h, &from, &to) || !be_slice_hist_last(h)->nthreads) {
		ui_status(a, true, "no time slices to write: the tracer has sent none yet");
		return;
	}
	dir = kvm_state_dir(&err);
	if (!dir) {
		ui_status(a, true, "cannot write a trace: %s", err);
		free(err);
		return;
	}
	if (mkdir_p(dir, 0700) < 0) {
		ui_status(a, true, "cannot write a trace: cannot create %s: %s", dir,
			  strerror(errno));
		free(dir);
		return;
	}
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	/* milliseconds: two writes in one second get two files */
	snprintf(path, sizeof(path), "%s/hvtop-trace-%s.%03d.json", dir, stamp,
		 (int)(wall / 1000000 % 1000));
	free(dir);
	n = ui_trace_write(path, h, why, sizeof(why));
	if (n < 0)
		ui_status(a, true, "%s", why);
	else
		ui_status(a, false, "%.1f s of slices (%ld) written to %s: open it in "
			  "ui.perfetto.dev or chrome://tracing", (double)(to - from) / 1e9,
			  n, path);
}
