/* View 2: one line per network interface of every active domain. */
#include <config.h>
#include "views/view.h"
#include "views/devlist.h"
#include "views/state.h"
#include "common/format.h"

static void c_rxby(const void *dev, char *b, size_t n)
{
	fmt_size(b, n, ((const struct be_iface *)dev)->rx_bps);
}

static void c_txby(const void *dev, char *b, size_t n)
{
	fmt_size(b, n, ((const struct be_iface *)dev)->tx_bps);
}

static void c_rxpk(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, ((const struct be_iface *)dev)->rx_pps);
}

static void c_txpk(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, ((const struct be_iface *)dev)->tx_pps);
}

static void c_rxdrop(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, (double)((const struct be_iface *)dev)->rx_drop);
}

static void c_txdrop(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, (double)((const struct be_iface *)dev)->tx_drop);
}

static void c_rxerr(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, (double)((const struct be_iface *)dev)->rx_errs);
}

static void c_txerr(const void *dev, char *b, size_t n)
{
	fmt_count(b, n, (double)((const struct be_iface *)dev)->tx_errs);
}

/* rates per second first, then the cumulative counters: on a narrow
 * terminal the columns on the right are the ones cut */
static const struct devlist_col net_cols[] = {
	{ "RXBY", 5, c_rxby },
	{ "TXBY", 5, c_txby },
	{ "RXPK", 5, c_rxpk },
	{ "TXPK", 5, c_txpk },
	{ "RXDROP", 6, c_rxdrop },
	{ "TXDROP", 6, c_txdrop },
	{ "RXERR", 5, c_rxerr },
	{ "TXERR", 5, c_txerr },
};

static size_t iface_count(const struct be_domain *d)
{
	return d->niface;
}

static const void *iface_get(const struct be_domain *d, size_t i)
{
	return &d->ifaces[i];
}

static const char *iface_name(const void *dev)
{
	return ((const struct be_iface *)dev)->name;
}

/* Inactive domains have no interfaces, so they take no line; numbers of
 * an interface that was never sampled would all read as zero. */
const struct devlist view_net_devices = {
	.title = "IFACE",
	.cols = net_cols,
	.ncols = sizeof(net_cols) / sizeof(net_cols[0]),
	.count = iface_count,
	.get = iface_get,
	.name = iface_name,
	.sampled = BE_NEED_NET,
	.list_unsampled = false,
	.show_inactive = false,
	.none = "(no interfaces)",
	.empty = "no active domains",
	.dev_min = 5,
	.dev_max = 12,
};

static void net_draw(struct app *a, WINDOW *w, int y0, int h)
{
	view_devlist_draw(a, w, y0, h, &view_net_devices);
}

static const struct view_key net_keys[] = {
	{ "<Esc>", "back", "back to the domain list" },
	{ NULL, NULL, NULL },
};

const struct view view_net = {
	.name = "network",
	.title = "network: per interface rates, drops and errors",
	.key = '2',
	.needs = BE_NEED_STATE | BE_NEED_NET,
	.draw = net_draw,
	.selection = view_select_domain,
	.keys = net_keys,
	.needs_fn = NULL,
};
