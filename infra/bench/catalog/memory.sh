#!/usr/bin/env bash
# Catalog RSS under load per JVM configuration (docs/performance.md, "Memory under load"): for each configuration,
# every location is deleted (so the import runs on the adoption path), catalog-service is restarted alone with the
# configuration's VERDICT_CATALOG_SERVICE_JAVA_OPTS, and run.sh imports 10,000 files and loads it (closed loop).
# Then the last configuration is restarted over the same database and loaded without an import (SKIP_IMPORT=1).
#
# Needs the stack up (./verdict up), wrk, python3. Configurations: "default" (the launcher's flags) and "g1" (the
# previous default). Usage: infra/bench/catalog/memory.sh [configs="default g1 default"]
set -u
cd "$(dirname "$0")/../../.."
export VERDICT_STACK_SKIP=${VERDICT_STACK_SKIP:-ui,deploy-orchestrator,decision-records}
CONFIGS=${1:-default g1 default}
OUT=$(mktemp -d -t verdict-catalog-memory-XXXXXX)
token() {
  curl -sf -d grant_type=password -d client_id=verdict-cli -d username=engineer -d password=engineer-demo \
    http://localhost:8180/realms/verdict/protocol/openid-connect/token |
    python3 -c 'import sys,json;print(json.load(sys.stdin)["access_token"])'
}
catalog_pid() { ss -ltnp 'sport = :8081' | grep -oP 'pid=\K[0-9]+' | head -1; }
restart() { # $1: java opts ("" = the launcher's defaults)
  local pid; pid=$(catalog_pid)
  [ -n "$pid" ] && kill "$pid" && while kill -0 "$pid" 2>/dev/null; do sleep 1; done
  VERDICT_CATALOG_SERVICE_JAVA_OPTS="$1" ./verdict up --no-build > "$OUT/up.log" 2>&1 || { tail -20 "$OUT/up.log"; exit 1; }
}
delete_locations() {
  local t; t=$(token)
  for id in $(curl -sf -H "Authorization: Bearer $t" "http://localhost:8081/api/locations?limit=100" |
      python3 -c 'import sys,json;d=json.load(sys.stdin);d=d if isinstance(d,list) else d.get("items",[]);print(" ".join(str(l["id"]) for l in d))'); do
    curl -s -o /dev/null -w "delete location $id: %{http_code}\n" -X DELETE -H "Authorization: Bearer $t" \
      "http://localhost:8081/api/locations/$id"
  done
}
opts_of() {
  case $1 in
    default) echo "" ;;
    g1) echo "-Xms32m -Xmx256m -XX:-UseSerialGC -XX:+UseG1GC -XX:MinHeapFreeRatio=40 -XX:MaxHeapFreeRatio=70 -XX:+ShrinkHeapInSteps" ;;
    *) echo "unknown configuration $1" >&2; exit 2 ;;
  esac
}
last=""
for cfg in $CONFIGS; do
  opts=$(opts_of "$cfg"); last=$opts
  echo "=== $cfg ($opts) $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
  delete_locations
  restart "$opts"
  BENCH_DIR="$OUT/$cfg" OPEN=0 infra/bench/catalog/run.sh 10000 30s 50 2>&1 | grep -E '^\| closed|RSS of'
  jcmd "$(catalog_pid)" GC.heap_info 2>/dev/null | grep -E 'total|Metaspace'
done
echo "=== restarted, entities stored, no import $(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg)"
restart "$last"
BENCH_DIR=$(ls -d "$OUT"/*/ | tail -1) SKIP_IMPORT=1 OPEN=0 infra/bench/catalog/run.sh 10000 30s 50 2>&1 |
  grep -E '^\| closed|RSS of'
grep -h "refresh: ok, 10000 changed" .verdict/logs/catalog-service*.log | tail -n "$(wc -w <<< "$CONFIGS")"
echo "work dir: $OUT (delete it when done)"
