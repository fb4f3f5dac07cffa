#!/usr/bin/env bash
# Rebuilds the committed component fixtures of the component module from the WAT sources here:
# wabt's wat2wasm assembles each core module, `jco embed` adds the component type of its WIT
# world (otel/wit/deps vendors the wasi-otel WIT from ../shared, with its licence), `jco new`
# wraps it into a component. Run `npm install --no-save` here first (npm ci rejects jco's lock file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../../resources/components"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
jco() { node --import "$here/preopen.mjs" "$(readlink -f "$here/node_modules/.bin/jco")" "$@"; }
wat2wasm() { "$here/node_modules/.bin/wat2wasm" "$@"; }

# Component fixtures: core module + WIT world -> component.
for name in otel resource; do
  wat2wasm "$here/$name/guest.wat" -o "$work/$name.core.wasm"
  jco embed "$work/$name.core.wasm" --wit "$here/$name/wit" -o "$work/$name.embed.wasm"
  jco new "$work/$name.embed.wasm" -o "$out/$name.wasm"
done

# Strings in UTF-16: the component's canonical options carry string-encoding=utf16.
wat2wasm "$here/utf16/guest.wat" -o "$work/utf16.core.wasm"
jco embed "$work/utf16.core.wasm" --wit "$here/utf16/wit" --string-encoding utf16 -o "$work/utf16.embed.wasm"
jco new "$work/utf16.embed.wasm" -o "$out/utf16.wasm"

# A preview1 command adapted to WASI 0.2 with the adapter that ships with jco.
wat2wasm "$here/command/guest.wat" -o "$work/command.core.wasm"
jco new "$work/command.core.wasm" --wasi-command -o "$out/command.wasm"
# Components written in the component text format; `current` uses the encodings of current
# toolchains (0x02 names with versionsuffix and implements, map, fixed-length lists).
for name in composed limits huge-memory aliasing current async-abi; do
  jco parse "$here/$name/component.wat" -o "$out/$name.wasm"
done
# What jco's wit-component emits (jco 1.35.0 bundles wit-component 0.259.0) for map<K, V>,
# fixed-length lists and async functions: worlds embedded with --dummy (function bodies trap).
for name in maps async-export async-import; do
  jco embed --dummy --wit "$here/jco/$name" -o "$work/$name.embed.wasm"
  jco new "$work/$name.embed.wasm" -o "$out/jco-$name.wasm"
done
# Typed linking: components importing test:typed/api (typed/wit) with the host's types or others.
for name in compatible enum-vs-u8 record-order wrong-result resource-owner; do
  jco parse "$here/typed/$name.wat" -o "$out/typed-$name.wasm"
done
# wasi:http proxy (http/guest.wat): its world imports wasi:otel and WASI 0.2.12; the dependencies
# are assembled from ../shared at build time (the WASI 0.2.12 WIT, and the wasi-otel WIT with its
# wasi:clocks use moved to 0.2.12, as componentize-js does), not vendored a second time.
shared="$here/../../../../../../shared/wit"
mkdir -p "$work/http-wit/deps"
cp "$here/http/wit/world.wit" "$work/http-wit/"
for pkg in cli clocks filesystem http io random sockets; do
  cp -r "$shared/wasi-0.2/$pkg" "$work/http-wit/deps/wasi-$pkg"
done
mkdir -p "$work/http-wit/deps/wasi-otel"
for f in "$shared"/wasi-otel/*.wit; do
  sed 's/@0\.2\.0\([;.]\)/@0.2.12\1/g' "$f" > "$work/http-wit/deps/wasi-otel/$(basename "$f")"
done
wat2wasm "$here/http/guest.wat" -o "$work/http.core.wasm"
jco embed "$work/http.core.wasm" --wit "$work/http-wit" -o "$work/http.embed.wasm"
jco new "$work/http.embed.wasm" -o "$out/http.wasm"
ls -l "$out"
