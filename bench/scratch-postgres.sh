#!/bin/sh
# A throw-away PostgreSQL for the benchmark (S2's raw reference, --stores postgresql), from the system's
# PostgreSQL binaries: a fresh cluster in a temporary directory, trust auth on loopback only, port 55432.
#   bench/scratch-postgres.sh start   → prints the --pg-url to pass
#   bench/scratch-postgres.sh stop
# PostgreSQL refuses to run as root, so as root the cluster belongs to the 'postgres' user.
set -eu
DIR=${BENCH_PG_DIR:-/tmp/feedline-bench-pg}
PORT=${BENCH_PG_PORT:-55432}
BIN=${BENCH_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}
as_owner() { if [ "$(id -u)" = 0 ]; then su postgres -c "$*"; else sh -c "$*"; fi; }
case "${1:-start}" in
  start)
    mkdir -p "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres "$DIR"
    [ -f "$DIR/data/PG_VERSION" ] || as_owner "$BIN/initdb -D $DIR/data -A trust -U postgres >/dev/null"
    as_owner "$BIN/pg_ctl -D $DIR/data -l $DIR/log -w -o '-p $PORT -k $DIR -c listen_addresses=127.0.0.1' start >/dev/null"
    as_owner "$BIN/psql -h 127.0.0.1 -p $PORT -U postgres -tAc \"SELECT 1 FROM pg_database WHERE datname='feedline_bench'\"" | grep -q 1 \
      || as_owner "$BIN/createdb -h 127.0.0.1 -p $PORT -U postgres feedline_bench"
    echo "jdbc:postgresql://127.0.0.1:$PORT/feedline_bench"
    ;;
  stop)
    as_owner "$BIN/pg_ctl -D $DIR/data -m fast stop"
    ;;
esac
