/* Command-line options. */
#ifndef HVTOP_OPTIONS_H
#define HVTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

struct ui_options {
	char **uris; /* -c, repeatable */
	size_t nuris;
	bool readonly;
	bool batch;
	int iterations;   /* -n; -1: forever */
	int delay_ms;     /* -d; -1: not given */
	char *csv_file;   /* --csv */
	char *trace_file; /* --trace */
	bool json;
	char *slices_file; /* --slices */
	char *keys;       /* --keys */
	char *keys_file;  /* --keys-file */
	int demo;         /* --demo [N]: -1 not given, 0 the default count */
	bool demo_clean;  /* --demo-clean */
	char *scenario;   /* --demo-scenario NAME (kvm/scenario.h) */
	int accel;        /* --accel: enum kvm_accel, 0 = choose */
	char *config_file; /* --config */
	bool no_config;    /* --no-config */
	/* for shell completion (completion/hvtop.bash) */
	bool complete_domains; /* --complete-domains: the hosts' domain names */
	bool complete_uris;    /* --complete-uris: URIs worth offering */
};

/* 0: go on; 1: done (help/version printed), exit 0; 2: usage error
 * printed on stderr, exit 2. */
int ui_options_parse(struct ui_options *o, int argc, char **argv);
void ui_options_free(struct ui_options *o);

#endif
