# tests against real guests booted under TCG
TESTS += tests/guests/boot-image.sh
EXTRA_DIST += tests/guests/boot-image.sh kvm/guest/build-image.sh kvm/guest/init
