#!/usr/bin/env bash
# One whole `wasi-otel run` of a guest, as a user runs it after what the README tells them to do
# first (`wasi-otel compile`), against one whole Node process running the same guest with jco, in
# one sitting: wall time (min and median of N processes) and peak RSS, and the ratios.
#
#   benchmarks/whole-run.sh [--runs N] [--no-compile] [--no-node] [GUEST]    # GUEST default: js-otel-sdk
#
# Ours:  `bin/wasi-otel compile GUEST.wasm -o benchmarks/target/whole-run/GUEST.jar` once (wall, CPU,
#        peak RSS, and what it printed), then N x `bin/wasi-otel run --precompiled GUEST.jar GUEST.wasm
#        world` (telemetry to the console, discarded), each a fresh JVM with the launcher's defaults
#        (JAVA_OPTS is passed on if set; say so when reporting).
# Node:  `jco transpile` once (as benchmarks/side-by-side.sh does it: jco 1.35.0 and preview2-shim
#        0.26.1 from the npm registry, wasi:otel mapped to integration-tests/guests/tools/otel-host.mjs),
#        then N x one Node process that instantiates the guest and calls run("world") once
#        (benchmarks/side-by-side/node-timings.mjs --calls 1 --warmup 0).
# --no-compile reuses the jar of an earlier run (it must be from this guest and this build).
# Timing: hyperfine (one warm-up process each, then N) when installed, else a loop; peak RSS and CPU
# time (user + sys, steadier than wall on a loaded machine) of each process from /usr/bin/time. The load average is printed before and after: the machine's
# other work moves absolute numbers, the ratio of one sitting much less.
#
# Needs: Java 17, Node 20 with npm, /usr/bin/time, and the CLI jar:
#   mvn -B -q -pl host -am package -DskipTests -P '!precompiled-js-guest'
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${SIDE_BY_SIDE_DIR:-$root/benchmarks/target/side-by-side}"
out_dir="$root/benchmarks/target/whole-run"
runs=10
compile=1
node_side=1
guest=js-otel-sdk
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --no-compile) compile=0; shift ;;
    --no-node) node_side=0; shift ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    -*) echo "whole-run.sh: unknown option $1" >&2; exit 2 ;;
    *) guest="$1"; shift ;;
  esac
done
[ -f "$root/host/target/wasi-otel.jar" ] || { echo "whole-run.sh: host/target/wasi-otel.jar is missing; build it first (see --help)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "whole-run.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }
# shellcheck source=side-by-side/node-setup.sh
. "$root/benchmarks/side-by-side/node-setup.sh"
wasm="$guests_dir/$guest/$guest.wasm"
[ -f "$wasm" ] || { echo "whole-run.sh: no guest $wasm" >&2; exit 2; }
mkdir -p "$out_dir"
jar="$out_dir/$guest.jar"
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "whole-run: $guest ($(stat -c %s "$wasm") bytes); $(nproc) cores, $(java -version 2>&1 | head -1)," \
  "node $(node --version); JAVA_OPTS='${JAVA_OPTS:-}'; $(date -u +%FT%TZ); load average $(load)"

if [ "$compile" = 1 ]; then
  /usr/bin/time -o "$out_dir/compile.time" -f '%e %U %S %M' "$root/bin/wasi-otel" compile -v "$wasm" -o "$jar" \
    > "$out_dir/compile.out" 2>&1 || { cat "$out_dir/compile.out" >&2; exit 1; }
  read -r c_wall c_user c_sys c_rss < "$out_dir/compile.time"
  echo "compile (once): wall ${c_wall} s, CPU $(awk -v u="$c_user" -v s="$c_sys" 'BEGIN { printf "%.1f", u + s }') s," \
    "peak RSS $((c_rss / 1024)) MB, jar $(( $(stat -c %s "$jar") / 1024 )) KiB; load average $(load)"
  sed 's/^/  | /' "$out_dir/compile.out"
