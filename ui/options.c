#include <config.h>
#include "ui/options.h"
#include "common/util.h"
#include "kvm/accel.h"
#include "kvm/demo.h"
#include "kvm/scenario.h"
#include "ui/settings.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { OPT_CSV = 256, OPT_JSON, OPT_KEYS, OPT_KEYS_FILE, OPT_VERSION,
       OPT_DEMO, OPT_DEMO_CLEAN, OPT_ACCEL, OPT_CONFIG, OPT_NO_CONFIG,
       OPT_HELP_CONFIG, OPT_COMPLETE_DOMAINS, OPT_COMPLETE_URIS, OPT_SLICES,
       OPT_TRACE, OPT_DEMO_SCENARIO };

static const struct option longopts[] = {
	{ "connect", required_argument, NULL, 'c' },
	{ "readonly", no_argument, NULL, 'r' },
	{ "batch", no_argument, NULL, 'b' },
	{ "iterations", required_argument, NULL, 'n' },
	{ "delay", required_argument, NULL, 'd' },
	{ "csv", required_argument, NULL, OPT_CSV },
	{ "json", no_argument, NULL, OPT_JSON },
	{ "slices", required_argument, NULL, OPT_SLICES },
	{ "trace", required_argument, NULL, OPT_TRACE },
	{ "keys", required_argument, NULL, OPT_KEYS },
	{ "keys-file", required_argument, NULL, OPT_KEYS_FILE },
	{ "demo", optional_argument, NULL, OPT_DEMO },
	{ "demo-clean", no_argument, NULL, OPT_DEMO_CLEAN },
	{ "demo-scenario", required_argument, NULL, OPT_DEMO_SCENARIO },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "no-config", no_argument, NULL, OPT_NO_CONFIG },
	{ "help-config", no_argument, NULL, OPT_HELP_CONFIG },
	{ "complete-domains", no_argument, NULL, OPT_COMPLETE_DOMAINS },
	{ "complete-uris", no_argument, NULL, OPT_COMPLETE_URIS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 },
};

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: hvtop [OPTION]...\n"
		"Live view and everyday actions for the domains of libvirt hosts.\n"
		"\n"
		"  -c, --connect URI     libvirt URI; repeat for several hosts\n"
		"                        (default: $LIBVIRT_DEFAULT_URI, else\n"
		"                        qemu:///system when its daemon answers, else\n"
		"                        hvtop's own embedded QEMU driver)\n"
		"  -r, --readonly        read-only connections: nothing is changed\n"
		"  -d, --delay SECS      refresh delay (default 1.0, minimum 0.1)\n"
		"  -b, --batch           print text frames instead of the screen\n"
		"  -n, --iterations N    stop after N refreshes (batch, CSV, JSON)\n"
		"      --csv FILE        write virt-top's CSV columns to FILE ('-': stdout)\n"
		"      --json            print one JSON object per sample per line\n"
		"      --slices FILE     write local guests' vCPU time slices as CSV\n"
		"                        to FILE ('-': stdout)\n"
		"      --trace FILE      write the run's time slices to FILE at exit, as\n"
		"                        trace-event JSON (Perfetto, chrome://tracing)\n"
		"      --keys KEYS       play a key script after start-up\n"
		"      --keys-file FILE  play the key script in FILE\n"
		"      --demo [N]        boot N small demo guests (default 4) on the\n"
		"                        embedded driver, then show them\n"
		"      --demo-scenario NAME  boot the demo guests of one scheduling\n"
		"                        lesson, apply its settings and show them:\n");
	kvm_scenario_help(f);
	fprintf(f,
		"      --demo-clean      remove the demo guests, their disks and bridge\n"
		"      --accel kvm|tcg   accelerator for demo guests (default: KVM\n"
		"                        where a test guest boots under it, else TCG)\n"
		"      --config FILE     settings file (default:\n"
		"                        $XDG_CONFIG_HOME/hvtop/hvtop.conf)\n"
		"      --no-config       ignore the settings file\n"
		"      --help-config     list every setting, its default and values\n"
		"      --complete-domains  print the hosts' domain names (for shell\n"
		"                        completion: hvtop -c URI --complete-domains)\n"
		"      --complete-uris   print the URIs worth offering after -c\n"
		"  -h, --help            show this help and exit\n"
		"      --version         show the version and exit\n"
		"\n"
		"Keys: h or ? inside hvtop.  See hvtop(1).\n");
}

#define STR(x) #x
#define XSTR(x) STR(x)

