# Sourced by start-s3.sh and start-aws.sh: installs node and the servers' npm packages when
# missing, and starts one node server, waiting for its KEY=VALUE lines.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ensure_node_deps() {
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    echo "tests/servers: installing nodejs and npm (Debian packages)" >&2
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends nodejs npm >/dev/null ||
      { echo "tests/servers: could not install nodejs/npm" >&2; return 1; }
  fi
  # npm ci when node_modules is missing or older than the lock file; a lock dir serialises
  # concurrent starts.
  if [ ! -f "$here/node_modules/.package-lock.json" ] ||
     [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
    local lock="$here/.npm-ci.lock" i
    for i in $(seq 1 600); do mkdir "$lock" 2>/dev/null && break; sleep 0.5; done
    if [ ! -f "$here/node_modules/.package-lock.json" ] ||
       [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
      (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >&2)
      local rc=$?
      rmdir "$lock"
      [ $rc -eq 0 ] || { echo "tests/servers: npm ci failed" >&2; return 1; }
    else
      rmdir "$lock"
    fi
  fi
}

# start_node_server NAME SCRIPT STATE_DIR: runs node SCRIPT in the background, writes
# STATE_DIR/NAME.pid, prints its KEY=VALUE lines once it says READY (10 s at most).
start_node_server() {
  local name=$1 script=$2 state=$3
  local out="$state/$name.out" err="$state/$name.err"
  # The server exits by itself when our parent (with-test-servers) is gone.
  node "$here/$script" --state "$state" --watch-pid "$PPID" >"$out" 2>"$err" </dev/null &
  local pid=$!
  echo "$pid" >"$state/$name.pid"
  local i
  for i in $(seq 1 200); do
    if grep -qx READY "$out" 2>/dev/null; then
      grep -v -x READY "$out"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then break; fi
    sleep 0.05
  done
  echo "tests/servers: $name did not start:" >&2
  cat "$err" >&2
  kill "$pid" 2>/dev/null
  rm -f "$state/$name.pid"
  return 1
}
