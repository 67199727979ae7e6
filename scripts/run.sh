#!/usr/bin/env bash
# Installs what is missing, builds, and runs the service on the bundled example
# config. The SQLite database is created in the working directory.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
./scripts/build.sh build
./build/newswatch check-config -c config/newswatch.toml
exec ./build/newswatch run -c config/newswatch.toml
