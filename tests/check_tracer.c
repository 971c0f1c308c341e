/* The tracer's binary side: the offsets read from tracefs's format files,
 * and trace_pipe_raw pages built here byte by byte (timestamps, time
 * extends, padding, the missed-events flags, a torn page); the vCPU
 * thread names and the drivers' run dirs. */
#include <config.h>
#include <check.h>
#include "tests/check_run.h"
#include <stdint.h>
#include <stdio.h>
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <string.h>
#include "backend/slices.h"
#include "kvm/tracer.h"
#include "kvm/vcpus.h"

/* As tracefs prints them on Linux 6.18 (x86_64): header_page and the three
 * events' format files, cut to what the parser reads. */
static const char header_page[] =
	"\tfield: u64 timestamp;\toffset:0;\tsize:8;\tsigned:0;\n"
	"\tfield: local_t commit;\toffset:8;\tsize:8;\tsigned:1;\n"
	"\tfield: int overwrite;\toffset:8;\tsize:1;\tsigned:1;\n"
	"\tfield: char data;\toffset:16;\tsize:4080;\tsigned:0;\n";
static const char sw_fmt[] =
	"name: sched_switch\nID: 372\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:unsigned char common_flags;\toffset:2;\tsize:1;\tsigned:0;\n"
	"\tfield:unsigned char common_preempt_count;\toffset:3;\tsize:1;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:char prev_comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t prev_pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prev_prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:long prev_state;\toffset:32;\tsize:8;\tsigned:1;\n"
	"\tfield:char next_comm[16];\toffset:40;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t next_pid;\toffset:56;\tsize:4;\tsigned:1;\n"
	"\tfield:int next_prio;\toffset:60;\tsize:4;\tsigned:1;\n\n"
	"print fmt: \"prev_comm=%s prev_pid=%d prev_prio=%d prev_state=%s%s ==> next_comm=%s next_pid=%d next_prio=%d\", "
	"REC->prev_comm, REC->prev_pid, REC->prev_prio, (REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1)) ? "
	"__print_flags(REC->prev_state & ((((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) - 1), \"|\", { 0x00000001, \"S\" }, { 0x00000002, \"D\" }) : \"R\", "
	"REC->prev_state & (((0x00000000 | 0x00000001 | 0x00000002 | 0x00000004 | 0x00000008 | 0x00000010 | 0x00000020 | 0x00000040) + 1) << 1) ? \"+\" : \"\", REC->next_comm, REC->next_pid, REC->next_prio\n";
static const char wk_fmt[] =
	"name: sched_wakeup\nID: 374\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:24;\tsize:4;\tsigned:1;\n"
	"\tfield:int prio;\toffset:28;\tsize:4;\tsigned:1;\n"
	"\tfield:int target_cpu;\toffset:32;\tsize:4;\tsigned:1;\n";
static const char mg_fmt[] =
	"name: sched_migrate_task\nID: 371\nformat:\n"
	"\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;\n"
	"\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;\n\n"
	"\tfield:__data_loc char[] comm;\toffset:8;\tsize:4;\tsigned:0;\n"
	"\tfield:pid_t pid;\toffset:12;\tsize:4;\tsigned:1;\n"
	"\tfield:int prio;\toffset:16;\tsize:4;\tsigned:1;\n"
	"\tfield:int orig_cpu;\toffset:20;\tsize:4;\tsigned:1;\n"
	"\tfield:int dest_cpu;\toffset:24;\tsize:4;\tsigned:1;\n";

static struct kvm_trace_fmt fmt;

static void setup(void)
{
	ck_assert_int_eq(kvm_trace_parse_formats(&fmt, header_page, sw_fmt, wk_fmt, mg_fmt), 0);
}

/* --- a page builder --------------------------------------------------- */

#define PAGE 4096
struct page {
	unsigned char b[PAGE];
	size_t off; /* into the data */
};

