#!/usr/bin/env bash
# Several instances sharing one PostgreSQL database (issue 11): K `newswatch run` processes against N sites
# served on loopback by bench/scale_server (each site its own host), all with one database on a PostgreSQL
# cluster this script starts in a temporary folder. For each K it prints one table row:
#   first round   wall time until every site's crawl is stored, and sites per second (the round must be
#                 shorter than INTERVAL, or sites fall due again and count as double polls)
#   CPU           user+sys of all K processes over the first round
#   double polls  page requests beyond each site's first during the first round (the server counts; must be 0)
#   alerts        after one change round (a tenth of the sites gain two items, seen at their next due time; the
#                 round is over when every site was polled again): webhooks received against the rows queued
#                 once no row is pending, and those whose delivery id came before (must be 0)
#
# Usage: bench/multi_instance.sh BUILD_DIR N K...      e.g. bench/multi_instance.sh build-rel 1000 1 2 3
# Needs BUILD_DIR/newswatch, BUILD_DIR/bench/scale_server, Debian's postgresql (initdb, pg_ctl), psql, curl.
# Knobs: INTERVAL (site interval, s, default 90), LIMIT (give up after s, default 600), CONCURRENCY (per
# instance, default 32), KEEP=1 keeps the work folder.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: bench/multi_instance.sh BUILD_DIR N K...}
n=${2:?usage: bench/multi_instance.sh BUILD_DIR N K...}
shift 2
[ $# -gt 0 ] || { echo "usage: bench/multi_instance.sh BUILD_DIR N K..." >&2; exit 2; }
interval=${INTERVAL:-90}
limit=${LIMIT:-600}
concurrency=${CONCURRENCY:-32}
binary=$(realpath "$build/newswatch")
server_binary=$build/bench/scale_server
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$pg_bin/initdb" ] || { echo "PostgreSQL is not installed: apt-get install postgresql" >&2; exit 2; }
for f in "$binary" "$server_binary"; do
  [ -x "$f" ] || { echo "missing $f: ninja -C $build newswatch scale_server" >&2; exit 2; }
done
ticks=$(getconf CLK_TCK)
now() { date +%s.%N; }
cpu_seconds() { awk -v t="$ticks" '{ sub(/^.*\) /, ""); printf "%.3f", ($12 + $13) / t }' "/proc/$1/stat"; }

work=$(mktemp -d)
as_pg=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses root: the cluster belongs to the package's postgres user
  chown postgres "$work"
  as_pg=(runuser -u postgres --)
fi
cleanup() {
  jobs -p | xargs -r kill 2>/dev/null || true
  "${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true
  if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
"${as_pg[@]}" "$pg_bin/initdb" -D "$work/pg" -A trust -U postgres >/dev/null
"${as_pg[@]}" "$pg_bin/pg_ctl" -D "$work/pg" -l "$work/pg.log" -w \
  -o "-k $work -p 5432 -c listen_addresses='' -c max_connections=100 -c fsync=off" start >/dev/null
admin="postgresql://postgres@/postgres?host=$work&port=5432"
psql_in() { psql -qAtX "postgresql://postgres@/$1?host=$work&port=5432" -c "$2"; }

coproc SERVER { exec "$server_binary" "$n"; }
read -r _ port <&"${SERVER[0]}"
stat_of() { curl -s "http://127.0.0.1:$port/_stats" | awk -v k="$1" '$1 == k { print $2 }'; }

write_config() {  # $1 = database name
  local i
  printf '[service]\ndatabase = "postgresql://postgres@/%s?host=%s&port=5432"\n' "$1" "$work"
  printf 'per_host_delay = "0s"\nconcurrency = %d\nrespect_robots = false\nprivate_networks = "site-only"\n\n' \
    "$concurrency"
  printf '[[notify]]\nname = "hook"\ntype = "webhook"\nurl = "http://127.0.0.1:%s/hook"\n\n' "$port"
  printf '[[watch]]\nname = "any"\nquery = %s\nnotify = ["hook"]\n\n' "'Korea OR missile OR Russia OR summit'"
  for ((i = 0; i < n; i++)); do
    printf '[[site]]\nname = "s%d"\nurl = "http://127.1.%d.%d:%s/news/"\nextractor = "css"\ninterval = "%ds"\n' \
      "$i" $((i / 250)) $((i % 250 + 1)) "$port" "$interval"
    printf '[site.selectors]\nitem = "article.card"\ntitle = "h2 a"\nlink = "h2 a @href"\n'
    printf 'summary = "p.summary"\npublished = "time @datetime"\n'
  done
}

echo "| instances | sites | first round | sites per second | CPU (all instances) | double polls | alerts sent | sent twice |"
echo "|---|---|---|---|---|---|---|---|"
for k in "$@"; do
  db="nw_k$k"
  psql -qAtX "$admin" -c "CREATE DATABASE $db" >/dev/null
  curl -s "http://127.0.0.1:$port/_mark" >/dev/null
  polled0=$(stat_of pages_200)
  pids=()
  start=$(now)
  for ((i = 0; i < k; i++)); do  # one folder each: its own config path, so its own control socket
    mkdir -p "$work/k$k-i$i"
    write_config "$db" >"$work/k$k-i$i/newswatch.toml"
    "$binary" run -c "$work/k$k-i$i/newswatch.toml" --log-level warn 2>"$work/k$k-i$i/run.log" &
    pids+=($!)
  done
  stored=0
  while :; do
    stored=$(psql_in "$db" "SELECT count(*) FROM sites WHERE last_crawl_at IS NOT NULL" 2>/dev/null || echo 0)
    [ "${stored:-0}" -ge "$n" ] && break
    awk -v s="$start" -v e="$(now)" -v l="$limit" 'BEGIN { exit !(e - s > l) }' && break
    sleep 0.2
  done
  wall=$(awk -v s="$start" -v e="$(now)" 'BEGIN { printf "%.1f", e - s }')
  cpu=0
  for pid in "${pids[@]}"; do cpu=$(awk -v a="$cpu" -v b="$(cpu_seconds "$pid")" 'BEGIN { printf "%.2f", a + b }'); done
  repeats=$(stat_of repeat_polls)

  # One change round: a tenth of the sites gain two items, seen at their next due time (one interval).
  hooks0=$(stat_of webhooks)
  dup0=$(stat_of webhook_duplicates)
  curl -s "http://127.0.0.1:$port/_mark" >/dev/null
  curl -s "http://127.0.0.1:$port/_advance" >/dev/null
  # The round is over once every site was polled again since the change; then its alerts drain.
  expected=""
  for ((t = 0; t < 2 * interval + 60; t++)); do
    if [ "$(stat_of sites_polled)" -ge "$n" ]; then
      pending=$(psql_in "$db" "SELECT count(*) FROM outbox WHERE state = 'pending' AND notifier = 'hook'")
      [ "$pending" = 0 ] && { expected=$(psql_in "$db" "SELECT count(*) FROM outbox WHERE notifier = 'hook'"); break; }
    fi
    sleep 1
  done
  hooks=$(( $(stat_of webhooks) - hooks0 ))
  dups=$(( $(stat_of webhook_duplicates) - dup0 ))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$stored" -ge "$n" ]; then
    rate=$(awk -v n="$n" -v w="$wall" 'BEGIN { printf "%.1f", n / w }')
    round="${wall} s"
  else
    rate="—"
    round="unfinished: $stored/$n in ${wall} s"
  fi
  echo "| $k | $n | $round | $rate | ${cpu} s | $repeats | $hooks (of ${expected:-?} queued) | $dups |"
done
