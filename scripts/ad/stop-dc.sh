#!/usr/bin/env bash
# Stop the test DC started by start-dc.sh (by its PID file only).
set -uo pipefail
TARGET=${TARGET:-/tmp/cloudsync-test-ad}
PIDF="$TARGET/run/samba.pid"
[ -f "$PIDF" ] || { echo "no pid file in $TARGET/run"; exit 0; }
P=$(cat "$PIDF")
kill -TERM "$P" 2>/dev/null || { echo "not running"; rm -f "$PIDF"; exit 0; }
for _ in $(seq 1 100); do kill -0 "$P" 2>/dev/null || { echo "stopped pid $P"; exit 0; }; sleep 0.1; done
kill -KILL "$P" 2>/dev/null; echo "killed pid $P"
