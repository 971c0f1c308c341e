/* libFuzzer: the bulk-stats parser on random typed-parameter lists, then
 * the rates between two such records.  The bytes are read as parameters
 * (a field name from libvirt's bulk-stats names with a random index, a
 * type, a value); a '|' field name starts the second record.  Rates that
 * say they are valid must be numbers a user could believe: %CPU within
 * what the host has, nothing negative but the -1 of "unknown", no NaN. */
#include <config.h>
#include "backend/model.h"
#include "backend/rates.h"
#include "backend/stats.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HOST_CPUS 4u
#define MAXP 256

static const char *const names[] = {
	"state.state", "state.reason", "cpu.time", "cpu.user", "balloon.current",
	"balloon.maximum", "balloon.available", "balloon.usable",
	"balloon.unused", "balloon.rss", "vcpu.current", "vcpu.maximum",
	"vcpu.%u.state", "vcpu.%u.time", "vcpu.%u.wait", "vcpu.%u.delay",
	"vcpu.%u.halted", "net.count", "net.%u.name", "net.%u.rx.bytes",
	"net.%u.rx.pkts", "net.%u.tx.bytes", "net.%u.tx.pkts", "net.%u.rx.errs",
	"block.count", "block.%u.name", "block.%u.path", "block.%u.rd.reqs",
	"block.%u.rd.bytes", "block.%u.rd.times", "block.%u.wr.reqs",
	"block.%u.wr.bytes", "block.%u.wr.times", "block.%u.allocation",
	"block.%u.capacity", "vcpu.x.time", "net.", "block.99999999999999999999.rd.reqs",
	"|",
};
#define NNAMES (sizeof(names) / sizeof(names[0]))

static size_t take(const uint8_t **p, size_t *left, void *out, size_t n)
{
	size_t k = n < *left ? n : *left;
	memset(out, 0, n);
	memcpy(out, *p, k);
	*p += k;
	*left -= k;
	return k;
}

/* one record's parameters from the bytes; stops at '|' or the end */
static int record(const uint8_t **p, size_t *left, virTypedParameter *params)
{
	int n = 0;
	while (*left > 0 && n < MAXP) {
		uint8_t sel = 0, type = 0;
		uint16_t idx = 0;
		uint64_t v = 0;
		virTypedParameter *t = &params[n];
		take(p, left, &sel, 1);
		if (strcmp(names[sel % NNAMES], "|") == 0)
			break;
		take(p, left, &idx, 2);
		take(p, left, &type, 1);
		take(p, left, &v, 8);
		memset(t, 0, sizeof(*t));
		snprintf(t->field, sizeof(t->field), names[sel % NNAMES],
			 (unsigned)idx);
		t->type = 1 + type % 7; /* VIR_TYPED_PARAM_INT .. STRING */
		switch (t->type) {
		case VIR_TYPED_PARAM_INT: t->value.i = (int)v; break;
		case VIR_TYPED_PARAM_UINT: t->value.ui = (unsigned)v; break;
		case VIR_TYPED_PARAM_LLONG: t->value.l = (long long)v; break;
		case VIR_TYPED_PARAM_ULLONG: t->value.ul = v; break;
		case VIR_TYPED_PARAM_DOUBLE: memcpy(&t->value.d, &v, 8); break;
		case VIR_TYPED_PARAM_BOOLEAN: t->value.b = (char)v; break;
		default: {
			char s[9] = { 0 };
			memcpy(s, &v, 8);
			t->value.s = strdup(s);
		}
		}
		n++;
	}
	return n;
}

static void free_params(virTypedParameter *params, int n)
{
	int i;
	for (i = 0; i < n; i++)
		if (params[i].type == VIR_TYPED_PARAM_STRING)
			free(params[i].value.s);
}

/* a rate is -1 (cannot be known: a counter absent from either record)
 * or a number within what the host could do */
static void sane(double x, double max)
{
	if (x == -1)
		return;
	if (isnan(x) || x < 0 || x > max)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static virTypedParameter params[MAXP];
	struct be_domain prev = { 0 }, cur = { 0 };
	int64_t interval = 0;
	int n;

	take(&data, &size, &interval, 4);
	interval &= 0xffffffff; /* up to ~4 s in ns */
	n = record(&data, &size, params);
	be_stats_parse(&prev, params, n);
	free_params(params, n);
	n = record(&data, &size, params);
	be_stats_parse(&cur, params, n);
	free_params(params, n);
	if (cur.nvcpu > 16384 || prev.nvcpu > 16384)
		abort();

	be_rates_domain(&cur, &prev, interval, HOST_CPUS);
	if (cur.r.valid) {
		sane(cur.r.cpu_pct, 100.0 * HOST_CPUS);
		sane(cur.r.steal_pct, INFINITY);
		sane(cur.r.rd_bps, INFINITY);
		sane(cur.r.wr_bps, INFINITY);
		sane(cur.r.rx_bps, INFINITY);
		sane(cur.r.tx_bps, INFINITY);
	}
	be_domain_clear(&prev);
	be_domain_clear(&cur);
	return 0;
}
