# Configuration and themes (issue 5).
themesdir = $(pkgdatadir)/themes
dist_themes_DATA = \
	%reldir%/default.conf \
	%reldir%/light.conf \
	%reldir%/mono.conf \
	%reldir%/high-contrast.conf \
	%reldir%/solarized-dark.conf
