#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite twice:
# a normal build, then an AddressSanitizer + UndefinedBehaviorSanitizer build.
#   --no-sanitize   skip the sanitizer pass (quick local runs)
#   --fuzz          then also build the fuzz targets and run each for a share of a minute (scripts/fuzz.sh 60).
#                   Not by default: the fuzz build (clang, -O2, every parser's libraries again) beside the
#                   sanitizer tests and the minute after them took CI past 20 minutes on two cores.
#
# Why it is shaped this way (CI has two cores): the tests mostly wait on their loopback peers, so while one
# pass's tests run, the next stage (the ASan build, then the fuzz build) compiles beside them at the lowest
# CPU priority, its output in a log that is printed only when it fails. ctest runs more tests than cores,
# the longest first (tests/test_costs.cmake). The normal build keeps line tables only (-g1: file:line in
# every backtrace, a quarter less compile time than full -g). The sanitizer build is clang's, -O0 -g: clang
# compiles it in half GCC's time and its tests run faster (measured on a clean clone: build 218 s against
# 605 s, ASan pass 295 s against 448 s); -O1 would take 2.5 times the compile time its faster tests win back.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitize=1
fuzz=0
for arg in "$@"; do
  case "$arg" in
    --no-sanitize) sanitize=0 ;;
    --fuzz) fuzz=1 ;;
    --no-fuzz) fuzz=0 ;;
    *) echo "usage: scripts/test.sh [--no-sanitize] [--fuzz]" >&2; exit 2 ;;
  esac
done

./scripts/install-deps.sh
test_jobs=$(($(nproc) * 2))  # the tests wait on sockets and child processes more than they compute

# One stage at a time runs in the background, in its own process group, so that an early exit stops all of it.
background_pid=
trap '[[ -z $background_pid ]] || kill -- "-$background_pid" 2>/dev/null || true' EXIT
start_background() {  # LOG COMMAND...: runs COMMAND at the lowest CPU priority, its output to LOG
  local log=$1
  shift
  mkdir -p "$(dirname "$log")"
  echo "== building $(dirname "$log")/ beside the tests (log: $log)"
  setsid nice -n 19 "$@" >"$log" 2>&1 &
  background_pid=$!
}
finish_background() {  # NAME LOG: waits for the background stage; prints the end of its log when it failed
  local name=$1 log=$2 pid=$background_pid
  background_pid=
  if ! wait "$pid"; then
    echo "== $name FAILED; the end of $log:" >&2
    tail -n 60 "$log" >&2
    exit 1
  fi
  echo "== $name done"
}

echo "== build and test (RelWithDebInfo)"
./scripts/build.sh build -DNEWSWATCH_BUILD_BENCH=ON -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG"

if ((sanitize)); then
  start_background build-asan/ci-build.log env BUILD_TYPE=Debug ./scripts/build.sh build-asan \
    -DCMAKE_CXX_COMPILER=clang++ -DNEWSWATCH_SANITIZE=ON -DNEWSWATCH_BUILD_BENCH=OFF
elif ((fuzz)); then
  start_background build-fuzz/ci-build.log ./scripts/fuzz.sh --build-only
fi
ctest --test-dir build --output-on-failure -j "$test_jobs"

if ((sanitize)); then
  finish_background "ASan+UBSan build" build-asan/ci-build.log
  echo "== test under ASan+UBSan"
  if ((fuzz)); then start_background build-fuzz/ci-build.log ./scripts/fuzz.sh --build-only; fi
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
  ctest --test-dir build-asan --output-on-failure -j "$test_jobs"
fi

if ((fuzz)); then
  finish_background "fuzz build" build-fuzz/ci-build.log
  echo "== fuzz every parser for a minute in all (clang, libFuzzer)"
  ./scripts/fuzz.sh 60
fi
