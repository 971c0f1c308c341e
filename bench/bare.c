/*
 * bench/bare.c — the floor for hvtop's refresh: the libvirt calls hvtop
 * makes per refresh of the default domains view, and nothing else (no
 * model, no rates, no sorting, no drawing).
 *
 *   bare [-e] URI K [DELAY]
 *       runs K refreshes, DELAY seconds apart (default 0: back to back), and
 *       prints "cpu_s=<user+sys of the loop> wall_s=<...> domains=<n>
 *       active=<n> calls_per_loop=<n> nowait=<0|1> event_loop=<0|1>".  With
 *       hvtop's delay the floor pays what hvtop pays for waking up to cold
 *       caches.
 *   -e  set up libvirt as hvtop's backend/conn.c does: the default event
 *       loop registered before the connection is opened and run by a thread
 *       of its own, keepalive (5 s, 3) and a close callback.  Over a socket
 *       the remote driver then wakes that thread around every RPC; the CPU
 *       includes it (getrusage counts every thread).
 *
 * Mirrors backend/stats.c (be_stats_sample / fill_missing) in its steady
 * state, for needs = STATE|CPU|BALLOON|NET|BLOCK (the default columns):
 *   - virConnectGetAllDomainStats(STATE|CPU_TOTAL|INTERFACE|BLOCK, plus
 *     BALLOON every 3rd sample; NOWAIT, dropped if the driver refuses it);
 *   - per record: virDomainGetID, virDomainGetName, virDomainGetUUID (hvtop
 *     formats the hex itself since 033bdff; before, virDomainGetUUIDString);
 *   - what the record left out, per domain:
 *       active:   virDomainGetInfo (cpu time) when cpu.time is missing;
 *                 virDomainMemoryStats every 3rd sample when balloon.* is;
 *                 virDomainBlockStats per disk, and virDomainGetBlockInfo
 *                 per disk every 3rd sample, when block.* is missing;
 *                 virDomainInterfaceStats per interface when net.* is;
 *       inactive: virDomainGetInfo every 10th sample (hvtop carries the
 *                 rest forward: inactive domains change only when redefined).
 * Device names come from each domain's XML, fetched once before the loop,
 * as hvtop caches them while a domain keeps its id and state.
 *
 * Built by bench/refresh; not part of the package build.
 */
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <pthread.h>
#include <time.h>
#include <unistd.h>

#define BALLOON_EVERY 3
#define INACTIVE_INFO_EVERY 10

struct dev_cache {
	unsigned char uuid[VIR_UUID_BUFLEN];
	int ndisk, niface;
	char **disks, **ifaces;
};

static struct dev_cache *cache;
static size_t ncache;

static void silent(void *u, virErrorPtr e)
{
	(void)u;
	(void)e;
}

static int by_uuid(const void *a, const void *b)
{
	return memcmp(((const struct dev_cache *)a)->uuid,
		      ((const struct dev_cache *)b)->uuid, VIR_UUID_BUFLEN);
}

/* target dev='...' of each <tag ...>...</tag> element */
static int targets(const char *xml, const char *open, const char *close,
		   char ***out)
{
	const char *p = xml, *e;
	int n = 0;
	*out = NULL;
	while ((p = strstr(p, open)) && (e = strstr(p, close))) {
		const char *t = strstr(p, "<target dev=");
		if (t && t < e) {
			char q = t[12];
			const char *v = t + 13, *end = strchr(v, q);
			if (end && end < e) {
				*out = realloc(*out, (size_t)(n + 1) * sizeof(**out));
				(*out)[n++] = strndup(v, (size_t)(end - v));
			}
		}
		p = e;
	}
	return n;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
}

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *event_loop(void *u)
{
	(void)u;
	for (;;)
		if (virEventRunDefaultImpl() < 0)
			usleep(100000);
	return NULL;
}

static void closed(virConnectPtr c, int reason, void *u)
{
	(void)c;
	(void)reason;
	(void)u;
}

