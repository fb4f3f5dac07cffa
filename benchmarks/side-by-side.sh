#!/usr/bin/env bash
# The same guest components under jco/Node and under our host, in one sitting, with ratios.
#
#   benchmarks/side-by-side.sh [--calls N] [--warmup N] [--no-cli] [--precompiled JAR] [--no-interpreter] [GUEST...]
#
# --warmup/--calls: calls before measuring and calls measured, the same on both sides (default:
# 2000/200 for the small guests, whose first thousand calls still warm up the JVM's compilers;
# 3/5 for js-otel-sdk, whose calls take seconds on our interpreter).
#
# GUEST is a folder of integration-tests/guests (default: wat-otel c-otel js-otel-sdk). Per guest:
#   Node  jco 1.35.0 (`jco transpile`, WASI from @bytecodealliance/preview2-shim 0.26.1, installed
#         from the npm registry into benchmarks/target/side-by-side with the versions locked in
#         benchmarks/side-by-side/package-lock.json) and the recording wasi:otel host
#         integration-tests/guests/tools/otel-host.mjs, timed by side-by-side/node-timings.mjs;
#   ours  GuestTimings (benchmarks.jar) on Chicory's interpreter, and with ExecutionMode.COMPILER:
#         for small guests Chicory's run-time compiler; for js-otel-sdk only when its machine
#         compiled at build time is on the class path (integration-tests/target/classes, made by
#         `mvn -pl integration-tests -am package -DskipTests -P precompiled-js-guest`), since
#         compiling it at run time takes minutes and ~6 GB. --precompiled JAR puts a jar made by
#         `wasi-otel compile` (e.g. benchmarks/whole-run.sh's) on the class path instead.
#         --no-interpreter leaves the interpreter column out (the JS guest's calls take seconds there,
#         so a long warm-up of the precompiled column is only practical without it).
# GuestTimings gets the JVM options bin/wasi-otel uses (-XX:MaxNewSize=256m; SIDE_BY_SIDE_JAVA_OPTS
# replaces them). Each prints instantiate (ours: decode + instantiate), first call, per-call min and median after
# warm-up, and peak RSS of its process; then, unless --no-cli, one whole process each:
# `bin/wasi-otel run GUEST.wasm world` against a Node process that instantiates and calls once
# (wall and peak RSS from /usr/bin/time). The load average is printed with every guest: absolute
# numbers move with the machine's load, the ratios of one sitting much less.
#
# Needs: Java 17, Node 20 with npm, /usr/bin/time, and the built jars:
#   mvn -B -q -pl benchmarks,host -am package -DskipTests -P '!precompiled-js-guest'
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="${SIDE_BY_SIDE_DIR:-$root/benchmarks/target/side-by-side}"
jar="$root/benchmarks/target/benchmarks.jar"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
# GuestTimings runs with the JVM options bin/wasi-otel gives the CLI (SIDE_BY_SIDE_JAVA_OPTS replaces them)
java_opts="${SIDE_BY_SIDE_JAVA_OPTS:--XX:MaxNewSize=256m}"

calls=""
warmup=""
cli=1
interpreter=1
precompiled_jar=""
guests=()
while [ $# -gt 0 ]; do
  case "$1" in
    --calls) calls="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --no-cli) cli=0; shift ;;
    --no-interpreter) interpreter=0; shift ;;
    --precompiled) precompiled_jar="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,31p' "$0"; exit 0 ;;
    -*) echo "side-by-side.sh: unknown option $1" >&2; exit 2 ;;
    *) guests+=("$1"); shift ;;
  esac
done
[ ${#guests[@]} -gt 0 ] || guests=(wat-otel c-otel js-otel-sdk)
[ -f "$jar" ] || { echo "side-by-side.sh: $jar is missing; build it first (see --help)" >&2; exit 2; }
[ "$cli" = 0 ] || [ -f "$root/host/target/wasi-otel.jar" ] \
  || { echo "side-by-side.sh: host/target/wasi-otel.jar is missing; build it first or pass --no-cli" >&2; exit 2; }

# jco and the WASI shim, once per lock file
# shellcheck source=side-by-side/node-setup.sh
. "$root/benchmarks/side-by-side/node-setup.sh"
node_setup

# classes compiled at build time, if the precompiled-js-guest profile made them
precompiled_cp=""
if [ -n "$precompiled_jar" ]; then
  [ -f "$precompiled_jar" ] || { echo "side-by-side.sh: no jar $precompiled_jar" >&2; exit 2; }
  precompiled_cp=":$precompiled_jar"
elif [ -d "$root/integration-tests/target/classes/META-INF/wasi-otel/precompiled" ]; then
  precompiled_cp=":$root/integration-tests/target/classes"
fi

# value KEY LINE: the value of key=value in a result line
value() { tr ' ' '\n' <<< "$2" | sed -n "s/^$1=//p"; }
# ratio A B: A/B with one decimal ("-" if either is missing)
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b + 0 == 0) print "-"; else printf "%.1f", a / b }'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

