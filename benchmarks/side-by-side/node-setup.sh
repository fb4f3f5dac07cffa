# Sourced by benchmarks/side-by-side.sh and benchmarks/whole-run.sh: jco and its WASI shim from
# the npm registry (once per lock file), and `jco transpile` of a guest (once per guest binary).
# Needs: root (the checkout) and work (the cache directory) set by the caller.

guests_dir="$root/integration-tests/guests"
node_dir="$work/node"
jco="$node_dir/node_modules/@bytecodealliance/jco/dist/jco.js"
host_js="$guests_dir/tools/otel-host.mjs"

# node_setup: installs jco 1.35.0 and preview2-shim 0.26.1 (benchmarks/side-by-side/package-lock.json)
# into $node_dir, and puts node-timings.mjs beside node_modules (so it resolves the shim the
# transpiled guests import)
node_setup() {
  mkdir -p "$node_dir"
  local lock_sum
  lock_sum="$(sha256sum "$root/benchmarks/side-by-side/package-lock.json" | cut -c1-64)"
  if [ "$(cat "$node_dir/.installed" 2>/dev/null || true)" != "$lock_sum" ]; then
    echo "installing jco from the npm registry into $node_dir ..."
    cp "$root/benchmarks/side-by-side/package.json" "$root/benchmarks/side-by-side/package-lock.json" "$node_dir/"
    (cd "$node_dir" && "$guests_dir/tools/npm-install.sh")
    echo "$lock_sum" > "$node_dir/.installed"
  fi
  cp "$root/benchmarks/side-by-side/node-timings.mjs" "$node_dir/"
}

# transpiled GUEST WASM: prints the folder of `jco transpile WASM` (wasi:otel, wasi:observe and
# wasi:logging mapped to the recording host otel-host.mjs, WASI from the shim), made if missing or
# made from other bytes
transpiled() {
  local out="$node_dir/transpiled/$1" sum
  sum="$(sha256sum "$2" | cut -c1-64)"
  if [ "$(cat "$out/.source" 2>/dev/null || true)" != "$sum" ]; then
    rm -rf "$out"
    node "$jco" transpile "$2" -o "$out" --quiet \
      --map "wasi:otel/*=$host_js#*" --map "wasi:observe/*=$host_js#*" --map "wasi:logging/*=$host_js#*" >&2
    echo "$sum" > "$out/.source"
  fi
  echo "$out"
}
