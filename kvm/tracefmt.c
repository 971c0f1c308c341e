/* The binary side of the tracer: offsets from tracefs's format files (read
 * once, at start: the only text parsed), and the ring buffer's pages as
 * trace_pipe_raw hands them out.  The page and event layout is the
 * kernel's (Documentation/trace/ring-buffer-design.rst, and the
 * "compressed entry header" tracefs prints in events/header_event):
 *   page:  u64 timestamp, local_t commit (bytes of data; its top bits flag
 *          events missed before this page, and whether their count is
 *          stored after the data), then the data;
 *   event: u32 {type_len:5, time_delta:27}, then by type_len: 1..28 the
 *          payload of type_len*4 bytes; 0 a u32 length (itself included)
 *          and the payload; 29 padding (delta 0: the end of the page); 30
 *          a time extend (the delta's top bits in the next u32); 31 an
 *          absolute time stamp. */
#include <config.h>
#include "kvm/tracer.h"

#include <stdlib.h>
#include <string.h>

/* The field called name in a format file: "field:TYPE NAME[N];\toffset:O;
 * \tsize:S;".  0, or -1 when it is not there. */
static int field(const char *text, const char *name, unsigned *off,
		 unsigned *size)
{
	size_t nl = strlen(name);
	const char *p = text;
	while ((p = strstr(p, "field:"))) {
		const char *semi = strchr(p, ';'), *q;
		if (!semi)
			return -1;
		/* the declaration's last word, before any [N] */
		q = semi;
		if (memchr(p, '[', (size_t)(semi - p)))
			q = memchr(p, '[', (size_t)(semi - p));
		if ((size_t)(q - p) > nl && memcmp(q - nl, name, nl) == 0 &&
		    (q[-(long)nl - 1] == ' ' || q[-(long)nl - 1] == '\t')) {
			const char *o = strstr(semi, "offset:");
			const char *s = strstr(semi, "size:");
			const char *eol = strchr(semi, '\n');
			if (!o || !s || (eol && (o > eol || s > eol)))
				return -1;
			*off = (unsigned)strtoul(o + 7, NULL, 10);
			if (size)
				*size = (unsigned)strtoul(s + 5, NULL, 10);
			return 0;
		}
		p = semi;
	}
	return -1;
}

static int event_id(const char *text)
{
	const char *p = strstr(text, "\nID:");
	if (!p && strncmp(text, "ID:", 3) == 0)
		p = text - 1;
	return p ? atoi(p + 4) : -1;
}

/* sched_switch prints "+" after the state when prev_state has
 * TASK_REPORT_MAX: "REC->prev_state & (((0x.. | 0x.. ...) + 1) << 1) ?
 * "+"".  The bit is (the ORed states + 1) << 1; the kernel moved it over
 * the years, so it is read rather than assumed. */
static uint64_t preempt_bit(const char *sw)
{
	const char *plus = strstr(sw, "? \"+\"");
	const char *p, *start = NULL;
	uint64_t or = 0;
	if (!plus)
		return 0x100;
	for (p = sw; (p = strstr(p, "REC->prev_state &")) && p < plus; p++)
		start = p;
	if (!start)
		return 0x100;
	for (p = start; p < plus; p++)
		if (p[0] == '0' && p[1] == 'x')
			or |= strtoull(p, NULL, 16);
	return or ? (or + 1) << 1 : 0x100;
}

int kvm_trace_parse_formats(struct kvm_trace_fmt *f, const char *hp,
			    const char *sw, const char *wk, const char *mg)
{
	unsigned sz, dummy;
	memset(f, 0, sizeof(*f));
	if (field(hp, "timestamp", &f->ts_off, &dummy) < 0 ||
	    field(hp, "commit", &f->commit_off, &f->commit_size) < 0 ||
	    field(hp, "data", &f->data_off, &f->data_size) < 0)
		return -1;
	if (f->commit_size != 4 && f->commit_size != 8)
		return -1;
	f->switch_id = event_id(sw);
	f->wakeup_id = event_id(wk);
	f->migrate_id = event_id(mg);
	if (f->switch_id < 0 || f->wakeup_id < 0 || f->migrate_id < 0)
		return -1;
	if (field(sw, "prev_comm", &f->sw_prev_comm, &sz) < 0 || sz < 16 ||
	    field(sw, "prev_pid", &f->sw_prev_pid, &dummy) < 0 ||
	    field(sw, "prev_state", &f->sw_prev_state, &f->sw_prev_state_size) < 0 ||
	    field(sw, "next_comm", &f->sw_next_comm, &dummy) < 0 ||
	    field(sw, "next_pid", &f->sw_next_pid, &dummy) < 0 ||
	    field(wk, "pid", &f->wk_pid, &dummy) < 0 ||
	    field(wk, "target_cpu", &f->wk_cpu, &dummy) < 0 ||
	    field(mg, "pid", &f->mg_pid, &dummy) < 0 ||
	    field(mg, "orig_cpu", &f->mg_orig, &dummy) < 0 ||
	    field(mg, "dest_cpu", &f->mg_dest, &dummy) < 0)
		return -1;
	f->preempt_bit = preempt_bit(sw);
	return 0;
}

/* x86 and the other hosts hvtop runs on are little-endian, as the ring
 * buffer is written in host order */
