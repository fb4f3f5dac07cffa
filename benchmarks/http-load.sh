#!/usr/bin/env bash
# HTTP load on loopback against the wasi:http guests, our server beside the Node peer, with ratios.
#
#   benchmarks/http-load.sh [--duration S] [--connections N] [--threads N] [--warmup S] [--heap SIZE]
#                           [--pool N] [--server 'COMMAND'] [--node-only | --ours-only] [SCENARIO...]
#
# For each scenario, each server in turn: start it on a free loopback port, wait until it answers,
# warm up (--warmup, default 5 s of the same load), run `wrk -c CONNECTIONS -t THREADS -d DURATION
# --latency --timeout 30s` (default 8 connections, 2 threads, 60 s), then SIGTERM it. Prints the
# load average when the server starts, requests/s, p50, p99, errors (socket errors + non-2xx), the
# server's peak RSS (VmHWM), for ours the peak heap (largest occupancy before a GC, from -Xlog:gc)
# and its telemetry account at exit (spans ended / exported / dropped), for the Node peer its
# wasi:otel counts (spans started / ended); then ours/node ratios.
#
# Ours runs with a bounded heap (JAVA_OPTS=-Xmx...; --heap sets it for every scenario; default 256m
# for the C guest, whose live heap is ~15 MB, and 2g for the JS guest, whose live heap reaches
# ~700 MB on Chicory with two 14 MB StarlingMonkey instances running) and exports every span,
# metric point and log record with the SDK's OTLP/HTTP exporter (batch span processor, default
# settings) to a local receiver, http-load/otlp-sink.mjs, which counts what it receives by walking
# the protobuf: "sink" is the spans that arrived there.
#
# Scenarios (default: c-http c-http-echo js-http-otel):
#   c-http         GET /                          (guests/c-http: fixed body, one wasi:otel span)
#   c-http-echo    POST /echo with a 64 KiB body  (guests/c-http: streamed echo)
#   js-http-otel   GET /load with x-downstream    (guests/js-http-otel: OpenTelemetry JS SDK, one
#                                                  outgoing fetch to a Node downstream server here)
#   js-http-otel-graalwasm  the same, ours on `serve --engine graalwasm` under JDK 25 with Truffle's
#                  optimizing runtime (JVMCI + the Graal compiler from ~/.m2, as README "Engines"
#                  says; needs engine-graalwasm/target/engine-graalwasm-*.jar, built with
#                  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 mvn -B -o -q -pl engine-graalwasm -am
#                  package -DskipTests -P '!precompiled-js-guest'); the Node peer's numbers are those
#                  of js-http-otel when it ran in the same invocation
#
# Servers:
#   node   integration-tests/guests/tools/serve-node.mjs: jco transpile + preview2-shim's HTTPServer,
#          a fresh instance per request (the `jco serve --isolate-requests instance` way, with a
#          wasi:otel host). Measured unless --ours-only (e.g. to compare --pool settings).
#   ours   --server 'COMMAND', run with `{wasm}` replaced by the guest's .wasm and `{port}` by the
#          port. Default: bin/wasi-otel serve {wasm} --listen 127.0.0.1:{port} --allow-outbound
#          127.0.0.1 [--pool N], when `bin/wasi-otel serve --help` works, else not measured
#          (--node-only skips it always).
#
# Needs: wrk (Debian: apt-get install wrk), curl, Node 20 with npm (each guest's node_modules is
# installed from its lock file when missing), and for ours the built CLI
# (mvn -B -q -pl host -am package -DskipTests -P '!precompiled-js-guest').
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
guests="$root/integration-tests/guests"
work="${HTTP_LOAD_DIR:-$root/benchmarks/target/http-load}"
java25="${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"

duration=60
connections=8
threads=2
warmup=5
heap=""
pool=0
server_cmd=""
node_only=0
ours_only=0
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --heap) heap="$2"; shift 2 ;;
    --pool) pool="$2"; shift 2 ;;
    --server) server_cmd="$2"; shift 2 ;;
    --node-only) node_only=1; shift ;;
    --ours-only) ours_only=1; shift ;;
    -h|--help) sed -n '2,45p' "$0"; exit 0 ;;
    -*) echo "http-load.sh: unknown option $1" >&2; exit 2 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(c-http c-http-echo js-http-otel)
