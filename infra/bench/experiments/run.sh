#!/usr/bin/env bash
# REST allocation load test (issue #14: p99 <= 5 ms at 2,000 req/s, open loop, next to the no-work endpoint of the
# same run): deploy-orchestrator's POST /api/experiments/{key}/allocation, one unit per request, a random unit id
# among UNITS per request, body {"attributes":{"id":"unit-N"}}, signed in as the demo viewer.
#
# Needs a running stack (./verdict up: deploy-orchestrator on 8082, Keycloak on 8180, the demo experiment
# new-checkout created and started by it) and a JDK 17+ (javac/java) and bc. Every request goes to this machine only.
#
#   infra/bench/experiments/run.sh [connections=50]
#
# Env: ORCHESTRATOR_URL (http://localhost:8082), KEYCLOAK_URL (http://localhost:8180), EXPERIMENT (new-checkout),
#      UNITS (1000000: unit ids unit-0 .. unit-999999), RATES ("500 1000 2000"), OPEN_SECONDS (20 per run),
#      WARMUP_RATE (1000), WARMUP_SECONDS (30 for the allocation, a third of it for each health target; repeated up
#      to WARMUP_ROUNDS (8) times until a round's JIT compiles are below JIT_SETTLED (150)),
#      IDLE_SECONDS (10: the orchestrator's CPU use without load, measured before the warm-up),
#      ORCHESTRATOR_PID (else found with ss), POSTGRES_PORT (15432; its postmaster's pid found with ss, for the
#      database's CPU per request), BENCH_DIR (a temp dir for the compiled generator).
#
# Open loop (infra/bench/common/OpenLoad.java, shared with the catalog script): at each rate, over the same number of
# keep-alive connections, latency counted from each request's intended send time (so a stall shows as the latency
# every scheduled request would have seen), three runs one after the other:
#   1. GET /q/health/live without a token: no work, the ceiling of this machine and the HTTP stack at that rate;
#   2. the same with the bearer token: the price of the token check alone (proactive authentication);
#   3. the allocation endpoint.
# Each run prints p50/p90/p99/p99.9/max, errors (any answer but 200, and failed connections), the load average before
# and after, and, when the orchestrator's pid is found, its CPU time per request (utime+stime from /proc over the
# run / requests sent; "net" subtracts its idle CPU per second, the simulated shoppers' and Kafka Streams' share),
# PostgreSQL's CPU per request, from its /q/metrics (read outside the measured window) its own mean time per
# request, the mean wait for a worker thread and its GC pauses during the run, and the JIT compiles during the run
# (jcmd). The summary ends with a markdown table and the allocation p99 / no-work p99 ratios.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$(pwd)
CONNECTIONS=${1:-${CONNECTIONS:-50}}
ORCHESTRATOR_URL=${ORCHESTRATOR_URL:-http://localhost:8082}
KEYCLOAK_URL=${KEYCLOAK_URL:-http://localhost:8180}
EXPERIMENT=${EXPERIMENT:-new-checkout}
UNITS=${UNITS:-1000000}
RATES=${RATES:-500 1000 2000}
SECONDS_EACH=${OPEN_SECONDS:-20}
WARMUP_RATE=${WARMUP_RATE:-1000}
WARMUP_SECONDS=${WARMUP_SECONDS:-30}
IDLE_SECONDS=${IDLE_SECONDS:-10}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d -t verdict-experiments-bench-XXXXXX)}
export EXPERIMENT UNITS

