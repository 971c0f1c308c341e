libhvtop_a_SOURCES += \
	%reldir%/app.h %reldir%/app.c %reldir%/keys.h \
	%reldir%/loop.h %reldir%/loop.c \
	%reldir%/hosts.h %reldir%/hosts.c \
	%reldir%/tracer.c \
	%reldir%/qmp.h %reldir%/qmp.c \
	%reldir%/help.h %reldir%/help.c \
	%reldir%/keymap.h %reldir%/keymap.c \
	%reldir%/actions.h %reldir%/actions.c %reldir%/action_table.c \
	%reldir%/input.h %reldir%/input.c \
	%reldir%/theme.h %reldir%/theme.c \
	%reldir%/theme_file.h %reldir%/theme_file.c \
	%reldir%/config.h %reldir%/config.c \
	%reldir%/settings.h %reldir%/settings.c \
	%reldir%/script.h %reldir%/script.c \
	%reldir%/batch.h %reldir%/batch.c \
	%reldir%/options.h %reldir%/options.c \
	%reldir%/trace.h %reldir%/trace.c
# managing domains: dialogs, checks, the actions behind the table's rows
libhvtop_a_SOURCES += \
	%reldir%/form.h %reldir%/form.c \
	%reldir%/validate.h %reldir%/validate.c \
	%reldir%/mgmt.h %reldir%/mgmt.c \
	%reldir%/act_vm.h %reldir%/act_vm.c \
	%reldir%/act_create.c %reldir%/act_snap.c %reldir%/act_trace.c \
	%reldir%/act_sched.c %reldir%/act_host.c %reldir%/act_migrate.c
