#!/usr/bin/env bash
# Builds observe-guest.wasm: clang compiles src/ to a core module (no libc), `jco embed` adds the
# component-type section of wit/world.wit, `jco new` wraps it as a component.
# Needs clang and wasm-ld (Debian: apt-get install clang lld) and Node 20; ../tools/npm-install.sh
# runs first when node_modules is missing. The WIT comes from ../shared/wit/wasi-observe (the shared
# folder beside the repository root, or $WASI_OTEL_SHARED).
# Running it again yields identical bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
shared="${WASI_OTEL_SHARED:-$here/../../../../shared}"
[ -d "$shared/wit/wasi-observe" ] || { echo "build.sh: $shared/wit/wasi-observe not found (set WASI_OTEL_SHARED)" >&2; exit 1; }
[ -d node_modules ] || ../tools/npm-install.sh

rm -rf build
mkdir -p build/wit/deps/observe
cp wit/world.wit build/wit/
cp "$shared"/wit/wasi-observe/*.wit "$shared"/wit/wasi-observe/LICENSE.md build/wit/deps/observe/
cp -r "$shared"/wit/wasi-observe/deps/* build/wit/deps/
# jco 1.35's wasm-tools rejects the legacy type name `float64` that upstream tracer.wit still
# uses (error: "failed to parse dependency directory"; WIT_REQUIRE_F32_F64=0 does not reach it).
# Spell the two type uses f64 — the same type; the case names %float64/float64-array stay.
sed -i -e 's/%float64(float64)/%float64(f64)/' -e 's/list<float64>/list<f64>/' build/wit/deps/observe/tracer.wit
if grep -nE '[(<]float(32|64)[)>]' build/wit/deps/observe/tracer.wit; then
  echo "build.sh: legacy float type names left in tracer.wit" >&2; exit 1
fi

# -ffile-prefix-map keeps the build directory out of the binary.
clang --target=wasm32 -std=c11 -O2 -Wall -Wextra -Werror -nostdlib -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--strip-debug -o build/core.wasm src/guest.c

jco() { node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js "$@"; }
jco embed build/core.wasm --wit build/wit -o build/embedded.wasm
jco new build/embedded.wasm -o observe-guest.wasm
ls -l observe-guest.wasm