command -v wrk >/dev/null || { echo "http-load.sh: wrk not found (Debian: apt-get install wrk)" >&2; exit 2; }
pool_opt=""
[ "$pool" = 0 ] || pool_opt=" --pool $pool"
if [ "$node_only" = 0 ] && [ -z "$server_cmd" ]; then
  if "$root/bin/wasi-otel" serve --help >/dev/null 2>&1; then
    server_cmd="$root/bin/wasi-otel serve {wasm} --listen 127.0.0.1:{port} --allow-outbound 127.0.0.1$pool_opt"
  else
    echo "http-load.sh: no \`wasi-otel serve\` (bin/wasi-otel serve --help fails) and no --server: measuring the Node peer only"
    node_only=1
  fi
fi
mkdir -p "$work"

# ours on GraalWasm: JDK 25, Truffle's optimizing runtime (JVMCI, the Graal compiler on the upgrade
# module path), the engine module on the class path beside the CLI jar
graal_cmd() {
  local g="$HOME/.m2/repository/org/graalvm" v=25.0.2 engine
  engine="$(ls "$root"/engine-graalwasm/target/engine-graalwasm-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1)"
  [ -n "$engine" ] || { echo "http-load.sh: no engine-graalwasm jar (see --help)" >&2; exit 2; }
  echo "$java25 -XX:MaxNewSize=256m -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI" \
    "--upgrade-module-path=$g/compiler/compiler/$v/compiler-$v.jar:$g/truffle/truffle-compiler/$v/truffle-compiler-$v.jar:$g/sdk/word/$v/word-$v.jar:$g/sdk/collections/$v/collections-$v.jar" \
    "--module-path=$g/polyglot/polyglot/$v/polyglot-$v.jar:$g/truffle/truffle-api/$v/truffle-api-$v.jar:$g/truffle/truffle-runtime/$v/truffle-runtime-$v.jar:$g/wasm/wasm-language/$v/wasm-language-$v.jar:$g/sdk/jniutils/$v/jniutils-$v.jar:$g/sdk/nativeimage/$v/nativeimage-$v.jar" \
    "--add-modules=ALL-MODULE-PATH \$JAVA_OPTS -cp $root/host/target/wasi-otel.jar:$engine" \
    "dev.wasiotel.host.WasiOtelCli serve {wasm} --engine graalwasm --listen 127.0.0.1:{port} --allow-outbound 127.0.0.1$pool_opt"
}

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
loadavg() {
  cut -d' ' -f1 /proc/loadavg
}

# The downstream server of the js-http-otel scenario: answers every request with 16 bytes.
start_downstream() {
  local port
  port="$(free_port)"
  node -e "require('http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('downstream data\n')); }).listen($port, '127.0.0.1')" &
  pids+=($!)
  downstream="http://127.0.0.1:$port/data"
}

# The OTLP receiver ours exports to, one per server run; sets sink_pid, sink_log, sink_port.
start_sink() {
  sink_port="$(free_port)"
  sink_log="$work/$scenario-otlp-sink.log"
  node "$root/benchmarks/http-load/otlp-sink.mjs" "$sink_port" > "$sink_log" 2>&1 &
  sink_pid=$!
  pids+=("$sink_pid")
  until grep -q listening "$sink_log" 2>/dev/null; do sleep 0.2; done
}
stop_sink() {
  kill -TERM "$sink_pid" 2>/dev/null || true
  wait "$sink_pid" 2>/dev/null || true
  sink_spans="$(sed -n 's/^otlp-sink: received \([0-9]*\) spans.*/\1/p' "$sink_log")"
}

# scenario -> guest folder, request path, wrk options
scenario_setup() {
  wrk_extra=()
  case "$1" in
    c-http*) scenario_heap="${heap:-256m}" ;;
    *) scenario_heap="${heap:-2g}" ;;
  esac
  case "$1" in
    c-http) guest=c-http; path=/ ;;
    c-http-echo)
      guest=c-http; path=/echo
      cat > "$work/echo.lua" <<'LUA'
