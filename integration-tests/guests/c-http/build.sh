#!/usr/bin/env bash
# Builds c-http.wasm: clang compiles src/ to a core module (no libc, no wit-bindgen), `jco embed`
# adds the component-type section of wit/world.wit, `jco new` wraps it as a component.
# Needs clang and wasm-ld (Debian: apt-get install clang lld) and Node 20; ../tools/npm-install.sh
# runs first when node_modules is missing. The WIT comes from ../shared/wit (wasi-otel and
# wasi-0.2; the shared folder beside the repository root, or $WASI_OTEL_SHARED).
# Running it again yields identical bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
shared="${WASI_OTEL_SHARED:-$here/../../../../shared}"
[ -d "$shared/wit/wasi-otel" ] && [ -d "$shared/wit/wasi-0.2/http" ] \
  || { echo "build.sh: $shared/wit/wasi-otel or wasi-0.2 not found (set WASI_OTEL_SHARED)" >&2; exit 1; }
[ -d node_modules ] || ../tools/npm-install.sh

rm -rf build
mkdir -p build/wit/deps/wasi-otel
cp wit/world.wit build/wit/
cp "$shared"/wit/wasi-otel/*.wit "$shared"/wit/wasi-otel/LICENSE.md build/wit/deps/wasi-otel/
cp -r "$shared"/wit/wasi-otel/deps/* build/wit/deps/
for p in io clocks random filesystem sockets cli http; do
  mkdir -p "build/wit/deps/wasi-$p-0.2"
  cp "$shared"/wit/wasi-0.2/$p/*.wit "$shared"/wit/wasi-0.2/LICENSE.md "build/wit/deps/wasi-$p-0.2/"
done

# -ffile-prefix-map keeps the build directory out of the binary.
clang --target=wasm32 -std=c11 -O2 -Wall -Wextra -Werror -nostdlib -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--strip-debug -o build/core.wasm src/guest.c

node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
  embed build/core.wasm --wit build/wit -o build/embedded.wasm
node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
  new build/embedded.wasm -o c-http.wasm
ls -l c-http.wasm