static void put32(unsigned char *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(unsigned char *p, uint64_t v) { memcpy(p, &v, 8); }

static void page_init(struct page *p, uint64_t ts)
{
	memset(p, 0, sizeof(*p));
	put64(p->b, ts);
}

static unsigned char *data(struct page *p) { return p->b + 16; }

/* an event of payload len (a multiple of 4, at most 112) delta ns after
 * the previous one */
static void ev(struct page *p, uint32_t delta, const unsigned char *payload,
	       size_t len)
{
	put32(data(p) + p->off, (uint32_t)(len / 4) | delta << 5);
	memcpy(data(p) + p->off + 4, payload, len);
	p->off += 4 + len;
}

static void time_extend(struct page *p, uint64_t delta)
{
	put32(data(p) + p->off, 30 | (uint32_t)(delta & ((1u << 27) - 1)) << 5);
	put32(data(p) + p->off + 4, (uint32_t)(delta >> 27));
	p->off += 8;
}

static void padding(struct page *p, uint32_t len)
{
	put32(data(p) + p->off, 29 | 1u << 5);
	put32(data(p) + p->off + 4, len);
	p->off += 4 + len;
}

static void commit(struct page *p, uint64_t flags)
{
	put64(p->b + 8, p->off | flags);
}

static void sw(unsigned char out[64], const char *prev, int prev_pid,
	       long state, int next_pid)
{
	memset(out, 0, 64);
	out[0] = 372 & 0xff;
	out[1] = 372 >> 8;
	strncpy((char *)out + 8, prev, 16);
	memcpy(out + 24, &prev_pid, 4);
	memcpy(out + 32, &state, 8);
	memcpy(out + 56, &next_pid, 4);
}

static void wk(unsigned char out[36], int pid, int cpu)
{
	memset(out, 0, 36);
	out[0] = 374 & 0xff;
	out[1] = 374 >> 8;
	memcpy(out + 24, &pid, 4);
	memcpy(out + 32, &cpu, 4);
}

#define MAXEV 16
struct got {
	int n;
	struct kvm_trace_ev e[MAXEV];
};

static void collect(void *arg, const struct kvm_trace_ev *e)
{
	struct got *g = arg;
	if (g->n < MAXEV)
		g->e[g->n] = *e;
	g->n++;
}

START_TEST(formats)
{
	ck_assert_uint_eq(fmt.data_off, 16);
	ck_assert_uint_eq(fmt.data_size, 4080);
	ck_assert_uint_eq(fmt.commit_size, 8);
	ck_assert_int_eq(fmt.switch_id, 372);
	ck_assert_int_eq(fmt.wakeup_id, 374);
	ck_assert_int_eq(fmt.migrate_id, 371);
	ck_assert_uint_eq(fmt.sw_prev_pid, 24);
	ck_assert_uint_eq(fmt.sw_prev_state, 32);
	ck_assert_uint_eq(fmt.sw_next_pid, 56);
	ck_assert_uint_eq(fmt.wk_cpu, 32);
	ck_assert_uint_eq(fmt.mg_dest, 24);
	/* (0x7f + 1) << 1: TASK_REPORT_MAX on 6.18 */
	ck_assert_uint_eq(fmt.preempt_bit, 0x100);
	/* a format without the field is refused, not guessed */
	ck_assert_int_eq(kvm_trace_parse_formats(&fmt, header_page, wk_fmt, wk_fmt, mg_fmt), -1);
}
END_TEST

START_TEST(events_in_order)
{
	struct page p;
	struct got g = { 0 };
	unsigned char s1[64], s2[64], s3[64], w[36];
	uint64_t lost = 99;
	page_init(&p, 1000000000ULL);
	sw(s1, "CPU 0/KVM", 501, 0x100, 502); /* preempted */
	wk(w, 501, 1);
	sw(s2, "CPU 1/KVM", 502, 0x1, 0);     /* slept: S */
	sw(s3, "swapper/0", 0, 0, 501);       /* R */
	ev(&p, 10, s1, 64);
	ev(&p, 20, w, 36);
	time_extend(&p, 1ULL << 30);          /* a delta too big for 27 bits */
	ev(&p, 5, s2, 64);
	padding(&p, 12);                      /* a discarded event */
	ev(&p, 7, s3, 64);
	commit(&p, 0);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 3, collect, &g, &lost), 4);
	ck_assert_uint_eq(lost, 0);
	ck_assert_int_eq(g.n, 4);
	ck_assert_int_eq(g.e[0].type, KVM_EV_SWITCH);
	ck_assert_int_eq(g.e[0].ts, 1000000010LL);
	ck_assert_int_eq(g.e[0].cpu, 3);
	ck_assert_int_eq(g.e[0].pid, 501);
	ck_assert_int_eq(g.e[0].next_pid, 502);
	ck_assert(g.e[0].runnable);
	ck_assert_str_eq(g.e[0].prev_comm, "CPU 0/KVM");
	ck_assert_int_eq(g.e[1].type, KVM_EV_WAKEUP);
	ck_assert_int_eq(g.e[1].ts, 1000000030LL);
	ck_assert_int_eq(g.e[1].pid, 501);
	ck_assert_int_eq(g.e[1].target, 1);
	ck_assert_int_eq(g.e[2].ts, 1000000030LL + (1LL << 30) + 5);
	ck_assert(!g.e[2].runnable);
	ck_assert_int_eq(g.e[3].ts, 1000000030LL + (1LL << 30) + 12);
	ck_assert(g.e[3].runnable);
	ck_assert_int_eq(g.e[3].next_pid, 501);
}
END_TEST

