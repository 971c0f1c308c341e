# KVM/QEMU-specific code and the demo guest (issue: real guests)
libhvtop_a_SOURCES += \
	%reldir%/embed.h %reldir%/embed_priv.h %reldir%/embed.c \
	%reldir%/run.h %reldir%/run.c \
	%reldir%/accel.h %reldir%/accel.c \
	%reldir%/demo.h %reldir%/demo.c \
	%reldir%/scenario.h %reldir%/scenario.c

# the demo guest's builder and init, run by hvtop --demo from here once
# installed (or from $HVTOP_GUEST_DIR / the build tree, see kvm/demo.h)
guestdir = $(pkgdatadir)/guest
dist_guest_SCRIPTS = %reldir%/guest/build-image.sh
dist_guest_DATA = %reldir%/guest/init

# XML for new guests, disks and snapshots, escaped (issue 4)
libhvtop_a_SOURCES += kvm/domxml.h kvm/domxml.c
# what KVM hosts add to the backend (backend/hooks.h)
libhvtop_a_SOURCES += kvm/hooks.h kvm/hooks.c
# vCPU threads and the time-slice tracer (issue 9)
libhvtop_a_SOURCES += kvm/vcpus.h kvm/vcpus.c \
	kvm/tracer.h kvm/tracer.c kvm/tracefmt.c
# the QMP commands libvirt sends, counted for the cost header (issue 11)
libhvtop_a_SOURCES += kvm/qmpcount.h kvm/qmpcount.c
