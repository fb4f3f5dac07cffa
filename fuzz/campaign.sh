#!/usr/bin/env bash
# Runs Jazzer fuzz targets coverage-guided for a chosen time. See fuzz/README.md.
#
#   fuzz/campaign.sh TARGET|all DURATION [EXTRA_MAVEN_ARGS...]
#
# TARGET is one of the names `fuzz/campaign.sh list` prints; DURATION is Jazzer's syntax
# (30s, 10m, 1h). `all` runs the targets one after the other, DURATION each.
#
# Findings (crashes, timeouts) are written by Jazzer into the target's committed inputs directory,
# src/test/resources/<package>/<Class>Inputs/<method>/, as crash-<sha1> / timeout-<sha1>; the
# coverage corpus Jazzer grows lives under fuzz/work/<module>/ (not committed) and is reused by
# the next campaign. After the run the script prints the numbers the closing note asks for.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$ROOT/fuzz/work"

# name  module  test class  method
TARGETS="
wit-parser    wit-parser    dev.wasiotel.wit.parser.fuzz.WitParserFuzzTest   loadSource
component     host          dev.wasiotel.host.fuzz.ComponentFuzzTest         loadAndInstantiate
core-module   host          dev.wasiotel.host.fuzz.CoreModuleFuzzTest        instantiate
wasi          host          dev.wasiotel.host.fuzz.WasiCallFuzzTest          call
otel-imports  otel-adapter  dev.wasiotel.otel.fuzz.OtelImportsFuzzTest       call
split         runtime       dev.wasiotel.wit.runtime.split.SplitFuzzTest     split
"

usage() {
    echo "usage: $0 TARGET|all DURATION [EXTRA_MAVEN_ARGS...]" >&2
    echo "targets:" >&2
    echo "$TARGETS" | awk 'NF { printf "  %-13s %s#%s (%s)\n", $1, $3, $4, $2 }' >&2
    exit 64
}

run_target() {
    local name="$1" duration="$2"
    shift 2
    local line
    line="$(echo "$TARGETS" | awk -v n="$name" '$1 == n')"
    [ -n "$line" ] || { echo "unknown target: $name" >&2; usage; }
    read -r _ module class method <<<"$line"
    local simple="${class##*.}" pkgdir
    pkgdir="$(echo "${class%.*}" | tr . /)"
    local inputs="$ROOT/$module/src/test/resources/$pkgdir/${simple}Inputs/$method"
    local generated="$ROOT/$module/.cifuzz-corpus/$class/$method"
    local saved="$WORK/$module/$class/$method"
    local log="$WORK/$name.log"
    mkdir -p "$inputs" "$saved" "$(dirname "$generated")"
    # Jazzer keeps its coverage corpus in <module>/.cifuzz-corpus, which regression runs would
    # also read: keep it there only while fuzzing, so that `mvn verify` sees the committed inputs only.
    rm -rf "$generated"
    mv "$saved" "$generated"
    local before
    before="$(ls "$inputs" | wc -l)"
    echo "fuzzing $name ($class#$method) for $duration; log: $log"
    local status=0
    (cd "$ROOT" && JAZZER_FUZZ=1 mvn -B -o -pl "$module" -am test \
        -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
        -Djazzer.max_duration="$duration" -Djazzer.keep_going="${KEEP_GOING:-50}" \
        -DargLine="${FUZZ_ARGLINE:--Xmx2g}" "$@") >"$log" 2>&1 || status=$?
    mkdir -p "$(dirname "$saved")"
    mv "$generated" "$saved"
    local runs corpus after
    runs="$(grep -a -E '^#[0-9]+' "$log" | tail -1 | awk '{print $1}' | tr -d '#')"
    corpus="$(ls "$saved" | wc -l)"
    after="$(ls "$inputs" | wc -l)"
    echo "$name: maven exit $status, executions ${runs:-?}, corpus $corpus files," \
        "new findings $((after - before)) (in ${inputs#"$ROOT"/})"
    grep -a -E '^(== Java Exception|Done [0-9]+ runs)' "$log" | sort | uniq -c || true
}

if [ "${1:-}" = list ]; then
    echo "$TARGETS" | awk 'NF { printf "%-13s %s#%s (%s)\n", $1, $3, $4, $2 }'
    exit 0
fi
[ $# -ge 2 ] || usage
target="$1"
duration="$2"
shift 2
if [ "$target" = all ]; then
    for name in $(echo "$TARGETS" | awk 'NF { print $1 }'); do
        run_target "$name" "$duration" "$@"
    done
else
    run_target "$target" "$duration" "$@"
fi
