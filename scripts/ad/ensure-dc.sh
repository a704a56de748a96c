#!/usr/bin/env bash
# Make sure a test DC is running in TARGET, doing as little as possible (idempotent):
#   running and answering LDAPS -> nothing; provisioned but stopped -> start; else -> provision + start.
# Afterwards $TARGET/env holds the connection facts (CLOUDSYNC_TEST_* lines).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
export TARGET=${TARGET:-/tmp/cloudsync-test-ad}
PIDF="$TARGET/run/samba.pid"
# Several test runs may call this at once: one at a time per TARGET.
if command -v flock >/dev/null; then exec 9>"${TARGET%/}.lock"; flock -w 600 9; fi
answers() {
  command -v ldapsearch >/dev/null && [ -f "$TARGET/private/tls/ca.pem" ] &&
    LDAPTLS_CACERT="$TARGET/private/tls/ca.pem" ldapsearch -x -H ldaps://127.0.0.1:636 -b '' -s base \
      -o nettimeout=3 dnsHostName >/dev/null 2>&1
}
if [ -f "$TARGET/env" ] && [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null && answers; then
  echo "[ensure-dc] test DC in $TARGET already running (pid $(cat "$PIDF"))"
  exit 0
fi
if [ -f "$TARGET/env" ] && [ -f "$TARGET/etc/smb.conf" ] && [ -f "$TARGET/private/sam.ldb" ] && command -v samba >/dev/null; then
  echo "[ensure-dc] starting the provisioned test DC in $TARGET"
  "$HERE/stop-dc.sh" >/dev/null 2>&1 || true     # a stale pid that no longer answers
  if "$HERE/start-dc.sh"; then exit 0; fi
  echo "[ensure-dc] start failed; provisioning again" >&2
fi
echo "[ensure-dc] provisioning a new test DC in $TARGET"
FORCE=1 "$HERE/provision.sh"