token() { # the demo viewer's access token (password grant on the public CLI client); the endpoint needs role viewer
  curl -sf -d grant_type=password -d client_id=verdict-cli -d username=viewer -d password=viewer-demo \
    "$KEYCLOAK_URL/realms/verdict/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

command -v javac >/dev/null || { echo "javac (JDK 17+) is missing" >&2; exit 2; }
command -v bc >/dev/null || { echo "bc is missing: apt-get install -y bc" >&2; exit 2; }
curl -sf "$ORCHESTRATOR_URL/q/health/ready" >/dev/null || { echo "deploy-orchestrator is not ready at $ORCHESTRATOR_URL (./verdict up)" >&2; exit 2; }
TOKEN=$(token) || { echo "no token from $KEYCLOAK_URL (./verdict up)" >&2; exit 2; }
export TOKEN
STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$ORCHESTRATOR_URL/api/experiments/$EXPERIMENT")
[ "$STATUS" = 200 ] || { echo "GET /api/experiments/$EXPERIMENT: $STATUS (./verdict up creates and starts new-checkout)" >&2; exit 2; }
echo "== experiment $EXPERIMENT: $(curl -sf -H "Authorization: Bearer $TOKEN" "$ORCHESTRATOR_URL/api/experiments/$EXPERIMENT" \
  | grep -oE '"status" *: *"[a-z]+"' | head -1)"
echo "== one allocation: $(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"attributes":{"id":"unit-42"}}' "$ORCHESTRATOR_URL/api/experiments/$EXPERIMENT/allocation")"

PORT=$(echo "$ORCHESTRATOR_URL" | sed -E 's#.*:([0-9]+).*#\1#')
PID=${ORCHESTRATOR_PID:-$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true)}
PG_PORT=${POSTGRES_PORT:-15432}
PG_PID=$(ss -Hltnp "sport = :$PG_PORT" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true)
CLK=$(getconf CLK_TCK)
pg_ticks() { # the PostgreSQL server's CPU: the postmaster (with its ended children) and its live backends
  if [ -z "$PG_PID" ] || [ ! -r "/proc/$PG_PID/stat" ]; then echo 0; return; fi
  { awk '{print $14 + $15 + $16 + $17}' "/proc/$PG_PID/stat"
    for c in $(ps -o pid= --ppid "$PG_PID"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done
  } | awk '{ t += $1 } END { print t + 0 }'
}
jit_compiles() { # the orchestrator's JIT compilations so far (jcmd, outside the measured window), or -
  if [ -n "$PID" ] && command -v jcmd >/dev/null; then
    jcmd "$PID" PerfCounter.print 2>/dev/null | awk -F= '/sun.ci.totalCompiles/ { print $2; f = 1 } END { if (!f) print "-" }'
  else echo -; fi
}
cpu_ticks() { if [ -n "$PID" ] && [ -r "/proc/$PID/stat" ]; then awk '{print $14 + $15}' "/proc/$PID/stat"; else echo 0; fi; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
metrics() { curl -sf "$ORCHESTRATOR_URL/q/metrics" 2>/dev/null || true; }
snapshot() { # uri -> "gcN gcS wqN wqS httpN httpS": GC pauses (Micrometer's jvm_gc_pause_seconds, all causes), the
  # worker pool's queue delay (blocking endpoints wait there for a worker thread) and the server-side time of the uri
  metrics | awk -v uri="uri=\"$1\"" '
    /^jvm_gc_pause_seconds_count/ { gn += $NF } /^jvm_gc_pause_seconds_sum/ { gs += $NF }
    /^worker_pool_queue_delay_seconds_count\{pool_name="vert.x-worker-thread"/ { wn += $NF }
    /^worker_pool_queue_delay_seconds_sum\{pool_name="vert.x-worker-thread"/ { ws += $NF }
    /^http_server_requests_seconds_count/ && index($0, uri) && index($0, "status=\"200\"") { hn += $NF }
    /^http_server_requests_seconds_sum/ && index($0, uri) && index($0, "status=\"200\"") { hs += $NF }
    END { printf "%d %.6f %d %.6f %d %.6f", gn, gs, wn, ws, hn, hs }'
}
maxima() { # the longest GC pause and worker-queue delay in Micrometer's window (about the last 2 minutes), ms
  metrics | awk '/^jvm_gc_pause_seconds_max/ { if ($NF > g) g = $NF }
    /^worker_pool_queue_delay_seconds_max\{pool_name="vert.x-worker-thread"/ { if ($NF > w) w = $NF }
    END { printf "GC pause %.1f ms, worker-queue delay %.1f ms", g * 1000, w * 1000 }'
}
mean_ms() { # count0 sum0 count1 sum1 -> mean of the delta in ms (or n/a)
  awk -v n0="$1" -v s0="$2" -v n1="$3" -v s1="$4" 'BEGIN { if (n1 > n0) printf "%.3f", (s1 - s0) * 1000 / (n1 - n0); else print "n/a" }'
}
threads() { if [ -n "$PID" ] && [ -r "/proc/$PID/status" ]; then awk '/^Threads:/ {print $2}' "/proc/$PID/status"; else echo n/a; fi; }
per_request() { # ticks before, ticks after, requests -> ms CPU per request (or n/a)
  if [ -n "$PID" ] && [ -n "$3" ] && [ "$3" -gt 0 ]; then echo "scale=3; ($2 - $1) * 1000 / $CLK / $3" | bc; else echo n/a; fi
}
net_per_request() { # ticks before, ticks after, requests, seconds -> CPU per request minus the idle share (or n/a)
  if [ -n "$PID" ] && [ -n "$3" ] && [ "$3" -gt 0 ]; then
    echo "scale=3; (($2 - $1) * 1000 / $CLK - $IDLE_MS_PER_S * $4) / $3" | bc
  else echo n/a; fi
}
ratio() { # a / b with 2 decimals, or n/a
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'
}
field() { echo "$1" | grep -oE "$2 [0-9.]+" | head -1 | cut -d' ' -f2 || true; }

OPEN_CLASSES="$BENCH_DIR/openload-classes"
mkdir -p "$OPEN_CLASSES"
javac -d "$OPEN_CLASSES" "$ROOT/infra/bench/common/OpenLoad.java"
load() { java -Xmx128m -XX:+UseSerialGC -cp "$OPEN_CLASSES" OpenLoad "$1" "$ORCHESTRATOR_URL" "$2" "$3" "$CONNECTIONS" 2>&1; }

SUMMARY=()
declare -A P99
run() { # key, name, target, rate, uri: one open-loop run with its load average, CPU per request, GC and queueing
  local key=$1 name=$2 target=$3 rate=$4 uri=$5
  local before after pg0 pg1 j0 j1 jit t0 wall m0 m1 out sent errors achieved p50 p90 p99 p999 max cpu net pg gcn gcs wq srv load0 load1 thr
  j0=$(jit_compiles); load0=$(loadavg); m0=($(snapshot "$uri")); before=$(cpu_ticks); pg0=$(pg_ticks); t0=$(date +%s.%N)
  out=$(load "$target" "$rate" "$SECONDS_EACH")
  after=$(cpu_ticks); pg1=$(pg_ticks); wall=$(echo "$(date +%s.%N) - $t0" | bc); m1=($(snapshot "$uri")); load1=$(loadavg); thr=$(threads); j1=$(jit_compiles)
  if [ "$j0" != - ] && [ "$j1" != - ]; then jit=$((j1 - j0)); else jit=-; fi
  sent=$(field "$out" sent); errors=$(field "$out" errors); achieved=$(field "$out" achieved)
  p50=$(field "$out" p50); p90=$(field "$out" p90); p99=$(field "$out" p99); p999=$(field "$out" 'p99\.9'); max=$(field "$out" max)
  cpu=$(per_request "$before" "$after" "$sent"); net=$(net_per_request "$before" "$after" "$sent" "$wall")
  pg=$(if [ -n "$PG_PID" ]; then per_request "$pg0" "$pg1" "$sent"; else echo n/a; fi)
  gcn=$(( m1[0] - m0[0] )); gcs=$(awk -v a="${m0[1]}" -v b="${m1[1]}" 'BEGIN { printf "%.0f", (b - a) * 1000 }')
  wq=$(mean_ms "${m0[2]}" "${m0[3]}" "${m1[2]}" "${m1[3]}"); srv=$(mean_ms "${m0[4]}" "${m0[5]}" "${m1[4]}" "${m1[5]}")
  echo "$out"
  echo "   load average before $load0, after $load1; orchestrator CPU $cpu ms/request (net of idle $net), PostgreSQL $pg ms/request;" \
    "server-side mean $srv ms; worker-queue delay mean $wq ms; GC $gcn pauses, $gcs ms in all; maxima in window: $(maxima);" \
    "JIT compiles during the run $jit; $thr threads"
  P99[$key]=$p99
  SUMMARY+=("$(printf '| %5s/s | %-28s | %5s/s | %6s | %6s | %6s | %7s | %7s | %7s | %6s | %6s | %6s | %6s | %6s | %3s / %5s ms | %-14s | %-14s |' \
    "$rate" "$name" "$achieved" "${errors:-?}" "$p50" "$p90" "$p99" "$p999" "$max" "$cpu" "$net" "$pg" "$srv" "$wq" "$gcn" "$gcs" "$load0" "$load1")")
}

echo "== orchestrator pid: ${PID:-not found (set ORCHESTRATOR_PID for CPU per request)}; $(threads) threads; PostgreSQL pid: ${PG_PID:-not found}; load average: $(loadavg)"
echo "== $(nproc) cores; JVM of the orchestrator: $(if [ -n "$PID" ]; then tr '\0' ' ' < "/proc/$PID/cmdline" | grep -oE -- '-X[a-z]+[0-9]+[mgk]?' | tr '\n' ' '; fi)"
if [ -n "$PID" ]; then
  j0=$(jit_compiles); t0=$(cpu_ticks); p0=$(pg_ticks); sleep "$IDLE_SECONDS"; t1=$(cpu_ticks); p1=$(pg_ticks); j1=$(jit_compiles)
  IDLE_MS_PER_S=$(echo "scale=3; ($t1 - $t0) * 1000 / $CLK / $IDLE_SECONDS" | bc)
  echo "== idle, no bench load, $IDLE_SECONDS s: orchestrator $IDLE_MS_PER_S ms CPU per second (its simulated shoppers, demo load, Kafka Streams," \
    "schedulers; JIT compiles $(if [ "$j0" != - ]; then echo $((j1 - j0)); else echo -; fi)), PostgreSQL $(echo "scale=1; ($p1 - $p0) * 1000 / $CLK / $IDLE_SECONDS" | bc) ms/s"
else
  IDLE_MS_PER_S=0
fi
# A freshly started orchestrator compiles for minutes on two shared cores (one C2 thread): in the first 30 s at
# 1000/s it served 229 allocations/s. So the warm-up repeats (at most WARMUP_ROUNDS) until a round's JIT compiles
# fall below JIT_SETTLED (when jcmd can tell; idle, the orchestrator compiles ~100 methods per 30 s).
WARMUP_ROUNDS=${WARMUP_ROUNDS:-8}
JIT_SETTLED=${JIT_SETTLED:-150}
echo "== warm-up at $WARMUP_RATE/s, rounds of: health $((WARMUP_SECONDS / 3)) s, health with token $((WARMUP_SECONDS / 3)) s, allocation $WARMUP_SECONDS s"
for round in $(seq 1 "$WARMUP_ROUNDS"); do
  j0=$(jit_compiles)
  load health "$WARMUP_RATE" $((WARMUP_SECONDS / 3)) | sed "s/^/   warm-up $round: /"
  load health-token "$WARMUP_RATE" $((WARMUP_SECONDS / 3)) | sed "s/^/   warm-up $round: /"
  load allocation "$WARMUP_RATE" "$WARMUP_SECONDS" | sed "s/^/   warm-up $round: /"
  j1=$(jit_compiles)
  [ "$j0" = - ] || [ "$j1" = - ] && break
  echo "   warm-up $round: JIT compiles during the round $((j1 - j0))"
  [ $((j1 - j0)) -lt "$JIT_SETTLED" ] && break
done

echo "== open loop: $CONNECTIONS connections, $SECONDS_EACH s per run; latency from the intended send time (ms)"
for rate in $RATES; do
  TOKEN=$(token); export TOKEN # fresh per rate (15-minute tokens; the run takes minutes)
  run "health@$rate" "/q/health/live, no token" health "$rate" /q/health/live
  run "token@$rate" "/q/health/live, bearer token" health-token "$rate" /q/health/live
  run "alloc@$rate" "POST .../allocation" allocation "$rate" "/api/experiments/{key}/allocation"
done

echo
echo "== summary (ms; CPU = the orchestrator's utime+stime per request, net = minus its idle ${IDLE_MS_PER_S} ms/s; pg = PostgreSQL's;"
echo "   server = its own mean time per request (http_server_requests); queue = mean wait for a worker thread of all"
echo "   blocking work in the run; GC = pauses during the run; load = 1/5/15-min load average before and after the run)"
echo "| rate | target | achieved | errors | p50 | p90 | p99 | p99.9 | max | CPU ms/req | net | pg | server | queue | GC pauses | load before | load after |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
for rate in $RATES; do
  p=${P99[alloc@$rate]:-}
  verdict=$(awk -v p="$p" 'BEGIN { if (p ~ /^[0-9.]+$/) print (p <= 5 ? "met" : "not met"); else print "n/a" }')
  echo "ratio @ $rate/s: allocation p99 $p ms / no-work p99 ${P99[health@$rate]:-} ms = $(ratio "$p" "${P99[health@$rate]:-}"); / token-only p99 ${P99[token@$rate]:-} ms = $(ratio "$p" "${P99[token@$rate]:-}"); goal p99 <= 5 ms: $verdict"
done
echo "load average at the end: $(loadavg)"
rm -rf "$OPEN_CLASSES"; rmdir "$BENCH_DIR" 2>/dev/null || true