static uint32_t rd32(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static uint64_t rd64(const unsigned char *p)
{
	uint64_t v;
	memcpy(&v, p, 8);
	return v;
}

static int32_t rdi32(const unsigned char *p)
{
	int32_t v;
	memcpy(&v, p, 4);
	return v;
}

#define RB_MISSED_EVENTS (1UL << 31)
#define RB_MISSED_STORED (1UL << 30)
#define TS_ABS_BITS 59

static bool decode(const struct kvm_trace_fmt *f, const unsigned char *d,
		   size_t len, int cpu, int64_t ts, struct kvm_trace_ev *e)
{
	unsigned type;
	if (len < 8)
		return false;
	type = d[0] | (unsigned)d[1] << 8;
	memset(e, 0, sizeof(*e));
	e->ts = ts;
	e->cpu = cpu;
	if ((int)type == f->switch_id) {
		uint64_t st;
		if (f->sw_next_pid + 4 > len || f->sw_prev_state + f->sw_prev_state_size > len ||
		    f->sw_prev_comm + 16 > len)
			return false;
		e->type = KVM_EV_SWITCH;
		e->pid = rdi32(d + f->sw_prev_pid);
		e->next_pid = rdi32(d + f->sw_next_pid);
		st = f->sw_prev_state_size == 8 ? rd64(d + f->sw_prev_state) :
		     rd32(d + f->sw_prev_state);
		/* no sleep state bit: still runnable (preempted or yielded) */
		e->runnable = (st & (f->preempt_bit - 1)) == 0;
		memcpy(e->prev_comm, d + f->sw_prev_comm, 15);
		e->prev_comm[15] = '\0';
		return true;
	}
	if ((int)type == f->wakeup_id) {
		if (f->wk_pid + 4 > len || f->wk_cpu + 4 > len)
			return false;
		e->type = KVM_EV_WAKEUP;
		e->pid = rdi32(d + f->wk_pid);
		e->target = rdi32(d + f->wk_cpu);
		return true;
	}
	if ((int)type == f->migrate_id) {
		if (f->mg_dest + 4 > len || f->mg_pid + 4 > len || f->mg_orig + 4 > len)
			return false;
		e->type = KVM_EV_MIGRATE;
		e->pid = rdi32(d + f->mg_pid);
		e->orig = rdi32(d + f->mg_orig);
		e->target = rdi32(d + f->mg_dest);
		return true;
	}
	return false;
}

int kvm_trace_parse_page(const struct kvm_trace_fmt *f, const unsigned char *page,
			 size_t len, int cpu,
			 void (*fn)(void *arg, const struct kvm_trace_ev *e),
			 void *arg, uint64_t *lost)
{
	uint64_t commit, flags, ts;
	const unsigned char *data;
	size_t size, off = 0;
	int n = 0;

	*lost = 0;
	if (len < f->data_off)
		return -1;
	ts = rd64(page + f->ts_off);
	commit = f->commit_size == 8 ? rd64(page + f->commit_off) :
		 rd32(page + f->commit_off);
	flags = commit & (RB_MISSED_EVENTS | RB_MISSED_STORED);
	size = (size_t)(commit & ~(uint64_t)(RB_MISSED_EVENTS | RB_MISSED_STORED));
	data = page + f->data_off;
	if (size > len - f->data_off)
		return -1;
	if (flags & RB_MISSED_EVENTS) {
		/* the count sits after the data when there was room for it */
		if ((flags & RB_MISSED_STORED) && size + 8 <= len - f->data_off)
			*lost = f->commit_size == 8 ? rd64(data + size) : rd32(data + size);
		if (!*lost)
			*lost = 1;
	}
	while (off + 4 <= size) {
		uint32_t h = rd32(data + off);
		unsigned type_len = h & 31;
		uint64_t delta = h >> 5;
		struct kvm_trace_ev e;
		size_t plen;
		const unsigned char *payload;

		switch (type_len) {
		case 29: /* padding: the rest of the page, or a discarded event */
			if (!delta)
				return n;
			if (off + 8 > size)
				return -1;
			off += 4 + rd32(data + off + 4);
			continue;
		case 30: /* time extend */
			if (off + 8 > size)
				return -1;
			ts += delta | (uint64_t)rd32(data + off + 4) << 27;
			off += 8;
			continue;
		case 31: { /* absolute time stamp: its bits below 59 */
			uint64_t abs, mask = (1ULL << TS_ABS_BITS) - 1;
			if (off + 8 > size)
				return -1;
			abs = delta | (uint64_t)rd32(data + off + 4) << 27;
			abs = (ts & ~mask) | (abs & mask);
			if (abs < ts && ts - abs > (mask >> 1))
				abs += 1ULL << TS_ABS_BITS;
			ts = abs;
			off += 8;
			continue;
		}
		case 0:
			if (off + 8 > size)
				return -1;
			plen = rd32(data + off + 4);
			if (plen < 4)
				return -1;
			plen -= 4;
			payload = data + off + 8;
			off += 8 + ((plen + 3) & ~(size_t)3);
			break;
		default:
			plen = type_len * 4;
			payload = data + off + 4;
			off += 4 + plen;
			break;
		}
		if (off > size)
			return -1;
		ts += delta;
		if (decode(f, payload, plen, cpu, (int64_t)ts, &e)) {
			fn(arg, &e);
			n++;
		}
	}
	return n;
}
