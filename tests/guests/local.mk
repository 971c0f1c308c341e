# tests against real guests booted under TCG (see tests/guests/lib.sh)
TESTS += tests/guests/boot-image.sh tests/guests/demo.sh \
	tests/guests/restart.sh tests/guests/accel.sh tests/guests/slices.sh \
	tests/guests/sched.sh tests/guests/scenarios.sh tests/guests/truth.sh \
	tests/guests/migrate.sh tests/guests/migrate-stall.sh \
	tests/guests/migrate-storage.sh tests/guests/migrate-autoconv.sh \
	tests/guests/vcpu-map.sh tests/guests/stuck.sh tests/guests/stuck-daemon.sh \
	tests/guests/faults.sh tests/guests/faults-daemon.sh tests/guests/qmp.sh
EXTRA_DIST += tests/guests/boot-image.sh tests/guests/lib.sh \
	tests/guests/demo.sh tests/guests/restart.sh tests/guests/accel.sh \
	tests/guests/slices.sh tests/guests/bench-demo.sh tests/guests/sched.sh \
	tests/guests/scenarios.sh tests/guests/truth.sh tests/guests/migrate.sh \
	tests/guests/migrate-stall.sh tests/guests/migrate-storage.sh \
	tests/guests/migrate-autoconv.sh tests/guests/vcpu-map.sh tests/guests/stuck.sh \
	tests/guests/stuck-daemon.sh tests/guests/stuck-lib.sh tests/guests/stuck-judge.py \
	tests/guests/faults.sh tests/guests/faults-daemon.sh tests/guests/qmp.sh \
	tests/lib/twohosts.sh

# changes guests through kvm/embed.c's lock and reconnect wait (restart.sh)
check_PROGRAMS += tests/guests/embedctl
tests_guests_embedctl_SOURCES = tests/guests/embedctl.c
tests_guests_embedctl_LDADD = $(HVTOP_LIBS)

# the kernel package the guest tests share (fetched once with apt-get)
clean-local: clean-guest-cache
clean-guest-cache:
	rm -rf tests/guests/kernel-cache
.PHONY: clean-guest-cache
