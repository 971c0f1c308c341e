#!/bin/bash
# hvtop's layers, read off the #include lines of its sources.
#   layers.sh check [TOP]   fails naming every #include that goes against
#                           the layers (each one on its own line)
#   layers.sh graph [TOP]   the include graph by folder, as a text block
#                           (docs/ARCHITECTURE.md shows it)
# The layers, lowest first; a file may include headers of its own folder
# and of the folders below it, never above:
#   common < backend < kvm < views < ui
# and, whatever the folders' order says:
#   <libvirt/...> only in backend/ and kvm/;
#   curses (<curses.h>, <ncurses.h>, <term.h>, <panel.h>...) only in ui/
#   and views/;
#   no circle of includes inside a folder, counting a file's .c and .h as
#   one module, with its private header a_priv.h (ui/a.c including ui/b.h
#   and ui/b.c including ui/a.h is a circle): a module is understood by
#   reading the ones below it.
# tests/, bench/ and fuzz/ drive the layers from outside and are not
# checked.  Why a script and not the compiler: the rules are about which
# file may see which, and an #include line is where that is decided.
set -euo pipefail
mode=${1:-check}
top=${2:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top"

layers=(common backend kvm views ui)
rank() {
	local i
	for i in "${!layers[@]}"; do
		[ "${layers[$i]}" = "$1" ] && { echo "$i"; return; }
	done
	echo -1
}

# every "file:line:folder:included" of the layers' sources
includes() {
	local d f
	for d in "${layers[@]}"; do
		[ -d "$d" ] || continue
		for f in $(find "$d" -name '*.[ch]' | sort); do
			grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]' "$f" |
				sed -E "s|^([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*([<\"][^>\"]*[>\"]).*|$f:\1:$d:\2|" || true
		done
	done
}

case $mode in
check)
	bad=0
	while IFS=: read -r file line folder inc; do
		name=${inc:1:${#inc}-2}
		why=
		case $inc in
		\<libvirt/*)
			case $folder in backend|kvm) ;; *) why="libvirt is for backend/ and kvm/ only" ;; esac ;;
		\<curses.h\>|\<ncurses.h\>|\<ncursesw/*|\<term.h\>|\<panel.h\>|\<menu.h\>|\<form.h\>)
			case $folder in ui|views) ;; *) why="curses is for ui/ and views/ only" ;; esac ;;
		\"*/*)
			to=${name%%/*}
			r=$(rank "$to")
			if [ "$r" -ge 0 ] && [ "$r" -gt "$(rank "$folder")" ]; then
				why="$folder/ is below $to/ and may not include it"
			fi ;;
		esac
		if [ -n "$why" ]; then
			echo "$file:$line: #include $inc: $why"
			bad=$((bad + 1))
		fi
	done < <(includes)
	# circles inside a folder, as tsort (coreutils) finds them: it names
	# the modules of each loop on stderr
	loops=$(includes | while IFS=: read -r file line folder inc; do
		case $inc in
		\"$folder/*) to=${inc:1:${#inc}-2}; to=${to%.h}; to=${to%_priv}
			from=${file%.[ch]}; from=${from%_priv}
			[ "$to" != "$from" ] && echo "$from $to" ;;
		esac
	done | tsort 2>&1 >/dev/null | sed -n 's/^tsort: \([^-].*[^:]\)$/\1/p' | sort -u | tr '\n' ' ') || true
	if [ -n "$loops" ]; then
		echo "include circle among the modules: ${loops% } (each a .c and its .h)"
		bad=$((bad + 1))
	fi
	if [ $bad -gt 0 ]; then
		echo "layers: $bad include(s) against the layers (scripts/layers.sh)" >&2
		exit 1
	fi
	;;
graph)
	# folder -> folder edges with the number of #include lines behind each
	includes | while IFS=: read -r file line folder inc; do
		case $inc in
		\"*/*) to=${inc:1}; to=${to%%/*}; [ "$to" != "$folder" ] && echo "$folder $to" ;;
		\<libvirt/*) echo "$folder libvirt" ;;
		\<curses.h\>|\<ncurses.h\>|\<term.h\>) echo "$folder curses" ;;
		\<libconfig.h\>) echo "$folder libconfig" ;;
		esac
	done | sort | uniq -c | awk '
		{ n[$2] = n[$2] (n[$2] ? ", " : "") $3 " (" $1 ")" }
		END {
			split("ui views kvm backend common", order, " ")
			for (i = 1; i <= 5; i++)
				printf "%-8s -> %s\n", order[i], (order[i] in n) ? n[order[i]] : "(nothing)"
		}'
	;;
*)
	echo "usage: $0 check|graph [TOP]" >&2
	exit 2
	;;
esac
