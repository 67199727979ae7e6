#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (-fsanitize=fuzzer,address,undefined) into
# build-fuzz/, seeds their corpora from tests/fixtures, and runs each for an equal share of SECONDS of
# fuzzing, as many targets at once as there are cores (so a minute in all takes half a minute on two).
#   scripts/fuzz.sh [SECONDS]      default 60 (a minute in all)
#   scripts/fuzz.sh --build-only   build the targets, run nothing (scripts/test.sh builds them beside the tests)
#   FUZZ_TARGETS="fuzz_query fuzz_dates" scripts/fuzz.sh 600    only some targets
#   FUZZ_JOBS=1 scripts/fuzz.sh    one target at a time
# Exits 1 when a target crashed, leaked, hung (-timeout) or ran out of memory, after running the
# others; the input that did it is printed (build-fuzz/crashes/<target>/...), with the command
# that reproduces it. The corpus each run grows is kept in build-fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
build_only=0
if [[ ${1:-} == --build-only ]]; then
  build_only=1
  shift
fi
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [--build-only | SECONDS]" >&2; exit 2; }
jobs=${FUZZ_JOBS:-$(nproc)}
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: FUZZ_JOBS must be a positive number" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ missing (scripts/install-deps.sh installs it)" >&2; exit 2; }

build=build-fuzz
targets=(${FUZZ_TARGETS:-fuzz_extract_html fuzz_selector fuzz_url_canon fuzz_charset fuzz_robots fuzz_query fuzz_config fuzz_dates fuzz_feed fuzz_article_text})
per=$((seconds / ${#targets[@]}))
((per >= 1)) || per=1
declare -A max_len=([fuzz_extract_html]=131072 [fuzz_article_text]=131072 [fuzz_feed]=131072 [fuzz_charset]=32768 [fuzz_config]=16384 [fuzz_robots]=16384
                    [fuzz_selector]=512 [fuzz_query]=1024 [fuzz_url_canon]=2048 [fuzz_dates]=256)

echo "== fuzz: build (clang) into $build/"
# Line tables only, as OSS-Fuzz builds: file:line in every report, less compile time than full debug info.
cmake -S fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -gline-tables-only -DNDEBUG" >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "$(nproc)"
if ((build_only)); then exit 0; fi
rm -rf "$build/seeds"
python3 fuzz/seed_corpora.py . "$build/seeds" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# fuzz_one TARGET: fuzzes TARGET for $per seconds; its log in logs/TARGET.log, its exit status in logs/TARGET.status.
fuzz_one() {
  local t=$1 status=0
  mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/logs"
  "$build/$t" -max_total_time="$per" -max_len="${max_len[$t]:-4096}" -rss_limit_mb=2048 -timeout=10 \
    -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 "$build/corpus/$t" "$build/seeds/$t" \
    >"$build/logs/$t.log" 2>&1 || status=$?
  echo "$status" >"$build/logs/$t.status"
}

echo "== fuzz: ${#targets[@]} targets, ${per}s each, $jobs at a time"
running=0
for t in "${targets[@]}"; do
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
  rm -f "$build/logs/$t.status"
  fuzz_one "$t" &
  running=$((running + 1))
done
wait

failed=()
for t in "${targets[@]}"; do
  log=$build/logs/$t.log
  if [[ $(cat "$build/logs/$t.status" 2>/dev/null) == 0 ]]; then
    echo "fuzz: $t ok ($(grep -ao 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${per}s)"
  else
    failed+=("$t")
    echo "fuzz: $t FAILED; log: $log"
    grep -aE '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 | sed 's/^/  /'
    for input in $(grep -ao "Test unit written to [^ ]*" "$log" | awk '{print $5}'); do
      echo "  input: $input   (reproduce: $build/$t $input)"
    done
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${per}s each without a finding"
