libhvtop_a_SOURCES += \
	%reldir%/view.h %reldir%/registry.c %reldir%/domains.h %reldir%/list.h \
	%reldir%/colids.h %reldir%/columns.h %reldir%/columns.c \
	%reldir%/domains.c %reldir%/net.c %reldir%/block.c \
	%reldir%/detail.c %reldir%/help.c \
	%reldir%/devlist.h %reldir%/devlist.c \
	%reldir%/graph.h %reldir%/graph.c \
	%reldir%/slots.h %reldir%/attr.h %reldir%/attr.c \
	%reldir%/state.h %reldir%/state.c
libhvtop_a_SOURCES += \
	%reldir%/snapshots.c %reldir%/jobs.c %reldir%/log.c \
	%reldir%/slices.c
libhvtop_a_SOURCES += %reldir%/hosts.h %reldir%/hosts.c
