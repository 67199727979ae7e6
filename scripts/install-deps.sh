#!/usr/bin/env bash
# Installs the Debian 12 packages newswatch builds, tests and benchmarks with.
# Only what is missing is installed; nothing is downloaded at build time.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  libcurl4-openssl-dev libssl-dev      # fetching, webhooks, SMTP; HMAC-SHA256
  libgumbo-dev                         # HTML5 parsing
  libicu-dev                           # Unicode: NFKC, case folding, charset detection
  libxml2-dev zlib1g-dev               # feeds and sitemaps (XML in recover mode); gzip sitemaps
  libboost1.81-dev libboost-url1.81-dev  # Asio event loop, URL parsing/canonicalisation
  libsqlite3-dev                       # storage
  libpq-dev                            # the optional shared store: PostgreSQL's C client
  libspdlog-dev libfmt-dev             # logging
  libtomlplusplus-dev libcli11-dev nlohmann-json3-dev libexpected-dev libsystemd-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-aiosmtpd             # loopback peers used by the tests (HTTP, webhook, SMTP)
  postgresql                           # the tests start a throwaway server of their own (tests/support/pg_cluster.sh)
  sqlite3 python3-parsel               # bench/: rss_run.sh reads the database; parsel_extract.py compares
  clang libclang-rt-14-dev             # the sanitizer build (scripts/test.sh) and fuzz/'s libFuzzer targets; the main build is GCC
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "install-deps: installing ${missing[*]}"
  if [[ $(id -u) -ne 0 ]]; then sudo=sudo; else sudo=; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "install-deps: all packages present"
fi
