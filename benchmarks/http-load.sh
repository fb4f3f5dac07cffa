#!/usr/bin/env bash
# HTTP load on loopback against the wasi:http guests, our server beside the Node peer, with ratios.
#
#   benchmarks/http-load.sh [--duration S] [--connections N] [--threads N] [--warmup S]
#                           [--server 'COMMAND'] [--node-only] [SCENARIO...]
#
# For each scenario, each server in turn: start it on a free loopback port, wait until it answers,
# warm up (--warmup, default 5 s of the same load), run `wrk -c CONNECTIONS -t THREADS -d DURATION
# --latency --timeout 30s` (default 8 connections, 2 threads, 60 s), then SIGTERM it. Prints
# requests/s, p50, p99, errors (socket errors + non-2xx), the server's peak RSS (VmHWM), and the
# server's last stderr line after SIGTERM (the Node peer prints its wasi:otel counts there:
# spans started = spans ended says no span was lost); then ours/node ratios.
#
# Scenarios (default: c-http js-http-otel):
#   c-http         GET /                          (guests/c-http: fixed body, one wasi:otel span)
#   c-http-echo    POST /echo with a 64 KiB body  (guests/c-http: streamed echo)
#   js-http-otel   GET /load with x-downstream    (guests/js-http-otel: OpenTelemetry JS SDK, one
#                                                  outgoing fetch to a Node downstream server here)
#
# Servers:
#   node   integration-tests/guests/tools/serve-node.mjs: jco transpile + preview2-shim's HTTPServer,
#          a fresh instance per request (the `jco serve --isolate-requests instance` way, with a
#          wasi:otel host). Always measured.
#   ours   --server 'COMMAND', run with `{wasm}` replaced by the guest's .wasm and `{port}` by the
#          port, e.g. --server 'bin/wasi-otel serve {wasm} --listen 127.0.0.1:{port} --allow-outbound 127.0.0.1'. Default:
#          that command when `bin/wasi-otel serve --help` works, else not measured (--node-only
#          skips it always).
#
# Needs: wrk (Debian: apt-get install wrk), curl, Node 20 with npm (each guest's node_modules is
# installed from its lock file when missing), and for ours the built CLI
# (mvn -B -q -pl host -am package -DskipTests -P '!precompiled-js-guest').
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
guests="$root/integration-tests/guests"
work="${HTTP_LOAD_DIR:-$root/benchmarks/target/http-load}"

duration=60
connections=8
threads=2
warmup=5
server_cmd=""
node_only=0
scenarios=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --server) server_cmd="$2"; shift 2 ;;
    --node-only) node_only=1; shift ;;
    -h|--help) sed -n '2,33p' "$0"; exit 0 ;;
    -*) echo "http-load.sh: unknown option $1" >&2; exit 2 ;;
    *) scenarios+=("$1"); shift ;;
  esac
