#!/usr/bin/env bash
# Builds hostile.wasm, a component whose `attack` export abuses the host (issue 11): clang compiles
# src/guest.c to a core module (no libc), `jco embed` adds the component-type section of
# wit/world.wit, `jco new` wraps it as a component. Also writes the two core-module fixtures
# memory-65536.wasm and memory-32768.wasm (see memory-65536.wat): 43 bytes each, written byte by
# byte here, no tool needed. Needs clang and wasm-ld (Debian: apt-get install clang lld) and Node
# 20; ../tools/npm-install.sh runs first when node_modules is missing. The WIT comes from
# ../shared/wit/wasi-otel (the shared folder beside the repository root, or $WASI_OTEL_SHARED).
# Running it again yields identical bytes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
shared="${WASI_OTEL_SHARED:-$here/../../../../shared}"
[ -d "$shared/wit/wasi-otel" ] || { echo "build.sh: $shared/wit/wasi-otel not found (set WASI_OTEL_SHARED)" >&2; exit 1; }
[ -d node_modules ] || ../tools/npm-install.sh

rm -rf build
mkdir -p build/wit/deps/wasi-otel
cp wit/world.wit build/wit/
cp "$shared/wit/wasi-otel"/*.wit "$shared/wit/wasi-otel"/LICENSE.md build/wit/deps/wasi-otel/
cp -r "$shared/wit/wasi-otel"/deps/* build/wit/deps/

# -ffile-prefix-map keeps the build directory out of the binary.
clang --target=wasm32 -std=c11 -O2 -Wall -Wextra -Werror -nostdlib -ffile-prefix-map="$here"=. \
  -Wl,--no-entry -Wl,--strip-debug -o build/core.wasm src/guest.c
node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
  embed build/core.wasm --wit build/wit -o build/embedded.wasm
node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js \
  new build/embedded.wasm -o hostile.wasm
ls -l hostile.wasm

# (module (memory PAGES) (func (export "_start"))): magic and version; type section, one type
# () -> (); function section, one function of it; memory section, one memory of minimum PAGES
# (LEB128, 3 bytes), no maximum; export section, "_start" = function 0; code section, one empty body.
core_module_with_memory() {
  printf '\x00asm\x01\x00\x00\x00'
  printf '\x01\x04\x01\x60\x00\x00'
  printf '\x03\x02\x01\x00'
  printf '\x05\x05\x01\x00%b' "$1"
  printf '\x07\x0a\x01\x06_start\x00\x00'
  printf '\x0a\x04\x01\x02\x00\x0b'
}
core_module_with_memory '\x80\x80\x04' > memory-65536.wasm
core_module_with_memory '\x80\x80\x02' > memory-32768.wasm
ls -l memory-65536.wasm memory-32768.wasm
