#!/usr/bin/env bash
# Build a throw-away Samba 4 AD DC for the integration tests, from nothing (Debian, as root).
#   TARGET=/tmp/cloudsync-test-ad FORCE=1 SEED_USERS=0 scripts/ad/provision.sh
# Steps: apt install (if missing) -> samba-tool domain provision --targetdir (nothing in /etc/samba)
#   -> smb.conf tweaks -> own CA + server cert with SANs -> relaxed password policy
#   -> Exchange-style schema attributes -> extra UPN suffix -> optional bulk users -> $TARGET/env
#   -> start (start-dc.sh).
# Test-only: the admin password is fixed and written to $TARGET/env; never point this at real data.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
TARGET=${TARGET:-/tmp/cloudsync-test-ad}
REALM=${REALM:-CORP.EXAMPLE.TEST}
DOMAIN=${DOMAIN:-CORP}
ADMINPASS=${ADMINPASS:-Passw0rd!CloudsyncTest}
DC_NAME=${DC_NAME:-dc1}                   # fixed NetBIOS/host name (CI host names can be > 15 chars)
SEED_USERS=${SEED_USERS:-0}               # N > 0: OU=Bulk with N users (offline ldbadd, ~40 s for 10k)
EXCHANGE_SCHEMA=${EXCHANGE_SCHEMA:-1}     # mailNickname, extensionAttribute1-15, msExchMailboxGuid
EXTRA_UPN_SUFFIX=${EXTRA_UPN_SUFFIX:-corp.example.com}
START=${START:-1}
FORCE=${FORCE:-0}
BACKEND=${BACKEND:-tdb}                   # tdb (default) or mdb
lc() { echo "$1" | tr 'A-Z' 'a-z'; }
BASEDN=$(lc "$REALM" | sed 's/^/DC=/; s/\./,DC=/g')
FQDN="$(lc "$DC_NAME").$(lc "$REALM")"
T0=$(date +%s%N)
el() { echo "$(( ($(date +%s%N) - T0) / 1000000 ))ms"; }
t() { echo "[provision $(date +%T)] $*"; }

[ "$(id -u)" = 0 ] || { echo "provision.sh must run as root (samba AD DC)" >&2; exit 1; }

