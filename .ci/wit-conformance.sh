#!/usr/bin/env bash
# Runs `wasi-otel wit check --features active` over every case of the wit-parser corpus
# (MANIFEST.tsv) and compares ok/error with the expected accept/reject. Prints the counts as
# "wit-conformance: N passed, N failed, N skipped" and fails on any mismatch.
set -uo pipefail
CORPUS="$1"
JAR="${JAR:-host/target/wasi-otel.jar}"
paths=()
expect=()
skipped=0
while IFS=$'\t' read -r path exp kind notes; do
  [ "$path" = "path" ] && continue
  case "$notes" in *skip:*) skipped=$((skipped + 1)); continue ;; esac
  paths+=("$CORPUS/$path")
  expect+=("$exp")
done < "$CORPUS/MANIFEST.tsv"

# One JVM for all cases: one output line per path, in order.
mapfile -t lines < <(java -jar "$JAR" wit check --features active "${paths[@]}")
passed=0
failed=0
for i in "${!paths[@]}"; do
  line="${lines[$i]:-}"
  case "${expect[$i]}:$line" in
    accept:"ok ${paths[$i]}") passed=$((passed + 1)) ;;
    reject:"error ${paths[$i]}: "*) passed=$((passed + 1)) ;;
    *) failed=$((failed + 1)); echo "MISMATCH (${expect[$i]}): $line" ;;
  esac
done
echo "wit-conformance: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$passed" -eq "${#paths[@]}" ]
