#!/usr/bin/env bash
# The scale benchmark (issue 10): `newswatch run` against N sites served on
# loopback by bench/scale_server (each site its own host 127.1.X.Y and its own
# listing of 20 items, titles from one shared vocabulary), with three watches
# and a webhook that answers 200. For each N it prints one table row:
#   first round   wall time and CPU (user+sys of the process, /proc) from start
#                 until every site's crawl is stored (sites.last_crawl_at set)
#   steady state  CPU per poll over STEADY seconds after that, while every
#                 INTERVAL seconds a tenth of the sites gain two new items (the
#                 rest answer 304 to the conditional GET); polls are counted by
#                 the server
#   peak RSS      VmHWM at the end of the steady window
#   SIGTERM       wall time from SIGTERM to the process's exit
# The server's own CPU is not counted (it answers from pages built once).
#
# Usage: bench/scale.sh BUILD_DIR N...       e.g. bench/scale.sh build-rel 100 1000 10000
# Needs BUILD_DIR/newswatch and BUILD_DIR/bench/scale_server, sqlite3 and curl.
# Knobs (environment): INTERVAL (site interval, s, default 30), STEADY (s, default 60),
# FIRST_LIMIT (give up on the first round after s, default 600), CONCURRENCY (default 64),
# EXTRACTOR (css or auto, default css), TERM_LIMIT (s, default 60), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/scale.sh BUILD_DIR N...}
shift
[ $# -gt 0 ] || { echo "usage: bench/scale.sh BUILD_DIR N..." >&2; exit 2; }
interval=${INTERVAL:-30}
steady=${STEADY:-60}
first_limit=${FIRST_LIMIT:-600}
concurrency=${CONCURRENCY:-64}
extractor=${EXTRACTOR:-css}
term_limit=${TERM_LIMIT:-60}
binary=$build/newswatch
server_binary=$build/bench/scale_server
for f in "$binary" "$server_binary"; do
  [ -x "$f" ] || { echo "missing $f: ninja -C $build newswatch scale_server" >&2; exit 2; }
done
ticks=$(getconf CLK_TCK)

cpu_seconds() {  # user+sys of every thread of $1, from /proc/PID/stat fields 14 and 15
  awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"
}
now() { date +%s.%N; }
alive() {  # running, not a zombie waiting to be reaped (kill -0 succeeds on those)
  local state
  state=$(awk '{ sub(/^.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
stat_of() {  # a counter of the server's /_stats
  curl -s "http://127.0.0.1:$port/_stats" | awk -v k="$1" '$1 == k { print $2 }'
}
stored() {
  sqlite3 -cmd ".timeout 5000" "$work/scale.db" "SELECT COUNT(*) FROM sites WHERE last_crawl_at IS NOT NULL" \
    2>/dev/null || echo 0
}

write_config() {  # $1 = N
  printf '[service]\ndatabase = "%s/scale.db"\nper_host_delay = "0s"\nconcurrency = %d\n' "$work" "$concurrency"
  printf 'respect_robots = false\nprivate_networks = "site-only"\n\n'
  printf '[[notify]]\nname = "hook"\ntype = "webhook"\nurl = "http://127.0.0.1:%s/hook"\n\n' "$port"
  printf '[[watch]]\nname = "launches"\nquery = %s\nnotify = ["hook"]\n\n' "'missile launch'"
  printf '[[watch]]\nname = "leader"\nquery = %s\nnotify = ["hook"]\n\n' "'\"Kim Jong Un\" OR (leader visits)'"
  printf '[[watch]]\nname = "russia"\nquery = %s\nnotify = ["hook"]\n\n' "'(Russia OR Kursk OR Moscow) troops -festival'"
  for ((i = 0; i < $1; i++)); do
    printf '[[site]]\nname = "s%d"\nurl = "http://127.1.%d.%d:%s/news/"\nextractor = "%s"\ninterval = "%ds"\n' \
      "$i" $((i / 250)) $((i % 250 + 1)) "$port" "$extractor" "$interval"
    if [ "$extractor" = css ]; then
      printf '[site.selectors]\nitem = "article.card"\ntitle = "h2 a"\nlink = "h2 a @href"\n'
      printf 'summary = "p.summary"\npublished = "time @datetime"\n'
    fi
  done
}

echo "| sites | first round: wall | CPU | CPU per site | steady: polls (200 / 304) | CPU per poll | peak RSS | SIGTERM to exit |"
echo "|---|---|---|---|---|---|---|---|"
for n in "$@"; do
  work=$(mktemp -d)
  coproc SERVER { exec "$server_binary" "$n"; }
  server_pid=$SERVER_PID
  read -r _ port <&"${SERVER[0]}"
  write_config "$n" >"$work/scale.toml"

  start=$(now)
  "$binary" run -c "$work/scale.toml" --log-level warn 2>"$work/run.log" &
  run_pid=$!
  done_first=""
  while :; do  # until every site's first crawl is stored
    count=$(stored)
    [ "${count:-0}" -ge "$n" ] && { done_first=yes; break; }
    awk -v s="$start" -v e="$(now)" -v l="$first_limit" 'BEGIN { exit !(e - s > l) }' && break
    alive "$run_pid" || break
    sleep 0.2
  done
  first_wall=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')
  first_cpu=$(cpu_seconds "$run_pid")

  if [ -n "$done_first" ]; then
    polls0=$(( $(stat_of pages_200) + $(stat_of pages_304) ))
    ok0=$(stat_of pages_200)
    cpu0=$(cpu_seconds "$run_pid")
    for ((t = 0; t < steady; t += interval)); do
      curl -s "http://127.0.0.1:$port/_advance" >/dev/null
      sleep $((steady - t < interval ? steady - t : interval))
    done
    cpu1=$(cpu_seconds "$run_pid")
    ok1=$(stat_of pages_200)
    polls1=$(( ok1 + $(stat_of pages_304) ))
    polls=$((polls1 - polls0))
    changed=$((ok1 - ok0))
    per_poll=$(awk -v a="$cpu0" -v b="$cpu1" -v p="$polls" 'BEGIN { printf "%.3f ms", p ? (b - a) * 1000 / p : 0 }')
    steady_cell="$polls ($changed / $((polls - changed)))"
    first_cell="${first_wall} s | ${first_cpu} s | $(awk -v c="$first_cpu" -v n="$n" 'BEGIN { printf "%.2f ms", c * 1000 / n }')"
  else
    per_poll="—"
    steady_cell="—"
    first_cell="did not finish: ${count:-0}/$n stored in ${first_wall} s | ${first_cpu} s | —"
  fi
  rss=$(awk '/VmHWM/ { printf "%.1f MB", $2 / 1024 }' "/proc/$run_pid/status")

  term_start=$(now)
  kill -TERM "$run_pid"
  exited=""
  while :; do
    alive "$run_pid" || { exited=yes; break; }
    awk -v s="$term_start" -v e="$(now)" -v l="$term_limit" 'BEGIN { exit !(e - s > l) }' && break
    sleep 0.02
  done
  if [ -n "$exited" ]; then
    term=$(awk -v s="$term_start" -v e="$(now)" 'BEGIN { printf "%.2f s", e - s }')
    wait "$run_pid" 2>/dev/null || true
  else
    term="> ${term_limit} s (killed)"
    kill -KILL "$run_pid"
    wait "$run_pid" 2>/dev/null || true
  fi
  echo "| $n | $first_cell | $steady_cell | $per_poll | $rss | $term |"
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
done
