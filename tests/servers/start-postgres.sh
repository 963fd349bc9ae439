#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster for the tests, on 127.0.0.1 and a free port.
#
# Usage: start-postgres.sh STATE_DIR      (STATE_DIR: see scripts/with-test-servers)
# Prints:  MODELGATE_TEST_POSTGRES_URL=postgresql://modelgate:<password>@127.0.0.1:<port>/modelgate_test
# Leaves:  STATE_DIR/postgres.pid (the postmaster) and STATE_DIR/postgres.dir (the cluster's
#          temporary directory); tests/servers/stop-postgres.sh STATE_DIR stops it and removes it.
# Installs the Debian package postgresql when it is missing (as root, Debian 12). initdb refuses
# to run as root, so as root the cluster runs as the `postgres` system user (created by the
# package). Durability is switched off (fsync=off): the data is thrown away after the tests.
set -euo pipefail
state=${1:?usage: start-postgres.sh STATE_DIR}

find_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
  done
  return 1
}
if ! bindir=$(find_bindir); then
  echo "start-postgres: installing postgresql" >&2
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -q >/dev/null
  $SUDO apt-get install -y -q --no-install-recommends postgresql >/dev/null
  bindir=$(find_bindir)
fi

run_as=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  run_as=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/modelgate-pg-XXXXXX)
chmod 700 "$dir"
[ ${#run_as[@]} -gt 0 ] && chown postgres: "$dir"
echo "$dir" > "$state/postgres.dir"

password=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
printf '%s\n' "$password" > "$dir/pwfile"
[ ${#run_as[@]} -gt 0 ] && chown postgres: "$dir/pwfile"

"${run_as[@]}" "$bindir/initdb" -D "$dir/data" -U modelgate --pwfile="$dir/pwfile" \
  -A scram-sha-256 -E UTF8 --no-locale --no-sync >"$dir/initdb.log" 2>&1 \
  || { echo "start-postgres: initdb failed (see $dir/initdb.log)" >&2; cat "$dir/initdb.log" >&2; exit 1; }
# A free port, picked by the kernel; retried in case another process takes it meanwhile.
started=""
for _ in 1 2 3; do
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  if "${run_as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    >/dev/null 2>&1; then
    started=1
    break
  fi
done
[ -n "$started" ] || { echo "start-postgres: server did not start:" >&2; cat "$dir/server.log" >&2; exit 1; }
head -1 "$dir/data/postmaster.pid" > "$state/postgres.pid"

PGPASSWORD=$password "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U modelgate -d postgres \
  -c "CREATE DATABASE modelgate_test" >/dev/null
echo "MODELGATE_TEST_POSTGRES_URL=postgresql://modelgate:$password@127.0.0.1:$port/modelgate_test"
