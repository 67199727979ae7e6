#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice:
# a normal build, then an AddressSanitizer + UndefinedBehaviorSanitizer build;
# then runs every fuzz target for a minute in all (scripts/fuzz.sh 60).
#   --no-sanitize   skip the sanitizer pass (quick local runs)
#   --no-fuzz       skip the fuzz run
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
fuzz=1
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) sanitize=0 ;;
    --no-fuzz) fuzz=0 ;;
    *) echo "usage: scripts/test.sh [--no-sanitize] [--no-fuzz]" >&2; exit 2 ;;
  esac
done

./scripts/install-deps.sh
jobs=$(nproc)

echo "== build and test (RelWithDebInfo)"
./scripts/build.sh build -DNEWSWATCH_BUILD_BENCH=ON
ctest --test-dir build --output-on-failure -j "$jobs"

if ((sanitize)); then
  echo "== build and test under ASan+UBSan"
  BUILD_TYPE=Debug ./scripts/build.sh build-asan -DNEWSWATCH_SANITIZE=ON -DNEWSWATCH_BUILD_BENCH=OFF
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan --output-on-failure -j "$jobs"
fi

if ((fuzz)); then
  echo "== fuzz every parser for a minute in all (clang, libFuzzer)"
  ./scripts/fuzz.sh 60
fi