row() { # row LABEL NODE OURS OURS2
  printf '  %-26s %12s %12s %8s %12s %8s\n' "$1" "$2" "$3" "$(ratio "$3" "$2")" "${4:--}" "$(ratio "${4:-}" "$2")"
}

echo "side-by-side: $(nproc) cores, $(java -version 2>&1 | head -1), node $(node --version), jco 1.35.0;" \
  "$(date -u +%FT%TZ)"
for guest in "${guests[@]}"; do
  if [ "$guest" = js-otel-sdk ]; then
    guest_calls="${calls:-5}" guest_warmup="${warmup:-3}"
  else
    guest_calls="${calls:-200}" guest_warmup="${warmup:-2000}"
  fi
  wasm="$guests_dir/$guest/$guest.wasm"
  [ -f "$wasm" ] || { echo "side-by-side.sh: no guest $wasm" >&2; exit 2; }
  out="$(transpiled "$guest" "$wasm")"

  echo
  echo "== $guest ($(stat -c %s "$wasm") bytes; $guest_warmup calls to warm up, $guest_calls measured);" \
    "load average before: $(load)"
  node_line="$(cd "$node_dir" && node node-timings.mjs "$out/$guest.js" "$host_js" --calls "$guest_calls" --warmup "$guest_warmup" \
    | grep '^RESULT ')"
  interp_line=""
  if [ "$interpreter" = 1 ]; then
    interp_line="$("$java" $java_opts -cp "$jar" dev.wasiotel.benchmarks.GuestTimings "$wasm" --mode INTERPRETER \
      --calls "$guest_calls" --warmup "$guest_warmup" | grep '^guest=')"
  fi
  compiler_line=""
  if [ "$guest" != js-otel-sdk ] || [ -n "$precompiled_cp" ]; then
    compiler_line="$("$java" $java_opts -cp "$jar$precompiled_cp" dev.wasiotel.benchmarks.GuestTimings "$wasm" --mode COMPILER \
      --calls "$guest_calls" --warmup "$guest_warmup" | grep '^guest=')"
  fi
  compiler_label="compiler"
  [ -z "$compiler_line" ] || [ "$(value precompiled "$compiler_line")" = 0 ] || compiler_label="precompiled"
  printf '  %-26s %12s %12s %8s %12s %8s\n' "" "node" "interpreter" "ratio" "$compiler_label" "ratio"
  ours_instantiate() { [ -z "$1" ] || awk -v d="$(value decode_ms "$1")" -v i="$(value instantiate_ms "$1")" 'BEGIN { printf "%.1f", d + i }'; }
  row "instantiate ms" "$(value instantiate_ms "$node_line")" "$(ours_instantiate "$interp_line")" \
    "$(ours_instantiate "$compiler_line")"
  row "first call ms" "$(value first_call_ms "$node_line")" "$(value first_call_ms "$interp_line")" \
    "$(value first_call_ms "$compiler_line")"
  row "per call median ms" "$(value median_ms "$node_line")" "$(value median_ms "$interp_line")" \
    "$(value median_ms "$compiler_line")"
  row "per call min ms" "$(value min_ms "$node_line")" "$(value min_ms "$interp_line")" \
    "$(value min_ms "$compiler_line")"
  row "per call CPU median ms" "$(value cpu_median_ms "$node_line")" "$(value cpu_median_ms "$interp_line")" \
    "$(value cpu_median_ms "$compiler_line")"
  mb() { [ -z "$1" ] || awk -v k="$1" 'BEGIN { printf "%.0f", k / 1024 }'; }
  row "peak RSS MB" "$(mb "$(value peak_rss_kb "$node_line")")" "$(mb "$(value peak_rss_kb "$interp_line")")" \
    "$(mb "$(value peak_rss_kb "$compiler_line")")"
  [ -z "$interp_line" ] || echo "  (ours: decode $(value decode_ms "$interp_line") ms + instantiate" \
    "$(value instantiate_ms "$interp_line") ms on the interpreter)"
  [ -z "$compiler_line" ] || echo "  (ours: decode $(value decode_ms "$compiler_line") ms + instantiate" \
    "$(value instantiate_ms "$compiler_line") ms with the $compiler_label)"

  if [ "$cli" = 1 ]; then
    timing="$work/time.txt"
    /usr/bin/time -o "$timing" -f '%e %M' node "$node_dir/node-timings.mjs" "$out/$guest.js" "$host_js" \
      --calls 1 --warmup 0 > /dev/null
    node_proc="$(cat "$timing")"
    /usr/bin/time -o "$timing" -f '%e %M' "$root/bin/wasi-otel" run "$wasm" world > /dev/null 2>&1 || true
    ours_proc="$(tail -1 "$timing")"
    row "one process: wall s" "$(cut -d' ' -f1 <<< "$node_proc")" "$(cut -d' ' -f1 <<< "$ours_proc")" ""
    row "one process: peak RSS MB" "$(mb "$(cut -d' ' -f2 <<< "$node_proc")")" "$(mb "$(cut -d' ' -f2 <<< "$ours_proc")")" ""
    echo "  (one process: node instantiates and calls run once; ours is \`bin/wasi-otel run $guest.wasm world\`)"
  fi
  echo "  load average after: $(load)"
done
