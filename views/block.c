/* View 3: one line per disk of every domain: I/O rates, latency, space. */
#include <config.h>
#include "views/view.h"
#include "views/devlist.h"
#include "views/state.h"
#include "common/format.h"

#include <stdio.h>

static void c_rdby(const void *dev, char *b, size_t n)
{
	fmt_size(b, n, ((const struct be_disk *)dev)->rd_bps);
}

static void c_wrby(const void *dev, char *b, size_t n)
{
	fmt_size(b, n, ((const struct be_disk *)dev)->wr_bps);
}

static void c_rdrq(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, ((const struct be_disk *)dev)->rd_rps);
}

static void c_wrrq(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, ((const struct be_disk *)dev)->wr_rps);
}

/* milliseconds in at most 6 cells, keeping sub-ms precision for SSDs */
static void fmt_ms(char *b, size_t n, double v)
{
	if (v < 0)
		snprintf(b, n, "-");
	else if (v < 10)
		snprintf(b, n, "%.2f", v);
	else if (v < 1000)
		snprintf(b, n, "%.1f", v);
	else
		snprintf(b, n, "%.0f", v);
}

static void c_rdlat(const void *dev, char *b, size_t n)
{
	fmt_ms(b, n, ((const struct be_disk *)dev)->rd_lat_ms);
}

static void c_wrlat(const void *dev, char *b, size_t n)
{
	fmt_ms(b, n, ((const struct be_disk *)dev)->wr_lat_ms);
}

static void c_space(const void *dev, char *b, size_t n)
{
	const struct be_disk *k = dev;
	char al[16], cap[16];
	if (!k->capacity) {
		snprintf(b, n, "-");
		return;
	}
	snprintf(b, n, "%s/%s", fmt_size(al, sizeof(al), (double)k->allocation),
		 fmt_size(cap, sizeof(cap), (double)k->capacity));
}

static void c_used(const void *dev, char *b, size_t n)
{
	const struct be_disk *k = dev;
	fmt_pct(b, n, k->capacity ?
		(double)k->allocation * 100.0 / (double)k->capacity : -1);
}

static const struct devlist_col blk_cols[] = {
	{ "RDBY", 5, c_rdby },
	{ "WRBY", 5, c_wrby },
	{ "RDRQ", 5, c_rdrq },
	{ "WRRQ", 5, c_wrrq },
	{ "RDms", 6, c_rdlat },
	{ "WRms", 6, c_wrlat },
	{ "ALLOC/CAP", 11, c_space },
	{ "%USED", 5, c_used },
};

static size_t disk_count(const struct be_domain *d)
{
	return d->ndisk;
}

static const void *disk_get(const struct be_domain *d, size_t i)
{
	return &d->disks[i];
}

static const char *disk_name(const void *dev)
{
	return ((const struct be_disk *)dev)->name;
}

/* Allocation and capacity are kept even for inactive domains, and come
 * with the device list: how much space a stopped guest holds is a
 * question asked often. */
const struct devlist view_block_devices = {
	.title = "DISK",
	.cols = blk_cols,
	.ncols = sizeof(blk_cols) / sizeof(blk_cols[0]),
	.count = disk_count,
	.get = disk_get,
	.name = disk_name,
	.sampled = BE_NEED_BLOCK,
	.list_unsampled = true,
	.show_inactive = true,
	.none = "(no disks)",
	.empty = "no domain with disks",
	.dev_min = 4,
	.dev_max = 10,
};

static void block_draw(struct app *a, WINDOW *w, int y0, int h)
{
	view_devlist_draw(a, w, y0, h, &view_block_devices);
}

static const struct view_key block_keys[] = {
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_block = {
	.name = "block",
	.title = "block: per disk rates, latency, allocation",
	.key = '3',
	.needs = BE_NEED_STATE | BE_NEED_BLOCK,
	.draw = block_draw,
	.selection = view_select_domain,
	.keys = block_keys,
	.needs_fn = NULL,
};
