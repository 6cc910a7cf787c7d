#!/usr/bin/env bash
# Measures `./verdict up` as a new user's first command on a new machine: a fresh clone of the committed HEAD, an
# EMPTY Maven repository, and (when run as root with unshare) an EMPTY /tmp and home directory, so the PostgreSQL
# binaries, the Keycloak archive and its unpacked tree, the Maven wrapper's distribution and every artifact are
# fetched and unpacked inside the measured time. Prints the wall time, the phases the launcher logged, and the
# first-run caches that were created; then `./verdict down`.
#   infra/launcher/measure-first-run.sh            # from the repository root or anywhere inside it
set -u
src=$(git rev-parse --show-toplevel) || exit 2
work=$(mktemp -d /var/tmp/first-run.XXXX)
git clone -q "$src" "$work/project" || exit 2
mkdir -p "$work/tmp" "$work/home"

inner() {
  cd "$work/project" || exit 2
  echo "fresh clone $(git rev-parse --short HEAD), empty Maven repository, load $(cut -d' ' -f1-3 /proc/loadavg)"
  t0=$(date +%s.%N)
  MAVEN_OPTS="-Dmaven.repo.local=$work/m2" timeout 1200 ./verdict up > "$work/up.log" 2>&1; rc=$?
  t1=$(date +%s.%N)
  printf './verdict up: exit %d after %.1f s (load after %s)\n' "$rc" "$(echo "$t1 - $t0" | bc)" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
  grep -E "ready|is up|building|demo " "$work/up.log" | head -20
  echo "first-run caches:"
  du -sh /tmp/embedded-pg "$HOME/.cache/verdict" "$work/m2" "$HOME/.m2/wrapper" 2>/dev/null
  ./verdict down > /dev/null 2>&1
  exit $rc
}
export -f inner; export work

if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -m --propagation private true 2>/dev/null; then
  home=$(getent passwd "$(id -u)" | cut -d: -f6); export home
  exec unshare -m --propagation private bash -c \
    'mount --bind "$work/tmp" /tmp && mount --bind "$work/home" "$home" && inner'
else
  echo "warning: not root or no unshare: /tmp and home are this machine's (first-run caches may already exist)"
  inner
fi
