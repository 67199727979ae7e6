#!/usr/bin/env bash
# Installs what is missing, builds the binary alone (not the tests or benchmarks:
# `run` needs nothing else) and runs the service on the bundled example config.
# The SQLite database is created in the working directory (see the README,
# "Where the database is").
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} >/dev/null
cmake --build build --target newswatch -j "$(nproc)"
./build/newswatch check-config -c config/newswatch.toml
exec ./build/newswatch run -c config/newswatch.toml
