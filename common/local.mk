# Helpers every layer may use: allocation, strings, time, XML escaping,
# signal masks.  Nothing here includes libvirt or curses.
libhvtop_a_SOURCES += \
	%reldir%/util.h %reldir%/util.c \
	%reldir%/xml.h %reldir%/xml.c \
	%reldir%/test_hooks.h
