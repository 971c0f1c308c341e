/* Running the helper programs the demo needs (build-image.sh, qemu-img,
 * ip, a probe QEMU): no shell, argv as given, output to a file.  And the
 * directories they work in. */
#ifndef HVTOP_KVM_RUN_H
#define HVTOP_KVM_RUN_H

#include <sys/types.h>

/* Starts argv[0] (searched in PATH) with stdin from /dev/null and stdout
 * and stderr appended to out (NULL: /dev/null).  -1 with *err set. */
pid_t kvm_spawn(char *const argv[], const char *out, char **err);

/* kvm_spawn and wait: the exit status (0 = success), or -1 with *err set
 * (including when it exited non-zero: then *err quotes out's last line). */
int kvm_run(char *const argv[], const char *out, char **err);

/* The last n lines of a file, each prefixed with "  | ", or NULL. */
char *kvm_file_tail(const char *path, int n);

/* Is a program in PATH? */
int kvm_have(const char *prog);


#endif
