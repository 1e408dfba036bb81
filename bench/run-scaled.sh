#!/bin/sh
# The scaled-down runs docs/PERFORMANCE.md reports, one invocation per scenario, for a shared 2-core
# machine. Build first: mvn -B -o package -pl bench -am -DskipTests (from the repository root).
# Set PG_URL (bench/scratch-postgres.sh start prints one) to include PostgreSQL.
set -eu
OUT=${OUT:-bench-results}
mkdir -p "$OUT"
BENCH="java -Xmx2g -jar bench/target/feedline-bench.jar"
PG=${PG_URL:+--pg-url $PG_URL}
STORES=${PG_URL:+--stores sqlite,postgresql}
run() { name=$1; shift; echo "== $name: $BENCH $*"; $BENCH "$@" --work-dir "$OUT/$name-data" --report "$OUT/$name.md" > "$OUT/$name.log" 2>&1 || echo "$name failed"; rm -rf "$OUT/$name-data"; }
run S1 S1 --devices 1000 --duration 30 --ramp 30 $STORES $PG
run S2 S2 --devices 100 --duration 20 --ramp 10 $STORES $PG
run S3 S3 --connections 19000 --devices 100 --duration 20
run S3-heap1g S3 --connections 19000 --devices 100 --duration 20 --server-jvm-opts -Xmx1g
run S4 S4 --devices 1000 --total-rate 10000 --duration 20 --ramp 20
run S5 S5 --points 1000000 --queries 100 $STORES $PG
run S6 S6 --duration 30 --ramp 5
run S6-1g S6 --duration 30 --ramp 5 --server-jvm-opts -XX:MaxRAM=1g
# The rules engine (issue 15 point 8): docs/PERFORMANCE.md, "Rules".
run RU RU --ramp 15 --duration 15 --repeat 2 --firing-streams 2 --mosquitto none
# Three nodes behind HAProxy (needs PostgreSQL, redis-server and haproxy): docs/PERFORMANCE.md, "Cluster".
if [ -n "${PG_URL:-}" ]; then
  run CL CL --pg-url "$PG_URL" --devices 1000 --ramp 15 --duration 15 --repeat 3 --commands 200 --restart-devices 50
fi