static int has_prefix(const virTypedParameter *p, int n, const char *prefix)
{
	size_t l = strlen(prefix);
	int i;
	for (i = 0; i < n; i++)
		if (strncmp(p[i].field, prefix, l) == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	virConnectPtr conn;
	virDomainStatsRecordPtr *recs = NULL;
	unsigned base = VIR_DOMAIN_STATS_STATE | VIR_DOMAIN_STATS_CPU_TOTAL |
			VIR_DOMAIN_STATS_INTERFACE | VIR_DOMAIN_STATS_BLOCK;
	unsigned flags = VIR_CONNECT_GET_ALL_DOMAINS_STATS_NOWAIT;
	long k, loops;
	long calls = 0;
	double delay = 0;
	struct timespec pause;
	int i, nrec, nactive = 0;
	double c0, w0;
	int evl = 0;

	if (argc > 1 && strcmp(argv[1], "-e") == 0) {
		evl = 1;
		argv++;
		argc--;
	}
	if (argc < 3 || argc > 4 || (loops = strtol(argv[2], NULL, 10)) < 1 ||
	    (argc == 4 && (delay = strtod(argv[3], NULL)) < 0)) {
		fprintf(stderr, "usage: bare [-e] URI K [DELAY]\n");
		return 2;
	}
	pause.tv_sec = (time_t)delay;
	pause.tv_nsec = (long)((delay - (double)pause.tv_sec) * 1e9);
	virSetErrorFunc(NULL, silent);
	if (evl) {
		pthread_t t;
		if (virInitialize() < 0 || virEventRegisterDefaultImpl() < 0 ||
		    pthread_create(&t, NULL, event_loop, NULL) != 0) {
			fprintf(stderr, "bare: cannot start libvirt's event loop\n");
			return 1;
		}
		pthread_detach(t);
	}
	conn = virConnectOpenAuth(argv[1], virConnectAuthPtrDefault, 0);
	if (!conn) {
		virErrorPtr e = virGetLastError();
		fprintf(stderr, "bare: cannot open '%s': %s\n", argv[1],
			e && e->message ? e->message : "unknown error");
		return 1;
	}
	if (evl) {
		if (virConnectSetKeepAlive(conn, 5, 3) < 0)
			virResetLastError();
		if (virConnectRegisterCloseCallback(conn, closed, NULL, NULL) < 0)
			virResetLastError();
	}

	/* device names, once (hvtop: devices_from_xml, then copy_devlist) */
	nrec = virConnectGetAllDomainStats(conn, VIR_DOMAIN_STATS_STATE, &recs, 0);
	if (nrec < 0) {
		fprintf(stderr, "bare: cannot get domain statistics: %s\n",
			virGetLastErrorMessage());
		return 1;
	}
	cache = calloc((size_t)nrec + 1, sizeof(*cache));
	for (i = 0; i < nrec; i++) {
		virDomainPtr dom = recs[i]->dom;
		struct dev_cache *c = &cache[ncache++];
		char *xml;
		virDomainGetUUID(dom, c->uuid);
		if (virDomainGetID(dom) == (unsigned int)-1)
			continue;
		nactive++;
		xml = virDomainGetXMLDesc(dom, 0);
		if (!xml)
			continue;
		c->ndisk = targets(xml, "<disk ", "</disk>", &c->disks);
		c->niface = targets(xml, "<interface ", "</interface>", &c->ifaces);
		free(xml);
	}
	virDomainStatsRecordListFree(recs);
	qsort(cache, ncache, sizeof(*cache), by_uuid);

	c0 = cpu_s();
	w0 = wall_s();
	for (k = 0; k < loops; k++) {
		int slow = k % BALLOON_EVERY == 0;
		unsigned groups = base | (slow ? VIR_DOMAIN_STATS_BALLOON : 0);

		if (k && delay > 0)
			nanosleep(&pause, NULL);
		recs = NULL;
		nrec = virConnectGetAllDomainStats(conn, groups, &recs, flags);
		calls++;
		if (nrec < 0 && flags) {
			virErrorPtr e = virGetLastError();
			if (e && (e->code == VIR_ERR_INVALID_ARG ||
				  e->code == VIR_ERR_NO_SUPPORT)) {
				flags = 0;
				nrec = virConnectGetAllDomainStats(conn, groups, &recs, 0);
				calls++;
			}
		}
		if (nrec < 0) {
			fprintf(stderr, "bare: cannot get domain statistics: %s\n",
				virGetLastErrorMessage());
			return 1;
		}
		for (i = 0; i < nrec; i++) {
			virDomainPtr dom = recs[i]->dom;
			const virTypedParameter *p = recs[i]->params;
			int np = recs[i]->nparams, j;
			unsigned int id = virDomainGetID(dom);
			const char *name = virDomainGetName(dom);
			struct dev_cache key, *c;
			virDomainInfo info;

			(void)name;
			virDomainGetUUID(dom, key.uuid);
			if (id == (unsigned int)-1) {
				if (k % INACTIVE_INFO_EVERY == 0) {
					virDomainGetInfo(dom, &info);
					calls++;
				}
				continue;
			}
			if (!has_prefix(p, np, "cpu.time")) {
				virDomainGetInfo(dom, &info);
				calls++;
			}
			if (slow && !has_prefix(p, np, "balloon.")) {
				virDomainMemoryStatStruct ms[VIR_DOMAIN_MEMORY_STAT_NR];
				virDomainMemoryStats(dom, ms, VIR_DOMAIN_MEMORY_STAT_NR, 0);
				calls++;
			}
			c = bsearch(&key, cache, ncache, sizeof(*cache), by_uuid);
			if (!c)
				continue;
			if (!has_prefix(p, np, "block.count")) {
				for (j = 0; j < c->ndisk; j++) {
					virDomainBlockStatsStruct bs;
					virDomainBlockStats(dom, c->disks[j], &bs, sizeof(bs));
					calls++;
					if (slow) {
						virDomainBlockInfo bi;
						virDomainGetBlockInfo(dom, c->disks[j], &bi, 0);
						calls++;
					}
				}
			}
			if (!has_prefix(p, np, "net.count")) {
				for (j = 0; j < c->niface; j++) {
					virDomainInterfaceStatsStruct is;
					virDomainInterfaceStats(dom, c->ifaces[j], &is, sizeof(is));
					calls++;
				}
			}
		}
		virDomainStatsRecordListFree(recs);
	}
	printf("cpu_s=%.6f wall_s=%.6f domains=%d active=%d calls_per_loop=%.1f nowait=%d event_loop=%d\n",
	       cpu_s() - c0, wall_s() - w0, nrec, nactive, (double)calls / loops,
	       flags != 0, evl);
	if (evl)
		virConnectUnregisterCloseCallback(conn, closed);
	virConnectClose(conn);
	return 0;
}
