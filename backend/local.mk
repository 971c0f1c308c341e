libhvtop_a_SOURCES += \
	%reldir%/model.h %reldir%/util.h %reldir%/util.c \
	%reldir%/snap.c %reldir%/rates.h %reldir%/rates.c \
	%reldir%/stats.h %reldir%/stats.c \
	%reldir%/conn.h %reldir%/conn_priv.h %reldir%/conn.c \
	%reldir%/history.h %reldir%/history.c