START_TEST(missed_events)
{
	struct page p;
	struct got g = { 0 };
	unsigned char s1[64];
	uint64_t lost = 0;
	page_init(&p, 5000);
	sw(s1, "x", 7, 0, 8);
	ev(&p, 1, s1, 64);
	/* the count stored after the data */
	put64(data(&p) + p.off, 1234);
	commit(&p, 1UL << 31 | 1UL << 30);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 0, collect, &g, &lost), 1);
	ck_assert_uint_eq(lost, 1234);
	/* flagged, but no room for the count: at least one */
	commit(&p, 1UL << 31);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 0, collect, &g, &lost), 1);
	ck_assert_uint_eq(lost, 1);
}
END_TEST

START_TEST(torn_pages)
{
	struct page p;
	struct got g = { 0 };
	unsigned char s1[64];
	uint64_t lost;
	page_init(&p, 0);
	sw(s1, "x", 7, 0, 8);
	ev(&p, 1, s1, 64);
	/* a commit beyond the page */
	put64(p.b + 8, PAGE);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 0, collect, &g, &lost), -1);
	/* an event running past the commit */
	commit(&p, 0);
	put64(p.b + 8, 40);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 0, collect, &g, &lost), -1);
	/* shorter than its header */
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, 8, 0, collect, &g, &lost), -1);
	/* an empty page: nothing, no error */
	page_init(&p, 0);
	commit(&p, 0);
	ck_assert_int_eq(kvm_trace_parse_page(&fmt, p.b, PAGE, 0, collect, &g, &lost), 0);
	ck_assert_int_eq(g.n, 0);
}
END_TEST

START_TEST(vcpu_names)
{
	ck_assert_int_eq(kvm_vcpu_of_comm("CPU 0/KVM"), 0);
	ck_assert_int_eq(kvm_vcpu_of_comm("CPU 12/TCG\n"), 12);
	ck_assert_int_eq(kvm_vcpu_of_comm("CPU/KVM"), -1);
	ck_assert_int_eq(kvm_vcpu_of_comm("CPU 3"), -1);
	ck_assert_int_eq(kvm_vcpu_of_comm("worker"), -1);
	ck_assert_int_eq(kvm_vcpu_of_comm("IO mon_iothread"), -1);
}
END_TEST