wrk.method = "POST"
wrk.body = string.rep("0123456789abcdef", 4096)
wrk.headers["Content-Type"] = "application/octet-stream"
LUA
      wrk_extra=(-s "$work/echo.lua") ;;
    js-http-otel|js-http-otel-graalwasm)
      guest=js-http-otel; path=/load
      [ -n "${downstream:-}" ] || start_downstream
      wrk_extra=(-H "x-downstream: $downstream") ;;
    *) echo "http-load.sh: unknown scenario $1" >&2; exit 2 ;;
  esac
}

# Starts a server (node|ours) for $guest on a free port; sets server_pid, port, server_log.
start_server() {
  local which="$1"
  port="$(free_port)"
  server_log="$work/$scenario-$which.log"
  gc_log="$work/$scenario-$which.gc"
  rm -f "$gc_log"
  if [ "$which" = node ]; then
    [ -d "$guests/$guest/node_modules" ] || (cd "$guests/$guest" && ../tools/npm-install.sh)
    (cd "$guests/$guest" && exec node ../tools/serve-node.mjs "$guest.wasm" --port "$port" --quiet) > "$server_log" 2>&1 &
  else
    start_sink
    local cmd="$server_cmd"
    [ "$scenario" != js-http-otel-graalwasm ] || cmd="$(graal_cmd)"
    cmd="${cmd//\{wasm\}/$guests/$guest/$guest.wasm}"
    cmd="${cmd//\{port\}/$port}"
    echo "$cmd" > "$work/$scenario-$which.cmd"
    JAVA_OPTS="-Xmx$scenario_heap -Xlog:gc:file=$gc_log ${JAVA_OPTS:-}" \
      OTEL_TRACES_EXPORTER=otlp OTEL_METRICS_EXPORTER=otlp OTEL_LOGS_EXPORTER=otlp \
      OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_EXPORTER_OTLP_ENDPOINT="http://127.0.0.1:$sink_port" \
      bash -c "exec $cmd" > "$server_log" 2>&1 &
  fi
  server_pid=$!
  pids+=("$server_pid")
  local deadline=$((SECONDS + 300))
  until curl -s -o /dev/null --max-time 60 "${curl_extra[@]}" "http://127.0.0.1:$port$path"; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "http-load.sh: $which server for $guest did not come up; its log:" >&2
      cat "$server_log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

stop_server() {
  local which="$1"
  peak_rss_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo "?")"
  kill -TERM "$server_pid" 2>/dev/null || true
  # a server that does not stop within 60 s is killed (and its row says so)
  local waited=0
  while kill -0 "$server_pid" 2>/dev/null && [ $waited -lt 120 ]; do sleep 0.5; waited=$((waited + 1)); done
  if kill -0 "$server_pid" 2>/dev/null; then
    echo "http-load.sh: the $which server did not stop within 60 s of SIGTERM: killed" >&2
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  local status=0
  wait "$server_pid" 2>/dev/null || status=$?
  heap_peak="-"
  spans="-"
  sink_spans="-"
  if [ "$which" = node ]; then
    # "otel: requests N, spans started N, ended N, ..."
    spans="$(sed -n 's/.*spans started \([0-9]*\), ended \([0-9]*\).*/\1\/\2/p' "$server_log" | tail -n 1)"
  else
    stop_sink
    # "wasi-otel: telemetry: N spans ended, N exported, N dropped; ..." (exit 75 when something was lost)
    spans="$(sed -n 's/^wasi-otel: telemetry: \([0-9,]*\) spans ended, \([0-9,]*\) exported, \([0-9,]*\) dropped.*/\1\/\2\/\3/p' "$server_log" | tr -d ,)"
    [ "$status" = 143 ] || spans="$spans(exit $status)"
    # the largest heap occupancy before a collection: "... 312M->40M(512M) ..."
    heap_peak="$(grep -o '[0-9]*M->[0-9]*M([0-9]*M)' "$gc_log" 2>/dev/null | sed 's/M->.*//' | sort -n | tail -n 1)"
    heap_peak="${heap_peak:-?}"
  fi
}

