#!/usr/bin/env bash
# Builds js-otel-sdk.wasm: bundles src/ with esbuild and componentizes it with componentize-js.
# Needs Node 20; ../tools/npm-install.sh
# runs first when node_modules is missing. The WIT comes from ../shared/wit/wasi-otel (the shared
# folder beside the repository root, or $WASI_OTEL_SHARED).
# Running it again yields identical bytes except the Wizer heap snapshot (README.md).
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

# ../tools/js (the SDK-to-wasi:otel bridge shared with js-http-otel) has no node_modules of its own:
# NODE_PATH lets esbuild resolve its @opentelemetry imports from this guest's.
NODE_PATH="$here/node_modules" npx --no-install esbuild src/guest.js --bundle --format=esm --platform=browser --target=es2022 \
  '--external:wasi:*' --legal-comments=none --log-level=warning --outfile=build/bundle.js

# http and fetch-event are disabled; stdio, clocks and random stay (the OTel SDK reads the clocks).
node --import ../tools/preopen.mjs node_modules/@bytecodealliance/componentize-js/src/cli.js \
  build/bundle.js --wit build/wit --world-name guest -d http fetch-event -o js-otel-sdk.wasm
ls -l js-otel-sdk.wasm