static int bad(const char *fmt, const char *arg)
{
	fprintf(stderr, "hvtop: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, " (see hvtop --help)\n");
	return 2;
}

int ui_options_parse(struct ui_options *o, int argc, char **argv)
{
	int c;
	char *end;
	double d;
	long n;

	memset(o, 0, sizeof(*o));
	o->iterations = -1;
	o->delay_ms = -1;
	o->demo = -1;
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":c:rbn:d:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'c':
			o->uris = xrealloc(o->uris, (o->nuris + 1) * sizeof(*o->uris));
			o->uris[o->nuris++] = xstrdup(optarg);
			break;
		case 'r':
			o->readonly = true;
			break;
		case 'b':
			o->batch = true;
			break;
		case 'n':
			n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 100000000)
				return bad("-n needs a whole number of iterations, not '%s'", optarg);
			o->iterations = (int)n;
			break;
		case 'd':
			d = strtod(optarg, &end);
			if (*end || end == optarg || !(d >= 0.1 && d <= 3600))
				return bad("-d needs a delay between 0.1 and 3600 seconds, not '%s'", optarg);
			o->delay_ms = (int)(d * 1000 + 0.5);
			break;
		case OPT_CSV:
			free(o->csv_file);
			o->csv_file = xstrdup(optarg);
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_SLICES:
			free(o->slices_file);
			o->slices_file = xstrdup(optarg);
			break;
		case OPT_TRACE:
			free(o->trace_file);
			o->trace_file = xstrdup(optarg);
			break;
		case OPT_KEYS:
			free(o->keys);
			o->keys = xstrdup(optarg);
			break;
		case OPT_KEYS_FILE:
			free(o->keys_file);
			o->keys_file = xstrdup(optarg);
			break;
		case OPT_DEMO:
			/* "--demo 3" as well as "--demo=3" */
			if (!optarg && optind < argc && argv[optind][0] >= '0' &&
			    argv[optind][0] <= '9')
				optarg = argv[optind++];
			o->demo = 0;
			if (optarg) {
				n = strtol(optarg, &end, 10);
				if (*end || end == optarg || n < 1 || n > KVM_DEMO_MAX_N)
					return bad("--demo needs a number of guests from 1 to " XSTR(KVM_DEMO_MAX_N) ", not '%s'", optarg);
				o->demo = (int)n;
			}
			break;
		case OPT_DEMO_CLEAN:
			o->demo_clean = true;
			break;
		case OPT_DEMO_SCENARIO:
			if (!kvm_scenario_known(optarg))
				return bad("--demo-scenario takes one of shares, cap, pinning, overcommit, halt, not '%s'", optarg);
			free(o->scenario);
			o->scenario = xstrdup(optarg);
			break;
		case OPT_ACCEL:
			if (kvm_accel_parse(optarg) < 0)
				return bad("--accel takes kvm or tcg, not '%s'", optarg);
			o->accel = kvm_accel_parse(optarg);
			break;
		case 'h':
			usage(stdout);
			return 1;
		case OPT_CONFIG:
			free(o->config_file);
			o->config_file = xstrdup(optarg);
			break;
		case OPT_NO_CONFIG:
			o->no_config = true;
			break;
		case OPT_COMPLETE_DOMAINS:
			o->complete_domains = true;
			break;
		case OPT_COMPLETE_URIS:
			o->complete_uris = true;
			break;
		case OPT_HELP_CONFIG:
			ui_config_help(stdout);
			return 1;
		case OPT_VERSION:
			printf("hvtop %s\n", PACKAGE_VERSION);
			return 1;
		case ':':
			return bad("option '%s' needs an argument", argv[optind - 1]);
		default:
			return bad("unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return bad("unexpected argument '%s'", argv[optind]);
	if (o->keys && o->keys_file)
		return bad("%s", "--keys and --keys-file cannot be combined");
	/* -b beside --json (or --csv) is accepted, as top -b users type it:
	 * both ask for batch output, and the JSON is what is printed */
	if (o->json)
		o->batch = false;
	/* a completion is one quiet sample, whatever else was asked */
	if (o->complete_domains) {
		o->json = o->batch = false;
		o->slices_file = NULL;
		o->iterations = 1;
	}
	if ((o->demo >= 0 || o->demo_clean) && o->nuris)
		return bad("%s", "--demo and --demo-clean use hvtop's embedded driver; they cannot be combined with -c");
	if (o->demo >= 0 && o->demo_clean)
		return bad("%s", "choose one of --demo and --demo-clean");
	if (o->scenario && (o->demo >= 0 || o->demo_clean || o->nuris))
		return bad("%s", "--demo-scenario boots its own demo guests on hvtop's embedded driver; it cannot be combined with --demo, --demo-clean or -c");
	if (o->config_file && o->no_config)
		return bad("%s", "choose one of --config and --no-config");
	if (o->accel && o->demo < 0 && !o->scenario)
		return bad("%s", "--accel chooses the demo guests' accelerator; it needs --demo");
	return 0;
}

void ui_options_free(struct ui_options *o)
{
	size_t i;
	for (i = 0; i < o->nuris; i++)
		free(o->uris[i]);
	free(o->uris);
	free(o->csv_file);
	free(o->slices_file);
	free(o->trace_file);
	free(o->keys);
	free(o->keys_file);
	free(o->config_file);
	free(o->scenario);
}