# Runs wrk; sets rps, p50, p99, errors (and keeps its output in $work).
measure() {
  local which="$1"
  local url="http://127.0.0.1:$port$path"
  if [ "$warmup" != 0 ]; then
    wrk -c "$connections" -t "$threads" -d "${warmup}s" --timeout 30s "${wrk_extra[@]}" "$url" > /dev/null
  fi
  local out="$work/$scenario-$which.wrk"
  wrk -c "$connections" -t "$threads" -d "${duration}s" --timeout 30s --latency "${wrk_extra[@]}" "$url" > "$out"
  rps="$(awk '/^Requests\/sec:/ {print $2}' "$out")"
  p50="$(awk '$1 == "50%" {print $2}' "$out")"
  p99="$(awk '$1 == "99%" {print $2}' "$out")"
  local socket non2xx
  socket="$(awk '/Socket errors:/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$out")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/ {print $5}' "$out")"
  errors=$(( ${socket:-0} + ${non2xx:-0} ))
  requests="$(awk '/requests in/ {print $1}' "$out")"
}

# wrk prints latencies as 1.23ms, 456.78us, 1.02s, 1.5m: in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

echo "http-load: ${connections} connections, ${threads} wrk threads, ${duration} s (+${warmup} s warm-up) per server;" \
  "ours: -Xmx${heap:-256m (C), 2g (JS)}, pool $pool, OTLP to a local sink; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
fmt='%-22s %-5s %5s %9s %9s %10s %10s %6s %7s %6s %-20s %s\n'
printf "$fmt" scenario serve load requests req/s p50_ms p99_ms errors rss_MiB heap_M "spans" "sink"
printf "$fmt" "" "" "" "" "" "" "" "" "" "" "(node: started/ended;" ""
printf "$fmt" "" "" "" "" "" "" "" "" "" "" " ours: ended/exported/dropped)" ""
summary=()
declare -A node_result=()
for scenario in "${scenarios[@]}"; do
  scenario_setup "$scenario"
  curl_extra=()
  if [ "$scenario" = c-http-echo ]; then curl_extra=(-X POST --data-binary x); fi
  if [ "$guest" = js-http-otel ]; then curl_extra=(-H "x-downstream: $downstream"); fi
  declare -A result=()
  servers=()
  # the Node peer of js-http-otel-graalwasm is js-http-otel's, when measured in this run
  if [ "$scenario" = js-http-otel-graalwasm ] && [ -n "${node_result[js-http-otel.rps]:-}" ]; then
    result[node.rps]="${node_result[js-http-otel.rps]}"; result[node.p50]="${node_result[js-http-otel.p50]}"
    result[node.p99]="${node_result[js-http-otel.p99]}"
  else
    [ "$ours_only" = 1 ] || servers+=(node)
  fi
  [ "$node_only" = 1 ] || servers+=(ours)
  for which in "${servers[@]}"; do
    load="$(loadavg)"
    start_server "$which"
    measure "$which"
    stop_server "$which"
    rss_mib="$( [ "$peak_rss_kb" = "?" ] && echo "?" || awk -v k="$peak_rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
    printf "$fmt" "$scenario" "$which" "$load" "$requests" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors" \
      "$rss_mib" "$heap_peak" "$spans" "$sink_spans"
    result[$which.rps]="$rps"; result[$which.p50]="$(to_ms "$p50")"; result[$which.p99]="$(to_ms "$p99")"
    if [ "$which" = ours ] && [ "$pool" != 0 ]; then
      sed -n 's/^wasi-otel: pool: /    pool: /p' "$server_log"
    fi
    if [ "$which" = node ]; then
      node_result[$scenario.rps]="$rps"; node_result[$scenario.p50]="$(to_ms "$p50")"; node_result[$scenario.p99]="$(to_ms "$p99")"
    fi
  done
  if [ "$node_only" = 0 ] && [ -n "${result[node.rps]:-}" ]; then
    summary+=("$(printf '%-22s ours/node: req/s x%s, p50 x%s, p99 x%s' "$scenario" \
      "$(ratio "${result[ours.rps]}" "${result[node.rps]}")" "$(ratio "${result[ours.p50]}" "${result[node.p50]}")" \
      "$(ratio "${result[ours.p99]}" "${result[node.p99]}")")")
  fi
  unset result
done
for line in "${summary[@]}"; do echo "$line"; done
echo "wrk outputs, server logs, GC logs and commands: $work"
