#!/usr/bin/env bash
# Start the provisioned test DC in TARGET and wait until LDAPS answers (PROCESS_MODEL=single|prefork|standard).
set -euo pipefail
TARGET=${TARGET:-/tmp/cloudsync-test-ad}
PIDF="$TARGET/run/samba.pid"
[ -f "$TARGET/etc/smb.conf" ] || { echo "no provisioned DC in $TARGET (run scripts/ad/provision.sh)" >&2; exit 1; }
if [ -f "$PIDF" ] && kill -0 "$(cat "$PIDF")" 2>/dev/null; then echo "samba AD DC already running: pid $(cat "$PIDF")"; exit 0; fi
rm -f "$PIDF"
mkdir -p "$TARGET"/{cache,run,log}
T0=$(date +%s%N)
# Daemonizes and writes $PIDF. It must hold none of the caller's pipes (a test runner would wait
# for them to close) nor ensure-dc.sh's lock (fd 9).
samba -s "$TARGET/etc/smb.conf" -M "${PROCESS_MODEL:-single}" </dev/null >>"$TARGET/log/samba.out" 2>&1 9>&-
for _ in $(seq 1 300); do
  if LDAPTLS_CACERT="$TARGET/private/tls/ca.pem" ldapsearch -x -H ldaps://127.0.0.1:636 -b '' -s base \
       -o nettimeout=2 dnsHostName >/dev/null 2>&1; then
    echo "samba AD DC up: pid $(cat "$PIDF"), LDAPS answered after $(( ($(date +%s%N) - T0) / 1000000 ))ms"
    exit 0
  fi
  sleep 0.1
done
echo "DC did not come up; see $TARGET/log/samba.log" >&2; tail -20 "$TARGET/log/samba.log" >&2 || true; exit 1
