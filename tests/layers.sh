#!/bin/bash
# The layer check (scripts/layers.sh) on hvtop's own sources, after
# proving on a small tree of its own that it catches each kind of wrong
# include; and docs/ARCHITECTURE.md's include graph is the current one.
# It runs no hvtop and reads nothing of HOME (only the source tree), so it
# does not source tests/lib/common.sh.
set -euo pipefail
src=${top_srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. the check can fail: one wrong include per rule
mkdir -p "$tmp"/t/{common,backend,kvm,views,ui}
printf '#include "common/util.h"\n#include <libvirt/libvirt.h>\n' > "$tmp/t/backend/ok.c"
printf '#include "backend/conn.h"\n#include <curses.h>\n' > "$tmp/t/ui/ok.c"
cp -r "$tmp/t" "$tmp/good"
"$src/scripts/layers.sh" check "$tmp/good" > "$tmp/out" || fail "a tree without wrong includes was refused: $(cat "$tmp/out")"
printf '#include "kvm/embed.h"\n' > "$tmp/t/backend/a.c"
printf '#include <libvirt/libvirt.h>\n' > "$tmp/t/ui/b.c"
printf '#include <curses.h>\n' > "$tmp/t/common/c.h"
printf '#include "ui/app.h"\n' > "$tmp/t/views/d.c"
printf '  #  include "views/view.h"\n' > "$tmp/t/kvm/e.c"
# a circle of modules in one folder: f.c includes g.h, g.c includes f.h
printf '#include "ui/g.h"\n' > "$tmp/t/ui/f.c"
printf '#include "ui/f.h"\n' > "$tmp/t/ui/g.c"
: > "$tmp/t/ui/f.h"
: > "$tmp/t/ui/g.h"
if "$src/scripts/layers.sh" check "$tmp/t" > "$tmp/out" 2>&1; then
	fail "the layer check passed a tree with wrong includes"
fi
for want in 'backend/a.c:1: #include "kvm/embed.h": backend/ is below kvm/' \
	    'ui/b.c:1: #include <libvirt/libvirt.h>: libvirt is for backend/ and kvm/ only' \
	    'common/c.h:1: #include <curses.h>: curses is for ui/ and views/ only' \
	    'views/d.c:1: #include "ui/app.h": views/ is below ui/' \
	    'kvm/e.c:1: #include "views/view.h": kvm/ is below views/' \
	    'include circle among the modules: ui/f ui/g'; do
	grep -qF "$want" "$tmp/out" || fail "the layer check did not say: $want (it said: $(cat "$tmp/out"))"
done

# 2. hvtop's own sources
"$src/scripts/layers.sh" check "$src" || fail "includes against the layers (above)"

# 3. the graph in docs/ARCHITECTURE.md is the one the sources give
"$src/scripts/layers.sh" graph "$src" > "$tmp/graph"
sed -n '/<!-- include-graph -->/,/<!-- \/include-graph -->/p' "$src/docs/ARCHITECTURE.md" |
	sed '1,2d;$d' | sed '$d' > "$tmp/doc"
diff -u "$tmp/doc" "$tmp/graph" ||
	fail "docs/ARCHITECTURE.md's include graph is out of date: run scripts/update-docs-graph.sh"
echo "layers: sources and docs/ARCHITECTURE.md agree"
