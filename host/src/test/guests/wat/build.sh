#!/usr/bin/env bash
# Rebuilds the committed component fixtures of the host module from the WAT sources here:
# wabt's wat2wasm assembles each core module, `jco embed` adds the component type of its WIT
# world, `jco new` wraps it into a component. Run `npm ci` first; SHARED points at the shared
# folder with the wasi-otel WIT (default: the one beside the repository).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shared="${SHARED:-$here/../../../../../../shared}"
out="$here/../../resources/components"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
jco() { node --import "$here/preopen.mjs" "$(readlink -f "$here/node_modules/.bin/jco")" "$@"; }
wat2wasm() { "$here/node_modules/.bin/wat2wasm" "$@"; }

# The WIT of fixture $1 with the wasi-otel package (and its deps) as dependencies.
wit_dir() {
  local dir="$work/$1-wit"
  mkdir -p "$dir/deps"
  cp "$here/$1/wit/"*.wit "$dir/"
  cp -r "$shared/wit/wasi-otel" "$dir/deps/wasi-otel"
  rm -rf "$dir/deps/wasi-otel/deps"
  cp -r "$shared/wit/wasi-otel/deps/"* "$dir/deps/"
  echo "$dir"
}

# Component fixtures: core module + WIT world -> component.
for name in otel resource; do
  wat2wasm "$here/$name/guest.wat" -o "$work/$name.core.wasm"
  jco embed "$work/$name.core.wasm" --wit "$(wit_dir "$name")" -o "$work/$name.embed.wasm"
  jco new "$work/$name.embed.wasm" -o "$out/$name.wasm"
done

# A preview1 command adapted to WASI 0.2 with the adapter that ships with jco.
wat2wasm "$here/command/guest.wat" -o "$work/command.core.wasm"
jco new "$work/command.core.wasm" --wasi-command -o "$out/command.wasm"
# A component written in the component text format.
jco parse "$here/composed/component.wat" -o "$out/composed.wasm"
ls -l "$out"