done
[ ${#scenarios[@]} -gt 0 ] || scenarios=(c-http js-http-otel)
command -v wrk >/dev/null || { echo "http-load.sh: wrk not found (Debian: apt-get install wrk)" >&2; exit 2; }
if [ "$node_only" = 0 ] && [ -z "$server_cmd" ]; then
  if "$root/bin/wasi-otel" serve --help >/dev/null 2>&1; then
    server_cmd="$root/bin/wasi-otel serve {wasm} --listen 127.0.0.1:{port} --allow-outbound 127.0.0.1"
  else
    echo "http-load.sh: no \`wasi-otel serve\` (bin/wasi-otel serve --help fails) and no --server: measuring the Node peer only"
    node_only=1
  fi
fi
mkdir -p "$work"

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# The downstream server of the js-http-otel scenario: answers every request with 16 bytes.
start_downstream() {
  local port
  port="$(free_port)"
  node -e "require('http').createServer((q, r) => { q.resume(); q.on('end', () => r.end('downstream data\n')); }).listen($port, '127.0.0.1')" &
  pids+=($!)
  downstream="http://127.0.0.1:$port/data"
}

# scenario -> guest folder, request path, wrk options
scenario_setup() {
  wrk_extra=()
  case "$1" in
    c-http) guest=c-http; path=/ ;;
    c-http-echo)
      guest=c-http; path=/echo
      cat > "$work/echo.lua" <<'EOF'
wrk.method = "POST"
wrk.body = string.rep("0123456789abcdef", 4096)
wrk.headers["Content-Type"] = "application/octet-stream"
EOF
      wrk_extra=(-s "$work/echo.lua") ;;
    js-http-otel)
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
  if [ "$which" = node ]; then
    [ -d "$guests/$guest/node_modules" ] || (cd "$guests/$guest" && ../tools/npm-install.sh)
    (cd "$guests/$guest" && exec node ../tools/serve-node.mjs "$guest.wasm" --port "$port" --quiet) > "$server_log" 2>&1 &
  else
    local cmd="${server_cmd//\{wasm\}/$guests/$guest/$guest.wasm}"
    cmd="${cmd//\{port\}/$port}"
    bash -c "exec $cmd" > "$server_log" 2>&1 &
  fi
  server_pid=$!
  pids+=("$server_pid")
  local deadline=$((SECONDS + 180))
  until curl -s -o /dev/null --max-time 30 "${curl_extra[@]}" "http://127.0.0.1:$port$path"; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ $SECONDS -gt $deadline ]; then
      echo "http-load.sh: $which server for $guest did not come up; its log:" >&2
      cat "$server_log" >&2
      exit 1
    fi
    sleep 0.5
  done
}

stop_server() {
  peak_rss_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo "?")"
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  last_line="$(grep -v '^\s*$' "$server_log" | tail -n 1 || true)"
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

# wrk prints latencies as 1.23ms, 456.78us, 1.02s: in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.3f", n }'
}
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 == 0) print "-"; else printf "%.2f", a / b }'
}

echo "http-load: ${connections} connections, ${threads} wrk threads, ${duration} s (+${warmup} s warm-up) per server; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-13s %-5s %10s %9s %10s %10s %7s %10s  %s\n' scenario serve requests req/s p50_ms p99_ms errors rss_MiB "server's last line"
summary=()
for scenario in "${scenarios[@]}"; do
  scenario_setup "$scenario"
  curl_extra=()
  if [ "$scenario" = c-http-echo ]; then curl_extra=(-X POST --data-binary x); fi
  if [ "$scenario" = js-http-otel ]; then curl_extra=(-H "x-downstream: $downstream"); fi
  declare -A result=()
  servers=(node)
  [ "$node_only" = 1 ] || servers+=(ours)
  for which in "${servers[@]}"; do
    start_server "$which"
    measure "$which"
    stop_server
    rss_mib="$( [ "$peak_rss_kb" = "?" ] && echo "?" || awk -v k="$peak_rss_kb" 'BEGIN { printf "%.0f", k / 1024 }')"
    printf '%-13s %-5s %10s %9s %10s %10s %7s %10s  %s\n' "$scenario" "$which" "$requests" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" "$errors" "$rss_mib" "$last_line"
    result[$which.rps]="$rps"; result[$which.p50]="$(to_ms "$p50")"; result[$which.p99]="$(to_ms "$p99")"
  done
  if [ "$node_only" = 0 ]; then
    summary+=("$(printf '%-13s ours/node: req/s x%s, p50 x%s, p99 x%s' "$scenario" \
      "$(ratio "${result[ours.rps]}" "${result[node.rps]}")" "$(ratio "${result[ours.p50]}" "${result[node.p50]}")" \
      "$(ratio "${result[ours.p99]}" "${result[node.p99]}")")")
  fi
  unset result
done
for line in "${summary[@]}"; do echo "$line"; done
echo "wrk outputs and server logs: $work"
