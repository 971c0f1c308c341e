# Helpers every layer may use: allocation, strings, time, XML escaping,
# signal masks, formatting; and the one list of test-only environment
# knobs.  Nothing here includes libvirt or curses.
libhvtop_a_SOURCES += \
	%reldir%/util.h %reldir%/util.c \
	%reldir%/xml.h %reldir%/xml.c \
	%reldir%/signals.h %reldir%/signals.c \
	%reldir%/format.h %reldir%/format.c \
	%reldir%/utf8.h %reldir%/utf8.c \
	%reldir%/test_hooks.h