# ---- 1. packages (CI machines start bare) ---------------------------------------------------
if ! command -v samba >/dev/null || ! command -v samba-tool >/dev/null || ! command -v ldbadd >/dev/null \
   || ! command -v ldapsearch >/dev/null || ! command -v openssl >/dev/null || [ ! -d /usr/share/samba/setup ]; then
  command -v apt-get >/dev/null || { echo "samba is not installed and apt-get is not available" >&2; exit 1; }
  t "installing samba packages from apt"
  export DEBIAN_FRONTEND=noninteractive
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then   # keep the postinst scripts from starting smbd/nmbd/samba-ad-dc
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; made_policy=1
  fi
  trap '[ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d' EXIT
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends \
    samba samba-ad-dc samba-ad-provision winbind ldb-tools ldap-utils openssl python3 >/dev/null
  [ "$made_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
  trap - EXIT
fi
t "packages ok ($(samba --version))"

# ---- 2. provision ---------------------------------------------------------------------------
if [ -e "$TARGET" ]; then
  if [ "$FORCE" = 1 ]; then
    TARGET="$TARGET" "$HERE/stop-dc.sh" >/dev/null 2>&1 || true
    rm -rf "$TARGET"
  else echo "$TARGET exists (FORCE=1 to recreate)" >&2; exit 1; fi
fi
PROV_LOG="${TARGET%/}.provision.log"
PROV_ARGS=(domain provision --realm="$REALM" --domain="$DOMAIN" --server-role=dc --dns-backend=NONE
  --adminpass="$ADMINPASS" --targetdir="$TARGET" --host-name="$DC_NAME"
  --option="interfaces=lo" --option="bind interfaces only=yes")
[ "$BACKEND" = mdb ] && PROV_ARGS+=(--backend-store=mdb --backend-store-size=2Gb)
t "provisioning $REALM into $TARGET"
if ! samba-tool "${PROV_ARGS[@]}" > "$PROV_LOG" 2>&1; then
  if grep -q 'does not support posix ACLs' "$PROV_LOG"; then
    # Filesystems without xattr/POSIX ACLs (some sandboxes): skip only the sysvol ACL step (LDAP-only DC).
    t "no xattr/ACL support -> retrying without sysvol ACLs"
    rm -rf "$TARGET"
    /usr/bin/python3 - "${PROV_ARGS[@]}" > "$PROV_LOG" 2>&1 <<'PY' || { tail -20 "$PROV_LOG" >&2; exit 1; }
import sys, samba.provision as p
p.setsysvolacl = lambda *a, **k: None
from samba.netcmd.main import cmd_sambatool
sys.exit(cmd_sambatool()._run("samba-tool", sys.argv[1], *sys.argv[2:]))
PY
  else tail -20 "$PROV_LOG" >&2; exit 1; fi
fi
mkdir -p "$TARGET"/{cache,run,log} "$TARGET/private/tls"

# ---- 3. smb.conf: LDAP-only services, simple bind on 389, logs/pids inside TARGET -----------
/usr/bin/python3 - "$TARGET" <<'PY'
import re, sys
T = sys.argv[1]; p = f"{T}/etc/smb.conf"; s = open(p).read()
s = re.sub(r"\n\tserver services = .*", "", s)
s = re.sub(r"\n\tlog file = .*", "", s)
extra = f"""[global]
\tserver services = ldap, kdc, rpc
\tldap server require strong auth = no
\tdsdb:schema update allowed = true
\tlog file = {T}/log/samba.log
\tpid directory = {T}/run
\twinbindd socket directory = {T}/run/winbindd
\tntp signd socket directory = {T}/run/ntp_signd
\ttls enabled = yes
\ttls keyfile = {T}/private/tls/key.pem
\ttls certfile = {T}/private/tls/cert.pem
\ttls cafile = {T}/private/tls/ca.pem
"""
s = s.replace("[global]\n", extra, 1)
open(p, "w").write(s)
PY

# ---- 4. TLS: our own CA + a server cert with SANs, so Node verifies with {ca} alone ------------
# The IPv4-mapped form ::ffff:127.0.0.1 is not in the SANs: tests reach the DC by it for a name mismatch.
( cd "$TARGET/private/tls"
  openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=Cloudsync Test AD CA" \
    -keyout ca.key -out ca.pem 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=$FQDN" -keyout key.pem -out srv.csr 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:localhost,DNS:%s,IP:127.0.0.1,IP:::1\nextendedKeyUsage=serverAuth\n' \
    "$FQDN" "$(lc "$REALM")" > san.ext
  openssl x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 3650 \
    -extfile san.ext -out cert.pem 2>/dev/null
  chmod 600 key.pem ca.key; chmod 644 ca.pem cert.pem; rm -f srv.csr san.ext )

# ---- 5. test-friendly password policy (offline, on sam.ldb) ----------------------------------
samba-tool domain passwordsettings set -H "$TARGET/private/sam.ldb" -s "$TARGET/etc/smb.conf" \
  --complexity=off --min-pwd-length=1 --history-length=0 --min-pwd-age=0 --max-pwd-age=0 >/dev/null

LDBOPTS=(-H "$TARGET/private/sam.ldb" --configfile="$TARGET/etc/smb.conf")

# ---- 6. Exchange-style attributes (not in Samba's 2012 R2 schema) ----------------------------
if [ "$EXCHANGE_SCHEMA" = 1 ]; then
  t "extending schema (Exchange-style attributes)"
  S="CN=Schema,CN=Configuration,$BASEDN"
  {
    attr() { # cn ldapName oid single(TRUE/FALSE) syntax omSyntax
      printf 'dn: CN=%s,%s\nchangetype: add\nobjectClass: attributeSchema\ncn: %s\nattributeID: %s\nlDAPDisplayName: %s\nadminDisplayName: %s\nattributeSyntax: %s\noMSyntax: %s\nisSingleValued: %s\nsearchFlags: 1\n\n' \
        "$1" "$S" "$1" "$3" "$2" "$1" "$5" "$6" "$4"; }
    attr ms-Exch-Mail-Nickname mailNickname 1.2.840.113556.1.2.447 TRUE 2.5.5.12 64
    attr ms-Exch-Mailbox-Guid msExchMailboxGuid 1.2.840.113556.1.4.7000.102.11058 TRUE 2.5.5.10 4
    for i in 1 2 3 4 5 6 7 8 9 10; do
      attr ms-Exch-Extension-Attribute-$i extensionAttribute$i 1.2.840.113556.1.2.$((422 + i)) TRUE 2.5.5.12 64; done
    for i in 11 12 13 14 15; do
      attr ms-Exch-Extension-Attribute-$i extensionAttribute$i 1.2.840.113556.1.2.$((588 + i)) TRUE 2.5.5.12 64; done
  } > "$TARGET/exchange-attrs.ldif"
  {
    printf 'dn: CN=Mail-Recipient,%s\nchangetype: modify\nadd: mayContain\nmayContain: mailNickname\nmayContain: msExchMailboxGuid\n' "$S"
    for i in $(seq 1 15); do echo "mayContain: extensionAttribute$i"; done
    printf -- '-\n\n'
  } > "$TARGET/exchange-class.ldif"
  for f in exchange-attrs.ldif exchange-class.ldif; do   # separate runs: the schema reloads in between
    ldbmodify "${LDBOPTS[@]}" --option="dsdb:schema update allowed=true" "$TARGET/$f" >/dev/null
  done
fi

# ---- 7. an alternative UPN suffix for the forest (uPNSuffixes on CN=Partitions) ---------------
if [ -n "$EXTRA_UPN_SUFFIX" ]; then
  printf 'dn: CN=Partitions,CN=Configuration,%s\nchangetype: modify\nadd: uPNSuffixes\nuPNSuffixes: %s\n-\n\n' \
    "$BASEDN" "$EXTRA_UPN_SUFFIX" | ldbmodify "${LDBOPTS[@]}" >/dev/null
fi

# ---- 8. optional bulk users (offline ldbadd in 500-entry transactions) ------------------------
if [ "$SEED_USERS" -gt 0 ]; then
  t "seeding $SEED_USERS users into OU=Bulk"
  printf 'dn: OU=Bulk,%s\nobjectClass: organizationalUnit\n\n' "$BASEDN" | ldbadd "${LDBOPTS[@]}" >/dev/null
  for ((s = 1; s <= SEED_USERS; s += 500)); do
    e=$((s + 499)); [ $e -gt "$SEED_USERS" ] && e=$SEED_USERS
    awk -v S=$s -v E=$e -v B="$BASEDN" 'BEGIN{ for(i=S;i<=E;i++){ u=sprintf("u%05d",i);
      printf "dn: CN=%s,OU=Bulk,%s\nobjectClass: user\nsAMAccountName: %s\nuserPrincipalName: %s@contoso.example\ngivenName: Given%d\nsn: Sur%d\ndisplayName: Given%d Sur%d\nmail: %s@contoso.example\nproxyAddresses: SMTP:%s@contoso.example\nproxyAddresses: smtp:%s@fabrikam.example\ndepartment: Dept%d\ntitle: Title%d\ncompany: Contoso\nemployeeID: E%06d\ndescription: bulk user %d\nuserAccountControl: 514\n\n",
        u,B,u,u,i,i,i,i,u,u,u,i%50,i%20,i,i }}' |
      ldbadd "${LDBOPTS[@]}" --nosync >/dev/null
  done
fi

# ---- 9. connection facts for tests and scripts ------------------------------------------------
umask 077
cat > "$TARGET/env" <<ENV
CLOUDSYNC_TEST_LDAP_URL=ldaps://127.0.0.1:636
CLOUDSYNC_TEST_BIND_DN=Administrator@$(lc "$REALM")
CLOUDSYNC_TEST_BIND_PASSWORD=$ADMINPASS
CLOUDSYNC_TEST_CA_FILE=$TARGET/private/tls/ca.pem
CLOUDSYNC_TEST_BASE_DN=$BASEDN
CLOUDSYNC_TEST_AD_TARGET=$TARGET
ENV
t "provisioned after $(el)"

# ---- 10. start -------------------------------------------------------------------------------
[ "$START" = 1 ] && TARGET="$TARGET" "$HERE/start-dc.sh"
t "total $(el)"
