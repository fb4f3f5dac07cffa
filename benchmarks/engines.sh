#!/usr/bin/env bash
# One guest on every engine in one sitting, beside jco/Node: wall and CPU time per call.
#
#   benchmarks/engines.sh [--warmup N] [--calls N] [--only LIST] [--precompiled JAR] GUEST     # GUEST: c-otel, js-otel-sdk, ...
#
# --only: the columns to run, comma-separated, of node, chicory-interp, chicory-compiler,
# chicory-precompiled, graalwasm-stock, graalwasm-jvmci (default: all that apply to the guest).
# --precompiled JAR: a jar `wasi-otel compile` made of GUEST (e.g. benchmarks/whole-run.sh's); adds
# the column chicory-precompiled (Chicory running the machines compiled ahead of time, with the
# guest's oversized functions split, as `run --precompiled` does).
#
# Runs, one after the other: Node (jco, as benchmarks/side-by-side.sh installs and transpiles it;
# run that script once first), GuestTimings on Chicory's interpreter, on Chicory's run-time compiler
# (small guests only: compiling the JS guest at run time takes minutes and ~6 GB), on GraalWasm on a
# stock JDK (Truffle interpreted), and on GraalWasm with Truffle's optimizing runtime (JVMCI and the
# Graal compiler from Maven Central on the upgrade module path). GuestTimings and node-timings.mjs
# print CPU time per call (cpu_median_ms) beside wall time: on a loaded machine it is the steadier
# number. The load average goes with every line.
#
# Needs: Java 17 and a JDK 21+ (ENGINE_JDK, default /usr/lib/jvm/temurin-25-jdk-amd64), Node 20, and
#   mvn -B -q -pl benchmarks,host -am package -DskipTests -P '!precompiled-js-guest'
#   JAVA_HOME=$ENGINE_JDK mvn -B -q -pl engine-graalwasm -am package -DskipTests -P '!precompiled-js-guest'
#   mvn dependency:get -Dartifact=org.graalvm.compiler:compiler:25.0.2     # the Graal compiler, for the last run
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
warmup=3
calls=5
only=""
precompiled=""
guest=""
while [ $# -gt 0 ]; do
  case "$1" in
    --warmup) warmup="$2"; shift 2 ;;
    --calls) calls="$2"; shift 2 ;;
    --only) only=",$2,"; shift 2 ;;
    --precompiled) precompiled="$(realpath "$2")"; shift 2 ;;
    -h|--help) sed -n '2,23p' "$0"; exit 0 ;;
    *) guest="$1"; shift ;;
  esac
done
[ -n "$guest" ] || { echo "usage: benchmarks/engines.sh [--warmup N] [--calls N] GUEST" >&2; exit 2; }
jdk="${ENGINE_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}"
node_dir="$root/benchmarks/target/side-by-side/node"
wasm="$root/integration-tests/guests/$guest/$guest.wasm"
bench="$root/benchmarks/target/benchmarks.jar"
engine_jar="$(ls "$root"/engine-graalwasm/target/engine-graalwasm-*.jar | head -1)"
[ -d "$node_dir/transpiled/$guest" ] || { echo "engines.sh: run benchmarks/side-by-side.sh $guest first" >&2; exit 2; }
cp "$root/benchmarks/side-by-side/node-timings.mjs" "$node_dir/"

# GraalWasm's dependencies, from the local Maven repository
deps="$(JAVA_HOME="$jdk" mvn -B -q -o -pl engine-graalwasm dependency:build-classpath -Dmdep.includeScope=runtime \
  -Dmdep.outputFile=/dev/stdout | tr ':' '\n' | grep '/org/graalvm/' | grep '\.jar$')"
jar_of() { grep "/$1-[0-9]" <<< "$deps" | head -1; }
graal_cp="$(tr '\n' ':' <<< "$deps")$engine_jar"
upgrade="$(jar_of compiler):$(jar_of truffle-compiler):$(jar_of word):$(jar_of collections)"
modules="$(jar_of polyglot):$(jar_of truffle-api):$(jar_of truffle-runtime):$(jar_of wasm-language):$(jar_of jniutils):$(jar_of nativeimage)"
compiler_jar="$(find ~/.m2/repository/org/graalvm/compiler/compiler -name 'compiler-*.jar' | sort | tail -1)"
[ -n "$(jar_of compiler)" ] || upgrade="$compiler_jar:${upgrade#:}"

load() { cut -d' ' -f1-3 /proc/loadavg; }
wanted() { [ -z "$only" ] || [[ "$only" == *",$1,"* ]]; }
timings() { "$@" 2>&1 | grep 'guest=' ; }
opts=(-XX:MaxNewSize=256m)
echo "# $guest, $warmup calls to warm up, $calls measured; $(nproc) cores"
! wanted node || echo "node             (load $(load)) $(cd "$node_dir" && node node-timings.mjs "transpiled/$guest/$guest.js" \
  "$root/integration-tests/guests/tools/otel-host.mjs" --warmup "$warmup" --calls "$calls" | grep RESULT)"
! wanted chicory-interp || echo "chicory-interp   (load $(load)) $(timings java "${opts[@]}" -cp "$bench" dev.wasiotel.benchmarks.GuestTimings "$wasm" \
  --warmup "$warmup" --calls "$calls")"
if [ "$guest" != js-otel-sdk ] && wanted chicory-compiler; then
  echo "chicory-compiler (load $(load)) $(timings java "${opts[@]}" -cp "$bench" dev.wasiotel.benchmarks.GuestTimings "$wasm" \
    --mode COMPILER --warmup "$warmup" --calls "$calls")"
fi
if [ -n "$precompiled" ] && wanted chicory-precompiled; then
  echo "chicory-precompiled (load $(load)) $(timings java "${opts[@]}" -cp "$bench:$precompiled" \
    dev.wasiotel.benchmarks.GuestTimings "$wasm" --mode COMPILER --warmup "$warmup" --calls "$calls")"
fi
! wanted graalwasm-stock || echo "graalwasm-stock  (load $(load)) $(timings "$jdk/bin/java" "${opts[@]}" -cp "$bench:$graal_cp" \
  dev.wasiotel.benchmarks.GuestTimings "$wasm" --engine graalwasm --warmup "$warmup" --calls "$calls")"
! wanted graalwasm-jvmci || echo "graalwasm-jvmci  (load $(load)) $(timings "$jdk/bin/java" "${opts[@]}" -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI \
  --upgrade-module-path="$upgrade" --module-path="$modules" --add-modules=ALL-MODULE-PATH -cp "$bench:$engine_jar" \
  dev.wasiotel.benchmarks.GuestTimings "$wasm" --engine graalwasm --warmup "$warmup" --calls "$calls")"
echo "# load after: $(load)"