fi
[ -f "$jar" ] || { echo "whole-run.sh: $jar is missing; run without --no-compile" >&2; exit 2; }

# measure NAME COMMAND...: N timed processes (after one warm-up); writes NAME.walls, NAME.rss (peak RSS KB,
# user s, sys s) and NAME.cpu (user + sys s), one line a process
measure() {
  local name="$1"
  shift
  rm -f "$out_dir/$name.rss" "$out_dir/$name.walls"
  local timed=(/usr/bin/time -a -o "$out_dir/$name.rss" -f '%M %U %S' "$@")
  if command -v hyperfine > /dev/null; then
    # hyperfine runs the command through a shell: quote each word
    hyperfine --style none --warmup 1 --runs "$runs" --export-json "$out_dir/$name.json" \
      "$(printf '%q ' "${timed[@]}") > /dev/null 2>&1" > /dev/null
    # the warm-up process wrote a line too: keep the last N
    tail -n "$runs" "$out_dir/$name.rss" > "$out_dir/$name.rss.tmp" && mv "$out_dir/$name.rss.tmp" "$out_dir/$name.rss"
    python3 -c 'import json, sys; [print(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]]' \
      "$out_dir/$name.json" > "$out_dir/$name.walls"
  else
    "${timed[@]}" > /dev/null 2>&1
    rm -f "$out_dir/$name.rss"
    local i start end
    for ((i = 0; i < runs; i++)); do
      start=$(date +%s.%N)
      "${timed[@]}" > /dev/null 2>&1
      end=$(date +%s.%N)
      awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f\n", b - a }' >> "$out_dir/$name.walls"
    done
  fi
  awk '{ print $2 + $3 }' "$out_dir/$name.rss" > "$out_dir/$name.cpu"
}
# stat FILE min|median: of the numbers in FILE (the first column), one a line
stat_of() { cut -d' ' -f1 "$1" | sort -g | awk -v what="$2" '{ v[NR] = $1 } END { print (what == "min") ? v[1] : v[int((NR + 1) / 2)] }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.1f", a / b }'; }

measure ours "$root/bin/wasi-otel" run --precompiled "$jar" "$wasm" world
echo "ours: $runs runs done; load average $(load)"
if [ "$node_side" = 1 ]; then
  node_setup > /dev/null
  transpiled_dir="$(transpiled "$guest" "$wasm")"
  (cd "$node_dir" && measure node node node-timings.mjs "$transpiled_dir/$guest.js" "$host_js" --calls 1 --warmup 0)
  echo "node: $runs runs done; load average $(load)"
fi

printf '\n  %-26s %12s %12s %8s\n' "" "node" "ours" "ratio"
row() { # row LABEL FILE STAT SCALE FORMAT
  local o n=""
  o="$(awk -v v="$(stat_of "$out_dir/ours.$2" "$3")" -v s="$4" -v f="$5" 'BEGIN { printf f, v / s }')"
  [ "$node_side" = 0 ] || n="$(awk -v v="$(stat_of "$out_dir/node.$2" "$3")" -v s="$4" -v f="$5" 'BEGIN { printf f, v / s }')"
  printf '  %-26s %12s %12s %8s\n' "$1" "${n:--}" "$o" "$([ -z "$n" ] && echo - || ratio "$o" "$n")"
}
row "wall s, min" walls min 1 %.2f
row "wall s, median" walls median 1 %.2f
row "CPU s (user+sys), min" cpu min 1 %.2f
row "CPU s (user+sys), median" cpu median 1 %.2f
row "peak RSS MB, min" rss min 1024 %.0f
row "peak RSS MB, median" rss median 1024 %.0f
echo "  ($runs processes each after one warm-up; ours: bin/wasi-otel run --precompiled $guest.jar $guest.wasm world;" \
  "node: node-timings.mjs --calls 1, jco-transpiled)"
