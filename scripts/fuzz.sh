#!/usr/bin/env bash
# Builds the libFuzzer targets in fuzz/ with clang (-fsanitize=fuzzer,address,undefined) into
# build-fuzz/, seeds their corpora from tests/fixtures, and runs each for SECONDS/8 seconds.
#   scripts/fuzz.sh [SECONDS]      default 60 (a minute in all)
#   FUZZ_TARGETS="fuzz_query fuzz_dates" scripts/fuzz.sh 600    only some targets
# Exits 1 when a target crashed, leaked, hung (-timeout) or ran out of memory, after running the
# others; the input that did it is printed (build-fuzz/crashes/<target>/...), with the command
# that reproduces it. The corpus each run grows is kept in build-fuzz/corpus/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: scripts/fuzz.sh [SECONDS]" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ missing (scripts/install-deps.sh installs it)" >&2; exit 2; }

build=build-fuzz
targets=(${FUZZ_TARGETS:-fuzz_extract_html fuzz_selector fuzz_url_canon fuzz_charset fuzz_robots fuzz_query fuzz_config fuzz_dates fuzz_feed fuzz_article_text})
per=$((seconds / ${#targets[@]}))
((per >= 1)) || per=1
declare -A max_len=([fuzz_extract_html]=131072 [fuzz_article_text]=131072 [fuzz_feed]=131072 [fuzz_charset]=32768 [fuzz_config]=16384 [fuzz_robots]=16384
                    [fuzz_selector]=512 [fuzz_query]=1024 [fuzz_url_canon]=2048 [fuzz_dates]=256)

echo "== fuzz: build (clang) into $build/"
cmake -S fuzz -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target "${targets[@]}" -j "$(nproc)"
rm -rf "$build/seeds"
python3 fuzz/seed_corpora.py . "$build/seeds" >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
for t in "${targets[@]}"; do
  mkdir -p "$build/corpus/$t" "$build/crashes/$t" "$build/logs"
  log=$build/logs/$t.log
  if "$build/$t" -max_total_time="$per" -max_len="${max_len[$t]:-4096}" -rss_limit_mb=2048 -timeout=10 \
      -artifact_prefix="$build/crashes/$t/" -print_final_stats=1 "$build/corpus/$t" "$build/seeds/$t" >"$log" 2>&1; then
    echo "fuzz: $t ok ($(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$') runs in ${per}s)"
  else
    failed+=("$t")
    echo "fuzz: $t FAILED; log: $log"
    grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 | sed 's/^/  /'
    for input in $(grep -o "Test unit written to [^ ]*" "$log" | awk '{print $5}'); do
      echo "  input: $input   (reproduce: $build/$t $input)"
    done
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all ${#targets[@]} targets ran ${per}s each without a finding"
