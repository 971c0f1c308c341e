#!/bin/bash
# Writes the include graph (scripts/layers.sh graph) into docs/ARCHITECTURE.md.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
graph=$("$top/scripts/layers.sh" graph "$top")
python3 - "$top/docs/ARCHITECTURE.md" "$graph" <<'PY'
import re, sys
path, graph = sys.argv[1], sys.argv[2]
s = open(path).read()
s = re.sub(r'(<!-- include-graph -->\n```text\n).*?(```\n<!-- /include-graph -->)',
           lambda m: m.group(1) + graph + '\n' + m.group(2), s, flags=re.S)
open(path, 'w').write(s)
PY
