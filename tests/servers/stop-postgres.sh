#!/usr/bin/env bash
# Stops the cluster start-postgres.sh started for STATE_DIR and removes its directory.
set -uo pipefail
state=${1:?usage: stop-postgres.sh STATE_DIR}
[ -f "$state/postgres.dir" ] || exit 0
dir=$(cat "$state/postgres.dir")
case "$dir" in /tmp/modelgate-pg-*) ;; *) echo "stop-postgres: unexpected dir '$dir'" >&2; exit 1 ;; esac
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r | head -1)
run_as=()
[ "$(id -u)" -eq 0 ] && run_as=(runuser -u postgres --)
if [ -f "$dir/data/postmaster.pid" ]; then
  "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1
  # with-test-servers may have sent SIGTERM already: wait for the postmaster to go.
  for _ in $(seq 50); do [ -f "$dir/data/postmaster.pid" ] || break; sleep 0.1; done
fi
rm -rf "$dir"
rm -f "$state/postgres.dir" "$state/postgres.pid"
