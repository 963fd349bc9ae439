#!/usr/bin/env bash
# Starts s3rver behind a SigV4-verifying proxy on loopback (free ports) for the tests.
# Usage: start-s3.sh STATE_DIR. Prints MODELGATE_TEST_S3_ENDPOINT=... and the test
# credentials as KEY=VALUE lines; writes STATE_DIR/s3.pid.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
source "$(dirname "$0")/lib.sh"
ensure_node_deps || exit 1
start_node_server s3 s3-server.js "$1"
