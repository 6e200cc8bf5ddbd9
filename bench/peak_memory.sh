#!/usr/bin/env bash
# Peak memory of one `layerlab` command: the process's peak RSS (GNU time) and the Java heap's peak before and after a
# collection (-Xlog:gc; "after" is the most the heap held live at a collection). docs/developer-guide.md, "Memory".
#   bench/peak_memory.sh LABEL XMX layerlab-args…      e.g.  bench/peak_memory.sh npy-train 4g train /tmp/layerlab-bigdata/npy.json --epochs 1
# LAYERLAB_DIR picks another checkout's ./layerlab (an older build to compare with); the logs go to ${OUT:-/tmp/layerlab-memory}.
set -u
label=$1 xmx=$2
shift 2
out=${OUT:-/tmp/layerlab-memory}
mkdir -p "$out" /tmp/layerlab-memory-home
here=${LAYERLAB_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
export LAYERLAB_JAVA_OPTS="-Duser.home=/tmp/layerlab-memory-home -Xmx$xmx -Xlog:gc:file=$out/$label.gc"
/usr/bin/time -f "%e %M" -o "$out/$label.time" "$here/layerlab" "$@" > "$out/$label.out" 2>&1
rc=$?
read -r wall rss < <(tail -n 1 "$out/$label.time")
peaks=$(grep -o '[0-9]*M->[0-9]*M' "$out/$label.gc" | awk -F'M->|M' '{if ($1 > b) b = $1; if ($2 > a) a = $2} END {print b + 0, a + 0}')
echo "$label: exit $rc, ${wall} s, peak RSS $((rss / 1024)) MB, heap peak before/after a collection ${peaks/ / \/ } MB"
