#!/usr/bin/env bash
# Builds js-http-otel.wasm: bundles src/ (and ../tools/js, shared with js-otel-sdk) with esbuild and
# componentizes it with componentize-js, keeping its default http and fetch-event features, so
# StarlingMonkey's fetch event serves the exported wasi:http/incoming-handler.
# Needs Node 20; ../tools/npm-install.sh runs first when node_modules is missing. The WIT comes
# from ../shared/wit (wasi-otel and wasi-0.2; the shared folder beside the repository root, or
# $WASI_OTEL_SHARED).
# Running it again yields identical bytes except the Wizer heap snapshot (../README.md).
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
# componentize-js 0.23.0's engine exports wasi:http/incoming-handler@0.2.10 (TOOLCHAIN-NOTES.md):
# the package line says 0.2.10; the packages it uses stay 0.2.12.
sed -i 's/^package wasi:http@0\.2\.12;$/package wasi:http@0.2.10;/' build/wit/deps/wasi-http-0.2/proxy.wit
grep -q '^package wasi:http@0.2.10;$' build/wit/deps/wasi-http-0.2/proxy.wit || { echo "build.sh: wasi:http package line not found" >&2; exit 1; }

# ../tools/js has no node_modules of its own: NODE_PATH resolves its imports from this guest's.
NODE_PATH="$here/node_modules" npx --no-install esbuild src/guest.js --bundle --format=esm --platform=browser --target=es2022 \
  '--external:wasi:*' --legal-comments=none --log-level=warning --outfile=build/bundle.js

# Only stdio, random, clocks, http and fetch-event are features; all stay on (the default build).
node --import ../tools/preopen.mjs node_modules/@bytecodealliance/componentize-js/src/cli.js \
  build/bundle.js --wit build/wit --world-name guest -o js-http-otel.wasm
ls -l js-http-otel.wasm
