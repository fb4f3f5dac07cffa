#!/usr/bin/env bash
# Builds wat-otel.wasm: `jco parse` assembles src/guest.wat to a core module, `jco embed` adds the
# component-type section of wit/world.wit, `jco new` wraps it as a component.
# Needs Node 20; ../tools/npm-install.sh runs first when node_modules is missing. The WIT comes
# from ../shared/wit/wasi-otel (the shared folder beside the repository root, or $WASI_OTEL_SHARED).
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
cp "$shared"/wit/wasi-otel/*.wit "$shared"/wit/wasi-otel/LICENSE.md build/wit/deps/wasi-otel/
cp -r "$shared"/wit/wasi-otel/deps/* build/wit/deps/

jco() { node --import ../tools/preopen.mjs node_modules/@bytecodealliance/jco/dist/jco.js "$@"; }
jco parse src/guest.wat -o build/core.wasm
jco embed build/core.wasm --wit build/wit -o build/embedded.wasm
jco new build/embedded.wasm -o wat-otel.wasm
ls -l wat-otel.wasm
