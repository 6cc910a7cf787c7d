#!/usr/bin/env bash
# Measures `./verdict up` to all-healthy: wall time, and peak / settled memory of the whole stack (sum of RSS of
# every process of this checkout's stack except the Maven build: the launcher, the PostgreSQL runner and postmaster with its backends,
# Kafka, kc.sh and Keycloak's JVM, the services), sampled every 0.5 s from /proc.
#
#   infra/launcher/measure-up.sh cold   # stops the stack, deletes .verdict/ and uses an empty Keycloak cache
#                                       # (run it in a fresh clone to include building the launcher and services)
#   infra/launcher/measure-up.sh warm   # stops the stack, keeps .verdict/ and the caches, starts again
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MODE="${1:-warm}"
cd "$ROOT"
# (without a launcher jar nothing can be running, and `down` would build it outside the measured time)
if [ -f infra/launcher/target/verdict-launcher.jar ]; then ./verdict down >/dev/null 2>&1 || true; fi
if [ "$MODE" = cold ]; then
  rm -rf .verdict
  XDG_CACHE_HOME="$(mktemp -d)"   # fresh unpack + augmentation of the Keycloak dist (archive stays in ~/.m2)
  export XDG_CACHE_HOME
fi
STATE="$ROOT/.verdict"

stack_pids() {
  local pids="" p
  # our launcher and components carry -Dverdict.root / -Dverdict.home markers on their command lines
  for p in $(grep -lsaE -- "-Dverdict\.(home=$STATE|root=$ROOT)" /proc/[0-9]*/cmdline | cut -d/ -f3); do
    pids="$pids $p"
  done
  if [ -f "$STATE/postgres/postmaster.pid" ]; then pids="$pids $(head -1 "$STATE/postgres/postmaster.pid")"; fi
  # plus every descendant (Keycloak's java under kc.sh, PostgreSQL backends under the postmaster)
  local all="$pids" frontier="$pids" next
  while [ -n "${frontier// /}" ]; do
    next=""
    for p in $frontier; do
      next="$next $(cat /proc/$p/task/*/children 2>/dev/null | tr '\n' ' ')"
    done
    all="$all $next"; frontier="$next"
  done
  # the Maven build of the service jars (a child of the launcher) is a build tool, not the stack
  for p in $(echo "$all" | tr ' ' '\n' | grep -E '^[0-9]+$' | sort -u); do
    grep -qa plexus.classworlds /proc/$p/cmdline 2>/dev/null || echo "$p"
  done
}

rss_mb() {
  local sum=0 p kb
  for p in $(stack_pids); do
    kb=$(awk '/^VmRSS:/ {print $2}' /proc/$p/status 2>/dev/null || true)
    sum=$((sum + ${kb:-0}))
  done
  echo $((sum / 1024))
}

PEAK_FILE="$(mktemp)"; echo 0 > "$PEAK_FILE"
( while true; do m=$(rss_mb); [ "$m" -gt "$(cat "$PEAK_FILE")" ] && echo "$m" > "$PEAK_FILE"; sleep 0.5; done ) &
SAMPLER=$!
trap 'kill $SAMPLER 2>/dev/null || true; rm -f "$PEAK_FILE"' EXIT

LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
T0=$(date +%s.%N)
if ! ./verdict up > "/tmp/verdict-up-$MODE.log" 2>&1; then
  cat "/tmp/verdict-up-$MODE.log"
  if [ "$MODE" = cold ]; then ./verdict down >/dev/null 2>&1 || true; rm -rf "$XDG_CACHE_HOME"; fi
  exit 1
fi
T1=$(date +%s.%N)
sleep 5
SETTLED=$(rss_mb)
kill $SAMPLER 2>/dev/null || true
PEAK=$(cat "$PEAK_FILE")
grep -E "ready \\(|build|first use" "/tmp/verdict-up-$MODE.log" || true
printf 'mode=%s  up_to_all_healthy=%.1f s  peak_rss_sum=%s MiB  settled_rss_sum=%s MiB  load_before=[%s] load_after=[%s]  cores=%s\n' \
  "$MODE" "$(echo "$T1 - $T0" | bc)" "$PEAK" "$SETTLED" "$LOAD_BEFORE" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
if [ "$MODE" = cold ]; then
  ./verdict down >/dev/null   # the instance links into the throw-away cache: stop before deleting it
  rm -rf "$XDG_CACHE_HOME"
fi
