libhvtop_a_SOURCES += \
	%reldir%/model.h %reldir%/hooks.h %reldir%/source.h \
	%reldir%/xmldoc.h %reldir%/xmldoc.c \
	%reldir%/sample.c %reldir%/rates.h %reldir%/rates.c \
	%reldir%/stats.h %reldir%/stats.c \
	%reldir%/conn.h %reldir%/conn_priv.h %reldir%/conn.c \
	%reldir%/history.h %reldir%/history.c \
	%reldir%/slices.h %reldir%/slices.c
# management: jobs on worker threads, domain operations, snapshots
libhvtop_a_SOURCES += \
	%reldir%/jobs.h %reldir%/jobs.c \
	%reldir%/ops.h %reldir%/ops_priv.h %reldir%/ops.c \
	%reldir%/snapshot.h %reldir%/snapshot.c \
	%reldir%/sched.h %reldir%/sched.c \
	%reldir%/schedparams.h %reldir%/schedparams.c %reldir%/sched_jobs.c \
	%reldir%/migrate.h %reldir%/migrate.c
