#!/usr/bin/env bash
# Catalog load test: generate a git repository of N entities, import it through a git location, refresh it with
# 1% of the files changed, then measure get-by-ref and a filtered+searched page with wrk (50 connections).
#
# Needs a running stack (./verdict up: catalog-service on 8081, Keycloak on 8180) and wrk
# (apt-get install -y wrk). Every request goes to this machine only.
#
#   infra/bench/catalog/run.sh [entities=10000] [duration=30s] [connections=50]
#
# Env: CATALOG_URL (http://localhost:8081), KEYCLOAK_URL (http://localhost:8180), BENCH_DIR (a temp dir),
#      SKIP_IMPORT=1 (the catalog already holds the generated entities: only the load part runs),
#      OPEN_RATES_GET ("500 1000 2000"), OPEN_RATES_SEARCH ("100 200 400"), OPEN_SECONDS (20), OPEN=0 (closed loop only), CLOSED=0 (open loop only),
#      CATALOG_PID (else found with ss).
# Besides get-by-ref and the searched page, the same run measures two baselines at the same concurrency:
# GET /q/health/live without a token (no work: the machine's and the HTTP stack's ceiling) and with the bearer token
# (proactive authentication verifies the JWT on every request, public path or not: the price of OIDC alone).
# When the catalog's pid can be found (ss -ltnp, or CATALOG_PID), each run also prints the service's RSS (now and peak) and CPU time
# per request (utime+stime from /proc over the run / requests), and every run prints the load average after it.
#
# Closed loop (wrk: 50 connections each sending its next request when the previous answer arrives) measures
# throughput, but its latency hides server stalls (coordinated omission) and its mean latency is just
# connections / throughput. So the same run then measures open loop (infra/bench/common/OpenLoad.java, shared with
# the other bench scripts; JDK 17+, from source): fixed request rates over the same number of connections, latency
# counted from each request's intended send time, for the no-work ceiling (/q/health/live without token) and the
# endpoint at the same rates. The summary at the end prints every number with the ratios to the ceiling.
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$(pwd)
N=${1:-10000}
DURATION=${2:-30s}
CONNECTIONS=${3:-50}
THREADS=${THREADS:-2}
CATALOG_URL=${CATALOG_URL:-http://localhost:8081}
KEYCLOAK_URL=${KEYCLOAK_URL:-http://localhost:8180}
BENCH_DIR=${BENCH_DIR:-$(mktemp -d -t verdict-catalog-bench-XXXXXX)}
REPO="$BENCH_DIR/repo"
HERE="$ROOT/infra/bench/catalog"

token() { # engineer's access token (demo user; password grant on the public CLI client)
  curl -sf -d grant_type=password -d client_id=verdict-cli -d username="${1:-engineer}" -d password="${2:-engineer-demo}" \
    "$KEYCLOAK_URL/realms/verdict/protocol/openid-connect/token" | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}
generator() {
  ./mvnw -B -q -f catalog-service/pom.xml test-compile exec:java -Dquarkus.build.skip=true \
    -Dexec.mainClass=dev.verdict.catalog.bench.CatalogRepoGenerator -Dexec.classpathScope=test -Dexec.args="$*"
}

command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 2; }
command -v bc >/dev/null || { echo "bc is missing: apt-get install -y bc" >&2; exit 2; }
if [ "${OPEN:-1}" != 0 ]; then command -v javac >/dev/null || { echo "javac (JDK 17+) is missing for the open-loop part (or OPEN=0)" >&2; exit 2; }; fi
curl -sf "$CATALOG_URL/q/health/ready" >/dev/null || { echo "catalog-service is not ready at $CATALOG_URL (./verdict up)" >&2; exit 2; }

if [ "${SKIP_IMPORT:-}" != 1 ]; then
  echo "== generating $N entities into $REPO"
  rm -rf "$REPO"
  generator generate "$REPO" "$N" 42

  TOKEN=$(token engineer engineer-demo)
  echo "== full import (register location + first refresh)"
  START=$(date +%s.%N)
  RESULT=$(curl -sf -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"url\":\"file://$REPO\",\"branch\":\"main\",\"path\":\"**/catalog-info.yaml\"}" "$CATALOG_URL/api/locations")
  END=$(date +%s.%N)
  LOCATION=$(echo "$RESULT" | sed -E 's/.*"location":\{"id":([0-9]+).*/\1/')
  echo "$RESULT" | grep -oE '"refresh":\{[^}]*' | head -c 600; echo
  printf 'full import wall time: %.2f s (location %s)\n' "$(echo "$END - $START" | bc)" "$LOCATION"

  echo "== refresh with 1% of the files changed"
  generator mutate "$REPO" 1 7
  START=$(date +%s.%N)
  curl -sf -X POST -H "Authorization: Bearer $TOKEN" "$CATALOG_URL/api/locations/$LOCATION/refresh" | head -c 600; echo
  END=$(date +%s.%N)
  printf 'refresh (1%% changed) wall time: %.2f s\n' "$(echo "$END - $START" | bc)"

  echo "== unchanged refresh (everything skipped by content hash)"
  START=$(date +%s.%N)
  curl -sf -X POST -H "Authorization: Bearer $TOKEN" "$CATALOG_URL/api/locations/$LOCATION/refresh" | head -c 300; echo
  END=$(date +%s.%N)
  printf 'refresh (nothing changed) wall time: %.2f s\n' "$(echo "$END - $START" | bc)"
else
  TOKEN=$(token engineer engineer-demo)
fi

COMPONENTS=$(curl -sf -H "Authorization: Bearer $TOKEN" "$CATALOG_URL/api/entities?kind=component&limit=1" >/dev/null && \
  echo $(( N - N/1000 - N/100 - N/1000 - N/50 - N*15/100 - N*15/100 - N/10 - N/1000 )))
export TOKEN COMPONENTS
PORT=$(echo "$CATALOG_URL" | sed -E 's#.*:([0-9]+).*#\1#')
PID=${CATALOG_PID:-$(ss -Hltnp "sport = :$PORT" 2>/dev/null | grep -oE 'pid=[0-9]+' | head -1 | cut -d= -f2 || true)}
CLK=$(getconf CLK_TCK)
cpu_ticks() { if [ -n "$PID" ] && [ -r "/proc/$PID/stat" ]; then awk '{print $14 + $15}' "/proc/$PID/stat"; else echo 0; fi; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
rss() { # the service's resident set now and its peak since start (VmHWM), in MiB
  if [ -n "$PID" ] && [ -r "/proc/$PID/status" ]; then
    awk '/^VmRSS:/ {r=$2} /^VmHWM:/ {h=$2} END {printf "%.0f/%.0f", r/1024, h/1024}' "/proc/$PID/status"
  else echo n/a; fi
}
cpu_per_request() { # ticks before, ticks after, requests -> ms per request (or n/a)
  if [ -n "$PID" ] && [ -n "$3" ] && [ "$3" -gt 0 ]; then echo "scale=3; ($2 - $1) * 1000 / $CLK / $3" | bc; else echo n/a; fi
}
to_ms() { # wrk latency (e.g. 950.00us, 7.98ms, 1.20s) -> ms
  awk -v v="$1" 'BEGIN { if (v ~ /us$/) { sub(/us$/, "", v); printf "%.2f", v / 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.2f", v }
                         else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.2f", v * 1000 } else print "n/a" }'
}
SUMMARY=()
declare -A RPS P99 CPU

measure() { # key, name, then wrk arguments; prints wrk's latency report, CPU ms per request and load average
  local key=$1 name=$2; shift 2
  echo "== closed loop: $name: $CONNECTIONS connections, $DURATION"
  local before out after requests rps p50 p90 p99 cpu load
  before=$(cpu_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)
  after=$(cpu_ticks)
  load=$(loadavg)
  echo "$out" | grep -vE '^unexpected status'
  requests=$(echo "$out" | grep -oE '^ +[0-9]+ requests' | grep -oE '[0-9]+' || true)
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {printf "%.0f", $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1 == "50%" {print $2}')")
  p90=$(to_ms "$(echo "$out" | awk '$1 == "90%" {print $2}')")
  p99=$(to_ms "$(echo "$out" | awk '$1 == "99%" {print $2}')")
  cpu=$(cpu_per_request "$before" "$after" "$requests")
  mem=$(rss)
  echo "$name: service CPU $cpu ms per request (pid ${PID:-unknown}); RSS now/peak $mem MiB; load average $load"
  RPS[$key]=$rps; P99[$key]=$p99; CPU[$key]=$cpu
  SUMMARY+=("$(printf '| closed | %-34s | %6s req/s | p50 %7s | p90 %7s | p99 %7s ms | CPU %6s ms/req | RSS now/peak %9s MiB | load %s |' \
    "$name" "$rps" "$p50" "$p90" "$p99" "$cpu" "$mem" "$load")")
}

OPEN_CLASSES="$BENCH_DIR/openload-classes"
open_loop() { # key, name, target, rate; prints OpenLoad's line, CPU ms per request and load average
  local key=$1 name=$2 target=$3 rate=$4
  local before out after sent achieved p50 p90 p99 p999 errors cpu load
  before=$(cpu_ticks)
  out=$(java -Xmx128m -cp "$OPEN_CLASSES" OpenLoad "$target" "$CATALOG_URL" "$rate" "$OPEN_SECONDS" "$CONNECTIONS" 2>&1)
  after=$(cpu_ticks)
  load=$(loadavg)
  sent=$(echo "$out" | grep -oE 'sent [0-9]+' | grep -oE '[0-9]+' || true)
  errors=$(echo "$out" | grep -oE 'errors [0-9]+' | grep -oE '[0-9]+' || true)
  achieved=$(echo "$out" | grep -oE 'achieved [0-9]+' | grep -oE '[0-9]+' || true)
  p50=$(echo "$out" | grep -oE 'p50 [0-9.a-z/]+' | cut -d' ' -f2 || true)
  p90=$(echo "$out" | grep -oE 'p90 [0-9.a-z/]+' | cut -d' ' -f2 || true)
  p99=$(echo "$out" | grep -oE 'p99 [0-9.a-z/]+' | cut -d' ' -f2 || true)
  p999=$(echo "$out" | grep -oE 'p99.9 [0-9.a-z/]+' | cut -d' ' -f2 || true)
  cpu=$(cpu_per_request "$before" "$after" "$sent")
  echo "$out"
  echo "$name @ $rate/s: service CPU $cpu ms per request; load average $load"
  P99[$key]=$p99
  SUMMARY+=("$(printf '| open %5s/s | %-31s | achieved %5s/s err %s | p50 %7s | p90 %7s | p99 %7s | p99.9 %7s ms | CPU %6s ms/req | load %s |' \
    "$rate" "$name" "$achieved" "${errors:-?}" "$p50" "$p90" "$p99" "$p999" "$cpu" "$load")")
}
ratio() { # a / b with 2 decimals, or n/a
  awk -v a="$1" -v b="$2" 'BEGIN { if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b > 0) printf "%.2f", a / b; else print "n/a" }'
}

echo "== service pid: ${PID:-not found (set CATALOG_PID for CPU per request)}; RSS now/peak $(rss) MiB; JVM flags: $(tr '\0' ' ' < "/proc/${PID:-0}/cmdline" 2>/dev/null | grep -oE '(-X[^ ]+ ?)+' | head -1); load average before: $(loadavg)"
echo "== warm-up (10 s each)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$HERE/get-by-ref.lua" "$CATALOG_URL" >/dev/null 2>&1
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$HERE/search-page.lua" "$CATALOG_URL" >/dev/null 2>&1
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$CATALOG_URL/q/health/live" >/dev/null 2>&1
if [ "${CLOSED:-1}" != 0 ]; then
  measure ceiling "/q/health/live (no token)" "$CATALOG_URL/q/health/live"
  measure token "/q/health/live (bearer token)" -H "Authorization: Bearer $TOKEN" "$CATALOG_URL/q/health/live"
  measure get "get-by-ref" -s "$HERE/get-by-ref.lua" "$CATALOG_URL"
  measure search "filtered + searched page" -s "$HERE/search-page.lua" "$CATALOG_URL"
fi

if [ "${OPEN:-1}" != 0 ]; then
  mkdir -p "$OPEN_CLASSES"
  javac -d "$OPEN_CLASSES" "$ROOT/infra/bench/common/OpenLoad.java"
  OPEN_SECONDS=${OPEN_SECONDS:-20}
  export TOKEN=$(token engineer engineer-demo) # fresh: the open-loop part alone takes minutes
  echo "== open loop: fixed rates, $CONNECTIONS connections, $OPEN_SECONDS s each; latency from the intended send time"
  for rate in ${OPEN_RATES_GET:-500 1000 2000}; do
    open_loop "ceiling@$rate" "/q/health/live (no token)" health "$rate"
    open_loop "get@$rate" "get-by-ref" get-by-ref "$rate"
  done
  for rate in ${OPEN_RATES_SEARCH:-100 200 400}; do
    open_loop "ceiling@$rate" "/q/health/live (no token)" health "$rate"
    open_loop "search@$rate" "filtered + searched page" search "$rate"
  done
fi

echo
echo "== summary (latencies in ms; CPU = the service's utime+stime per request; load = 1/5/15-min load average after the run)"
printf '%s\n' "${SUMMARY[@]}"
if [ "${CLOSED:-1}" != 0 ]; then
  echo "ratios, closed loop: get-by-ref throughput / ceiling $(ratio "${RPS[get]}" "${RPS[ceiling]}"), / token-only $(ratio "${RPS[get]}" "${RPS[token]}"); searched page / ceiling $(ratio "${RPS[search]}" "${RPS[ceiling]}")"
  echo "ratios, closed loop: service CPU per request get-by-ref / ceiling $(ratio "${CPU[get]}" "${CPU[ceiling]}"), token-only / ceiling $(ratio "${CPU[token]}" "${CPU[ceiling]}"), searched page / ceiling $(ratio "${CPU[search]}" "${CPU[ceiling]}")"
fi
if [ "${OPEN:-1}" != 0 ]; then
  for rate in ${OPEN_RATES_GET:-500 1000 2000}; do
    echo "ratio, open loop @ $rate/s: get-by-ref p99 ${P99[get@$rate]} ms / ceiling p99 ${P99[ceiling@$rate]} ms = $(ratio "${P99[get@$rate]}" "${P99[ceiling@$rate]}") (goal: p99 <= 5 ms)"
  done
  for rate in ${OPEN_RATES_SEARCH:-100 200 400}; do
    echo "ratio, open loop @ $rate/s: searched page p99 ${P99[search@$rate]} ms / ceiling p99 ${P99[ceiling@$rate]} ms = $(ratio "${P99[search@$rate]}" "${P99[ceiling@$rate]}") (goal: p99 <= 50 ms)"
  done
fi
echo "RSS of the service at the end, now/peak since start: $(rss) MiB"
echo "load average at the end: $(loadavg)"
echo "bench dir: $BENCH_DIR (delete it when done)"
