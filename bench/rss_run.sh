#!/usr/bin/env bash
# Peak RSS of `newswatch run` with 100 sites configured, all served on loopback
# by the test fixture server (each site its own copy of a real or hand-made
# listing, so every crawl parses and stores). Prints VmHWM after the first
# full round of crawls and after SECONDS more of steady running.
# Usage: bench/rss_run.sh [BUILD_DIR] [SECONDS]    (defaults: build, 20)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
seconds=${2:-20}
binary=$build/newswatch
python=$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )
work=$(mktemp -d)
trap 'kill $server_pid $run_pid 2>/dev/null || true; rm -rf "$work"' EXIT

mkdir -p "$work/site"
pages=(tests/fixtures/nknews/homepage-2020-05-29.html tests/fixtures/nknews/listing-2021-06-news.html
       tests/fixtures/menafn/press-releases.html tests/fixtures/joongang/section-north-korea.html)
extractors=(nknews nknews menafn joongang)

coproc SERVER { "$python" tests/support/http_server.py "$work/site"; }
server_pid=$SERVER_PID
read -r _ port <&"${SERVER[0]}"

{
  printf '[service]\ndatabase = "%s/rss.db"\nper_host_delay = "0s"\nconcurrency = 8\nrespect_robots = false\n' "$work"
  for i in $(seq 0 99); do
    k=$((i % 4))
    cp "${pages[$k]}" "$work/site/p$i.html"
    printf '[[site]]\nname = "s%d"\nurl = "http://127.0.0.1:%s/p%d.html"\nextractor = "%s"\ninterval = "10s"\n' \
      "$i" "$port" "$i" "${extractors[$k]}"
  done
  printf '[[watch]]\nname = "w"\nquery = %s\n' "'\"North Korea\" OR Kim'"
} > "$work/rss.toml"

"$binary" run -c "$work/rss.toml" --log-level warn 2>"$work/run.log" &
run_pid=$!
for _ in $(seq 1 100); do  # until every site has been crawled once
  crawled=$(sqlite3 "$work/rss.db" "SELECT COUNT(*) FROM sites WHERE last_crawl_at IS NOT NULL" 2>/dev/null || echo 0)
  [ "${crawled:-0}" -ge 100 ] && break
  sleep 0.5
done
echo "sites crawled: ${crawled:-?}/100"
echo "after first round: $(grep VmHWM /proc/$run_pid/status)"
sleep "$seconds"
echo "after ${seconds}s more: $(grep -E 'VmHWM' /proc/$run_pid/status)   now $(grep VmRSS /proc/$run_pid/status)"
echo "items stored: $(sqlite3 "$work/rss.db" 'SELECT COUNT(*) FROM items')"
