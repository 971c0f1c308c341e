libhvtop_a_SOURCES += \
	%reldir%/app.h %reldir%/app.c \
	%reldir%/format.h %reldir%/format.c \
	%reldir%/keymap.h %reldir%/keymap.c \
	%reldir%/actions.h %reldir%/actions.c \
	%reldir%/input.h %reldir%/input.c \
	%reldir%/graph.h %reldir%/graph.c \
	%reldir%/theme.h %reldir%/theme.c \
	%reldir%/settings.h %reldir%/settings.c \
	%reldir%/script.h %reldir%/script.c \
	%reldir%/batch.h %reldir%/batch.c \
	%reldir%/options.h %reldir%/options.c
