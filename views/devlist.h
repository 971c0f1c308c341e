/* Lists of devices: the network and block views (one line per device of
 * every domain) and the detail view's device tables are the same engine,
 * told by a descriptor which devices of a domain to show and how. */
#ifndef HVTOP_DEVLIST_H
#define HVTOP_DEVLIST_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

struct app;
struct be_domain;

/* A number column.  dev is what the descriptor's get returned (a struct
 * be_iface, a struct be_disk). */
struct devlist_col {
	const char *title;
	int width;
	void (*cell)(const void *dev, char *buf, size_t n);
};

struct devlist {
	const char *title;  /* the device column's: "IFACE" */
	const struct devlist_col *cols;
	size_t ncols;
	size_t (*count)(const struct be_domain *d);
	const void *(*get)(const struct be_domain *d, size_t i);
	const char *(*name)(const void *dev); /* NULL when unknown */
	unsigned sampled;   /* the BE_NEED_* bit that says the numbers came */
	/* devices known before their first sample are listed all the same
	 * (a disk's space comes with the device list); otherwise each line
	 * says "(not sampled yet)" */
	bool list_unsampled;
	/* inactive domains with devices take lines, their names in
	 * parentheses; otherwise they take none */
	bool show_inactive;
	const char *none;   /* an active domain without any: "(no disks)" */
	const char *empty;  /* no line at all: "no domain with disks" */
	int dev_min, dev_max; /* bounds of the device column's width */
};

/* views/net.c, views/block.c */
extern const struct devlist view_net_devices, view_block_devices;

/* Draws dl's view into rows [y0, y0+h) of w: a header line, then the
 * devices of a->rows, scrolled so the selected domain shows. */
void view_devlist_draw(struct app *a, WINDOW *w, int y0, int h,
		       const struct devlist *dl);
/* Why d's devices are not listed ("(no interfaces)"), or NULL when they
 * are: the same words in every view. */
const char *view_devlist_note(const struct devlist *dl,
			      const struct be_domain *d);
/* The widest of d's device names in cells, 0 when it has none. */
int view_devlist_name_width(const struct devlist *dl,
			    const struct be_domain *d);
/* dev's name as shown: "?" when unknown. */
const char *view_devlist_name(const struct devlist *dl, const void *dev);

#endif
