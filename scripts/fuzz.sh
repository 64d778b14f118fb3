#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of tests/fuzz/ in build/fuzz (clang 14 and libc++, with
# ASan and UBSan), writes their seed corpora from examples/, the unit-test tables and
# tests/conformance/vectors.jsonl, runs each target for FUZZ_SECONDS (default 60) and prints a
# summary. Fails when any target found a crash, a leak, a timeout (-timeout=5) or ran out of memory
# (-rss_limit_mb=2048); the input that did it is in build/fuzz/artifacts/<target>/. Replay one with
# `build/fuzz/tests/fuzz/<target> FILE`, fix it, and add the file to tests/fuzz/regressions/<target>/
# so that ctest replays it from then on.
#
#   FUZZ_SECONDS=60            time per target
#   FUZZ_TARGETS="bash_fuzz"   only these targets (default: every tests/fuzz/*_fuzz.cc)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_EACH="${FUZZ_SECONDS:-60}"
BUILD=build/fuzz
TARGETS="${FUZZ_TARGETS:-$(ls tests/fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/\.cc$//')}"

# -O1 without NDEBUG: fast enough to fuzz, with every assertion kept.
CC=clang-14 CXX=clang++-14 cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DGHAPLAY_FUZZ=ON --log-level=WARNING >/dev/null
cmake --build "$BUILD" -j2
"$BUILD/tests/fuzz/ghaplay_fuzz_seeds" . "$BUILD/seeds"

mkdir -p "$BUILD/logs"
summary=()
failed=0
for name in $TARGETS; do
  area="${name%_fuzz}"
  corpus="$BUILD/corpus/$name"
  artifacts="$BUILD/artifacts/$name"
  mkdir -p "$corpus" "$artifacts"
  inputs=("$corpus" "$BUILD/seeds/$area")
  [ -d "tests/fuzz/regressions/$name" ] && inputs+=("tests/fuzz/regressions/$name")
  log="$BUILD/logs/$name.log"
  echo "== $name: ${SECONDS_EACH} s (log: $log)"
  status=0
  "$BUILD/tests/fuzz/$name" -max_total_time="$SECONDS_EACH" -rss_limit_mb=2048 -timeout=5 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${inputs[@]}" >"$log" 2>&1 || status=$?
  execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n1)"
  cov="$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -n1)"
  corpus_size="$(ls "$corpus" | wc -l)"
  found="$(grep -oE '(ERROR|WARNING): (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)[^(]*' "$log" | head -n1 || true)"
  [ -n "$found" ] || found="$(grep -oE 'SUMMARY: [^(]*' "$log" | head -n1 || true)"
  if [ "$status" != 0 ]; then
    failed=1
    echo "   FOUND: ${found:-exit status $status}"
    grep -E '^(artifact_prefix|Test unit written)' "$log" | sed 's/^/   /' || true
  fi
  summary+=("$(printf '%-20s %10s execs  %-22s corpus %5s  %s' "$name" "${execs:-?}" "${cov:-cov: ?}" "$corpus_size" \
               "$([ "$status" = 0 ] && echo ok || echo "FOUND: ${found:-exit $status}")")")
done

echo
echo "make fuzz: ${SECONDS_EACH} s per target"
printf '  %s\n' "${summary[@]}"
exit "$failed"