START_TEST(run_dirs)
{
	char *d;
	d = kvm_qemu_run_dir("qemu:///system");
	ck_assert_str_eq(d, "/run/libvirt/qemu");
	free(d);
	d = kvm_qemu_run_dir("qemu:///embed?root=/tmp/x");
	ck_assert_str_eq(d, "/tmp/x/run/qemu");
	free(d);
	setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
	d = kvm_qemu_run_dir("qemu:///session");
	ck_assert_str_eq(d, "/run/user/7/libvirt/qemu/run");
	free(d);
	ck_assert_ptr_null(kvm_qemu_run_dir("qemu+ssh://far/system"));
	ck_assert_ptr_null(kvm_qemu_run_dir("test:///default"));
	ck_assert_ptr_null(kvm_qemu_run_dir("qemu:///systemd"));
	/* a daemon on a socket of its own keeps its run dir beside it, when
	 * that exists; else the default */
	char tmp[] = "/tmp/hvtop-rundir.XXXXXX", sub[64], uri[160];
	ck_assert_ptr_nonnull(mkdtemp(tmp));
	snprintf(sub, sizeof(sub), "%s/qemu", tmp);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	snprintf(uri, sizeof(uri), "qemu+unix:///system?socket=%s/libvirt-sock", tmp);
	d = kvm_qemu_run_dir(uri);
	ck_assert_str_eq(d, sub);
	free(d);
	snprintf(uri, sizeof(uri), "qemu:///system?mode=legacy&socket=%s/libvirt-sock&x=1", tmp);
	d = kvm_qemu_run_dir(uri);
	ck_assert_str_eq(d, sub);
	free(d);
	rmdir(sub);
	rmdir(tmp);
	d = kvm_qemu_run_dir(uri);
	ck_assert_str_eq(d, "/run/libvirt/qemu");
	free(d);
	d = kvm_qemu_run_dir("qemu+unix:///system?socket=libvirt-sock");
	ck_assert_str_eq(d, "/run/libvirt/qemu");
	free(d);
}
END_TEST

/* --- events to slices --------------------------------------------------- */

#define MS 1000000LL
/* event times are ms after this (a first sample has no interval) */
#define T0 (1000 * MS)

static struct kvm_trace_ev E_sw(int64_t ms, int cpu, int prev, bool runnable,
				const char *comm, int next)
{
	struct kvm_trace_ev e = { .ts = T0 + ms * MS, .type = KVM_EV_SWITCH, .cpu = cpu,
				  .pid = prev, .next_pid = next, .runnable = runnable };
	snprintf(e.prev_comm, sizeof(e.prev_comm), "%s", comm);
	return e;
}

static struct kvm_trace_ev E_wk(int64_t ms, int pid, int cpu)
{
	struct kvm_trace_ev e = { .ts = T0 + ms * MS, .type = KVM_EV_WAKEUP, .cpu = cpu,
				  .pid = pid, .target = cpu };
	return e;
}

static const struct be_sched_thread two[] = {
	{ .host = 0, .uuid = "a", .name = "vmA", .vcpu = 0, .tid = 101 },
	{ .host = 0, .uuid = "b", .name = "vmB", .vcpu = 0, .tid = 102 },
};

/* Two vCPUs sharing CPU 0 with a kworker: A runs, is preempted by B, runs
 * again and halts; the kworker runs; B runs and halts; A wakes and runs. */
