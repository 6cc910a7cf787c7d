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
#      SKIP_IMPORT=1 (the catalog already holds the generated entities: only the wrk part runs).
# Besides get-by-ref and the searched page, the same run measures two baselines at the same concurrency:
# GET /q/health/live without a token (no work: the machine's and the HTTP stack's ceiling) and with the bearer token
# (proactive authentication verifies the JWT on every request, public path or not: the price of OIDC alone).
# When the catalog's pid can be found (ss -ltnp, or CATALOG_PID), each wrk run also prints the service's CPU time
# per request (utime+stime from /proc over the run / requests).
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
cpu_ticks() { [ -n "$PID" ] && [ -r "/proc/$PID/stat" ] && awk '{print $14 + $15}' "/proc/$PID/stat" || echo 0; }
measure() { # name, then wrk arguments; prints wrk's latency report and the service's CPU ms per request
  local name=$1; shift
  echo "== $name: $CONNECTIONS connections, $DURATION"
  local before out after requests
  before=$(cpu_ticks)
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" 2>&1)
  after=$(cpu_ticks)
  echo "$out" | grep -vE '^unexpected status' | sed -E '/^unexpected status/d'
  requests=$(echo "$out" | grep -oE '^ +[0-9]+ requests' | grep -oE '[0-9]+')
  if [ -n "$PID" ] && [ -n "$requests" ] && [ "$requests" -gt 0 ]; then
    echo "$name: service CPU $(echo "scale=3; ($after - $before) * 1000 / $(getconf CLK_TCK) / $requests" | bc) ms per request (pid $PID)"
  fi
  echo "$name: load average $(cut -d' ' -f1-3 /proc/loadavg)"
}

echo "== warm-up (10 s)"
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$HERE/get-by-ref.lua" "$CATALOG_URL" >/dev/null 2>&1
wrk -t"$THREADS" -c"$CONNECTIONS" -d10s -s "$HERE/search-page.lua" "$CATALOG_URL" >/dev/null 2>&1
wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "$CATALOG_URL/q/health/live" >/dev/null 2>&1
measure "baseline /q/health/live (no token)" "$CATALOG_URL/q/health/live"
measure "baseline /q/health/live (bearer token verified)" -H "Authorization: Bearer $TOKEN" "$CATALOG_URL/q/health/live"
measure "get-by-ref" -s "$HERE/get-by-ref.lua" "$CATALOG_URL"
export TOKEN=$(token engineer engineer-demo)
measure "filtered + searched page" -s "$HERE/search-page.lua" "$CATALOG_URL"
echo "bench dir: $BENCH_DIR (delete it when done)"
