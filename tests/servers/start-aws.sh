#!/usr/bin/env bash
# Starts the SageMaker + CloudWatch Logs fake (SigV4-verifying, AWS-shaped responses from
# tests/servers/fixtures/aws/*.json) on loopback (free port) for the tests.
# Usage: start-aws.sh STATE_DIR. Prints MODELGATE_TEST_AWS_ENDPOINT=...; writes STATE_DIR/aws.pid.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 STATE_DIR" >&2; exit 2; }
source "$(dirname "$0")/lib.sh"
ensure_node_deps || exit 1
start_node_server aws aws-fake.js "$1"