START_TEST(slices_and_numbers)
{
	const struct kvm_trace_ev ev[] = {
		E_sw(0, 0, 0, false, "swapper/0", 101),
		E_wk(5, 102, 0),
		E_sw(10, 0, 101, true, "CPU 0/KVM", 102),
		E_sw(20, 0, 102, true, "CPU 0/KVM", 101),
		E_sw(30, 0, 101, false, "CPU 0/KVM", 999),
		E_sw(32, 0, 999, true, "kworker/0:1", 102),
		E_wk(40, 101, 0),
		E_sw(45, 0, 102, false, "CPU 0/KVM", 101),
	};
	struct be_slices *s = kvm_tracer_replay(two, 2, 2, ev, ARRAY_LEN(ev), T0, T0 + 50 * MS);
	const struct be_sched_vcpu *a = &s->stats[0], *b = &s->stats[1];
	static const struct { int64_t start, end; int who, end_reason; } want[] = {
		{ 0, 10, 0, BE_SLICE_PREEMPTED },
		{ 10, 20, 1, BE_SLICE_PREEMPTED },
		{ 20, 30, 0, BE_SLICE_HALTED },
		{ 30, 32, BE_WHO_OTHER, BE_SLICE_PREEMPTED },
		{ 32, 45, 1, BE_SLICE_HALTED },
	};
	size_t i;
	ck_assert_uint_eq(s->nslices, ARRAY_LEN(want));
	for (i = 0; i < ARRAY_LEN(want); i++) {
		ck_assert_int_eq(s->slices[i].start_ns, T0 + want[i].start * MS);
		ck_assert_int_eq(s->slices[i].end_ns, T0 + want[i].end * MS);
		ck_assert_int_eq(s->slices[i].who, want[i].who);
		ck_assert_int_eq(s->slices[i].end, want[i].end_reason);
		ck_assert_int_eq(s->slices[i].pcpu, 0);
	}
	ck_assert_int_eq(s->interval_ns, 50 * MS);
	/* A still runs at the cut: its slice so far, apart from the ended ones */
	ck_assert_uint_eq(s->nopen, 1);
	ck_assert_int_eq(s->open[0].start_ns, T0 + 45 * MS);
	ck_assert_int_eq(s->open[0].end_ns, T0 + 50 * MS);
	ck_assert_int_eq(s->open[0].who, 0);
	ck_assert_int_eq(s->open[0].pcpu, 0);
	ck_assert_int_eq(s->open[0].end, BE_SLICE_OPEN);
	/* A: ran 0-10, 20-30, 45-50; waited 10-20 (behind B), 40-45 (B) */
	ck_assert_double_eq_tol(a->run_pct, 50.0, 1e-9);
	ck_assert_double_eq_tol(a->wait_pct, 30.0, 1e-9);
	ck_assert_uint_eq(a->slices, 2);
	ck_assert_uint_eq(a->halts, 1);
	ck_assert_double_eq_tol(a->mean_slice_us, 10000.0, 1e-6);
	ck_assert_int_eq(a->waited_behind, 1);
	ck_assert_double_eq_tol(a->waited_behind_pct, 100.0, 1e-9);
	ck_assert_int_eq(a->pcpu, 0);
	/* B: ran 10-20, 32-45; waited 5-10 (behind A), 20-32 (the kworker) */
	ck_assert_double_eq_tol(b->run_pct, 46.0, 1e-9);
	ck_assert_double_eq_tol(b->wait_pct, 34.0, 1e-9);
	ck_assert_uint_eq(b->slices, 2);
	ck_assert_uint_eq(b->halts, 1);
	ck_assert_int_eq(b->waited_behind, BE_WHO_OTHER);
	ck_assert_str_eq(b->other_comm, "kworker/0:1");
	ck_assert_double_eq_tol(b->waited_behind_pct, 100.0 * 12 / 17, 1e-9);
	be_slices_unref(s);
}
END_TEST

/* A preempted vCPU moved to another CPU before it ran again: its slice
 * ended "migrated". */
START_TEST(migrated)
{
	struct kvm_trace_ev mg = { .ts = T0 + 11 * MS, .type = KVM_EV_MIGRATE, .cpu = 0,
				   .pid = 101, .orig = 0, .target = 1 };
	const struct kvm_trace_ev ev[] = {
		E_sw(0, 0, 0, false, "swapper/0", 101),
		E_sw(10, 0, 101, true, "CPU 0/KVM", 102),
		mg,
		E_sw(12, 1, 0, false, "swapper/1", 101),
	};
	struct be_slices *s = kvm_tracer_replay(two, 2, 2, ev, ARRAY_LEN(ev), T0, T0 + 20 * MS);
	ck_assert_uint_eq(s->nslices, 1);
	ck_assert_int_eq(s->slices[0].end, BE_SLICE_MIGRATED);
	ck_assert_int_eq(s->stats[0].pcpu, 1);
	ck_assert_double_eq_tol(s->stats[0].wait_pct, 10.0, 1e-9);
	ck_assert_double_eq_tol(s->stats[0].run_pct, 90.0, 1e-9);
	be_slices_unref(s);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("tracer");
	TCase *tc = tcase_create("core");
	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, formats);
	tcase_add_test(tc, events_in_order);
	tcase_add_test(tc, missed_events);
	tcase_add_test(tc, torn_pages);
	tcase_add_test(tc, vcpu_names);
	tcase_add_test(tc, run_dirs);
	tcase_add_test(tc, slices_and_numbers);
	tcase_add_test(tc, migrated);
	suite_add_tcase(s, tc);
	return check_run(s);
}
