#!/usr/bin/env bash
# Builds every example guest with its own build.sh (after tools/npm-install.sh where node_modules is missing).
#   build-all.sh            rebuild all guests in place
#   build-all.sh --verify   also run each guest's verify.mjs (jco transpile + recording JS host)
#   build-all.sh --check    build into a scratch copy instead and compare with the committed .wasm:
#                           the guests must come out byte-identical, except the componentize-js ones
#                           (js-otel-sdk, js-http-otel; see README)
# Options combine; guest names after the options restrict the run (e.g. `build-all.sh --check c-otel`).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${WASI_OTEL_SHARED:-$here/../../../shared}"
export WASI_OTEL_SHARED="$(cd "$shared" && pwd)"

verify=0
check=0
guests=()
for arg in "$@"; do
  case "$arg" in
    --verify) verify=1 ;;
    --check) check=1 ;;
    -*) echo "build-all.sh: unknown option $arg" >&2; exit 2 ;;
    *) guests+=("$arg") ;;
  esac
done
[ ${#guests[@]} -gt 0 ] || guests=(wat-otel c-otel as-otel observe-guest hostile c-http js-otel-sdk js-http-otel)

# The componentize-js guests are not byte-reproducible: Wizer snapshots the JS engine's heap, which
# differs from run to run. Their check passes when only the main core module's data section differs.
allowed_difference() {
  { [ "$1" = js-otel-sdk ] || [ "$1" = js-http-otel ]; } && [[ "$2" =~ ^differ\ in\ 2\ of\ [0-9]+\ sections:\ ([0-9]+):core-module,\ ([0-9]+):core-module/[0-9]+:data$ ]] \
    && [ "${BASH_REMATCH[1]}" = "${BASH_REMATCH[2]}" ]
}

status=0
for guest in "${guests[@]}"; do
  dir="$here/$guest"
  [ -x "$dir/build.sh" ] || { echo "build-all.sh: no guest $guest" >&2; exit 2; }
  [ -d "$dir/node_modules" ] || (cd "$dir" && "$here/tools/npm-install.sh")
  if [ "$check" = 1 ]; then
    scratch="$(mktemp -d)"
    # The copy keeps the guest's place relative to tools/; node_modules is shared by a symlink.
    mkdir -p "$scratch/guests"
    cp -r "$here/tools" "$scratch/guests/"
    (cd "$dir" && tar --exclude=node_modules --exclude=build -cf - .) | (mkdir -p "$scratch/guests/$guest" && cd "$scratch/guests/$guest" && tar -xf -)
    ln -s "$dir/node_modules" "$scratch/guests/$guest/node_modules"
    start=$(date +%s%N)
    "$scratch/guests/$guest/build.sh" > "$scratch/build.log" 2>&1 || { cat "$scratch/build.log"; exit 1; }
    ms=$(( ($(date +%s%N) - start) / 1000000 ))
    for wasm in "$dir"/*.wasm; do
      file="$(basename "$wasm")"
      result="$(node "$here/tools/compare-wasm.mjs" "$wasm" "$scratch/guests/$guest/$file" || true)"
      if [ "$result" = identical ]; then
        echo "check $guest: rebuilt in ${ms} ms, $file byte-identical to the committed one"
      elif allowed_difference "$guest" "$result"; then
        echo "check $guest: rebuilt in ${ms} ms, $file $result (the Wizer heap snapshot; expected)"
      else
        echo "check $guest: rebuilt in ${ms} ms, $file NOT reproducible: $result"
        status=1
      fi
    done
    rm -rf "$scratch"
  else
    start=$(date +%s%N)
    "$dir/build.sh"
    echo "built $guest in $(( ($(date +%s%N) - start) / 1000000 )) ms"
  fi
  if [ "$verify" = 1 ]; then
    node "$dir/verify.mjs" || status=1
  fi
done
exit $status
