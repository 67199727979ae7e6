#!/usr/bin/env bash
# A throwaway PostgreSQL server for one ctest run (the fixture `postgres`, tests/CMakeLists.txt).
#   pg_cluster.sh start DIR   initdb + pg_ctl start; writes DIR/cluster.env (host, port, user)
#   pg_cluster.sh stop DIR    pg_ctl stop -m fast; removes the data directory, keeps the logs
#
# The server listens on a socket in DIR (or in a /tmp folder named in DIR/cluster.env when DIR is too long for
# a socket path or unreachable for the server's user) and on a free loopback port, trusts every local user
# and is tuned for tests, not durability. postgres refuses to run as root: as root, the server runs as the
# package's `postgres` user (else `nobody`), which owns its folder. Start wipes DIR first, so a run that was
# killed leaves nothing behind that blocks the next: its server (found through postmaster.pid and checked to
# be a postgres working in that very data directory) is stopped first.
# Where PostgreSQL is not installed, start writes the reason to DIR/not_installed and succeeds: the tests skip.
# Where it is installed but does not start, start fails, and writes DIR/start_failed with the log's end (a
# test run by hand then fails with it).
set -euo pipefail

usage() {
  echo "usage: pg_cluster.sh start|stop DIR" >&2
  exit 2
}
(($# == 2)) || usage
action=$1
dir=$2
[[ $dir == /* ]] || dir="$PWD/$dir"

has_server() { [[ -x $1/initdb && -x $1/pg_ctl && -x $1/postgres ]]; }

# The newest server installed: Debian keeps each major version under /usr/lib/postgresql/<ver>/bin, out of PATH.
find_bindir() {
  local candidate
  if [[ -n ${NEWSWATCH_PG_BINDIR:-} ]]; then  # a chosen server; a folder without one reads as "not installed"
    if has_server "$NEWSWATCH_PG_BINDIR"; then echo "$NEWSWATCH_PG_BINDIR"; fi
    return
  fi
  for candidate in $(printf "%s\n" /usr/lib/postgresql/*/bin | sort -t/ -k5,5 -V -r); do
    if has_server "$candidate"; then
      echo "$candidate"
      return
    fi
  done
  candidate=$(command -v initdb 2>/dev/null || true)  # other distributions put the server on PATH
  if [[ -n $candidate ]]; then dirname "$(readlink -f "$candidate")"; fi
}

# Runs a command as the server's user (root only; otherwise as ourselves), in a folder that user may enter.
run_user=
as_server() {
  if [[ -n $run_user ]]; then
    (cd / && runuser -u "$run_user" -- "$@")
  else
    "$@"
  fi
}

value_of() {  # KEY FILE: the value of KEY=... in FILE, or nothing
  { sed -n "s/^$1=//p" "$2" 2>/dev/null || true; } | head -n 1
}

# A server left running by a killed run: stopped only if postmaster.pid names a live postgres whose working
# directory is that data directory (a recycled pid belongs to someone else and is left alone).
stop_leftover() {
  local data=$1 pid
  [[ -f $data/postmaster.pid ]] || return 0
  pid=$(head -n 1 "$data/postmaster.pid" 2>/dev/null || true)
  [[ $pid =~ ^[0-9]+$ ]] || return 0
  [[ $(readlink "/proc/$pid/cwd" 2>/dev/null || true) == "$(readlink -f "$data")" ]] || return 0
  echo "pg_cluster: stopping the server a previous run left (pid $pid)"
  kill -QUIT "$pid" 2>/dev/null || true  # immediate shutdown: its data is thrown away next
  for _ in $(seq 100); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
}

# Where the server's data and socket live: DIR itself when the server's user can write it and the socket path
# fits (sockaddr_un holds 107 bytes), else a private folder under /tmp.
choose_home() {
  local socket_path="$dir/.s.PGSQL.65535.lock"
  if ((${#socket_path} < 100)) && as_server test -w "$dir" -a -x "$dir"; then
    echo "$dir"
    return
  fi
  local home
  home=$(mktemp -d "${TMPDIR:-/tmp}/newswatch-pg.XXXXXX")
  [[ -z $run_user ]] || chown "$run_user" "$home"
  echo "$home"
}

free_port() {  # a loopback port nothing listens on now; a race with another server is retried by start
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fail() {  # MESSAGE LOG: records why in DIR/start_failed (the tests print it) and fails the fixture
  local why="$1"
  if [[ -f $2 ]]; then why+=$'\n'"$(tail -n 20 "$2")"; fi
  printf '%s\n' "$why" >"$dir/start_failed"
  echo "pg_cluster: $why" >&2
  exit 1
}

start() {
  local started=$SECONDS bindir home port attempt
  stop_leftover "$dir/data"
  home=$(value_of home "$dir/cluster.env")
  if [[ -n $home && $home != "$dir" ]]; then
    stop_leftover "$home/data"
    rm -rf "$home"
  fi
  rm -rf "$dir"
  mkdir -p "$dir"

  bindir=$(find_bindir)
  if [[ -z $bindir ]]; then
    echo "PostgreSQL is not installed: apt-get install postgresql (scripts/install-deps.sh does)" >"$dir/not_installed"
    echo "pg_cluster: $(cat "$dir/not_installed"); the PostgreSQL tests will skip"
    return 0
  fi
  if [[ $(id -u) -eq 0 ]]; then
    if id -u postgres >/dev/null 2>&1; then run_user=postgres; else run_user=nobody; fi
    chown "$run_user" "$dir"
  fi
  home=$(choose_home)
  # Fast and disposable: no fsync, C locale, trust for every local connection.
  as_server "$bindir/initdb" -D "$home/data" -U postgres -A trust -E UTF8 --no-locale --no-sync \
    >"$dir/initdb.log" 2>&1 || fail "the PostgreSQL test cluster did not start: initdb failed" "$dir/initdb.log"
  cat >>"$home/data/postgresql.conf" <<EOF
# tests/support/pg_cluster.sh: a server for tests, thrown away after the run
listen_addresses = '127.0.0.1'
unix_socket_directories = '$home'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 32MB
max_wal_size = 1GB
huge_pages = off
max_wal_senders = 0
wal_level = minimal
log_checkpoints = off
EOF
  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    if as_server "$bindir/pg_ctl" -D "$home/data" -l "$home/server.log" -o "-p $port" -w -t 60 start \
      >"$dir/pg_ctl.log" 2>&1; then
      break
    fi
    # Another process took the port between free_port and the bind: try another one.
    grep -q "Address already in use" "$home/server.log" 2>/dev/null && ((attempt < 5)) && continue
    cat "$home/server.log" >>"$dir/pg_ctl.log" 2>/dev/null || true
    fail "the PostgreSQL test cluster did not start: pg_ctl start failed" "$dir/pg_ctl.log"
  done
  cat >"$dir/cluster.env" <<EOF
host=$home
port=$port
user=postgres
home=$home
data=$home/data
bindir=$bindir
run_user=$run_user
EOF
  echo "pg_cluster: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') up in $((SECONDS - started)) s:" \
    "postgresql://postgres@/postgres?host=$home&port=$port (as ${run_user:-$(id -un)})"
}

stop() {
  if [[ ! -f $dir/cluster.env ]]; then
    echo "pg_cluster: no cluster in $dir (${action}: nothing to do)"
    return 0
  fi
  local bindir home data status=0
  bindir=$(value_of bindir "$dir/cluster.env")
  home=$(value_of home "$dir/cluster.env")
  data=$(value_of data "$dir/cluster.env")
  run_user=$(value_of run_user "$dir/cluster.env")
  if [[ -f $data/postmaster.pid ]]; then
    if ! as_server "$bindir/pg_ctl" -D "$data" -m fast -w -t 60 stop >"$dir/pg_ctl_stop.log" 2>&1; then
      cat "$dir/pg_ctl_stop.log" >&2
      as_server "$bindir/pg_ctl" -D "$data" -m immediate -w -t 30 stop >&2 || true
      status=1
    fi
  fi
  if [[ $home != "$dir" ]]; then
    cp "$home/server.log" "$dir/server.log" 2>/dev/null || true
    rm -rf "$home"
  fi
  rm -rf "$data" "$dir/cluster.env"
  echo "pg_cluster: stopped (its log: $dir/server.log)"
  return $status
}

case "$action" in
  start) start ;;
  stop) stop ;;
  *) usage ;;
esac
