#!/usr/bin/env bash
# Builds c-otel.wasm and c-otel-rc2-tag.wasm: clang compiles src/ to a core module (no libc),
# `jco embed` adds the component-type section of wit/world.wit, `jco new` wraps it as a component.
# Needs clang and wasm-ld (Debian: apt-get install clang lld) and Node 20; ../tools/npm-install.sh
# runs first when node_modules is missing. The WIT comes from ../shared/wit/wasi-otel (the shared
# folder beside the repository root, or $WASI_OTEL_SHARED).
# Running it again yields identical bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
shared="${WASI_OTEL_SHARED:-$here/../../../../shared}"
[ -d "$shared/wit/wasi-otel" ] || { echo "build.sh: $shared/wit/wasi-otel not found (set WASI_OTEL_SHARED)" >&2; exit 1; }
[ -d node_modules ] || ../tools/npm-install.sh

# Two components from one source: c-otel.wasm against wasi:otel main (current-span-context) and
# c-otel-rc2-tag.wasm against the v0.2.0-rc.2 tag, whose tracing.wit names it outer-span-context.
rm -rf build
for variant in main rc2-tag; do
  if [ "$variant" = main ]; then wit="$shared/wit/wasi-otel"; out=c-otel.wasm; define=; else
    wit="$shared/wit/wasi-otel-0.2.0-rc.2-tag"; out=c-otel-rc2-tag.wasm; define=-DOTEL_RC2_TAG; fi
  mkdir -p "build/$variant/wit/deps/wasi-otel"
  cp wit/world.wit "build/$variant/wit/"
  cp "$wit"/*.wit "$wit"/LICENSE.md "build/$variant/wit/deps/wasi-otel/"
  cp -r "$wit"/deps/* "build/$variant/wit/deps/"

  # -ffile-prefix-map keeps the build directory out of the binary.
  clang --target=wasm32 -std=c11 -O2 -Wall -Wextra -Werror -nostdlib -ffile-prefix-map="$here"=. $define \
    -Wl,--no-entry -Wl,--strip-debug -o "build/$variant/core.wasm" src/guest.c

  node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
    embed "build/$variant/core.wasm" --wit "build/$variant/wit" -o "build/$variant/embedded.wasm"
  node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
    new "build/$variant/embedded.wasm" -o "$out"
  ls -l "$out"
done
