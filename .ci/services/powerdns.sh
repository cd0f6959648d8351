#!/usr/bin/env bash
# Installs the PowerDNS Authoritative Server with its SQLite backend for PowerDnsAdapterTest. Idempotent: does
# nothing when pdns_server and the SQLite schema are already there. The tests start pdns_server themselves
# (dev.senderdomain.operator.testsupport.PowerDnsServer) on 127.0.0.1 with free ports, their own config dir and
# database under target/; this script never starts a daemon and keeps the packaged service from starting (no
# systemd in containers, and nothing must hold port 53).
set -euo pipefail

SCHEMA=/usr/share/pdns-backend-sqlite3/schema/schema.sqlite3.sql
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

if have pdns_server && [ -f "$SCHEMA" ] && have sqlite3; then
  echo "powerdns: pdns_server and the sqlite3 backend already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# policy-rc.d exit 101 tells invoke-rc.d "not allowed", so the package's own pdns service is never started.
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"
  chmod +x "$POLICY"
  CREATED_POLICY=1
fi
trap '[ "$CREATED_POLICY" = 1 ] && rm -f "$POLICY"' EXIT

PKGS="pdns-server pdns-backend-sqlite3 sqlite3"
if ! apt-get install -y --no-install-recommends $PKGS >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends $PKGS
fi
# On a machine that does run systemd, the package enables pdns.service (port 53, /etc/powerdns): switch it off, the
# tests start their own pdns_server.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
  systemctl disable --now pdns.service >/dev/null 2>&1 || true
fi
echo "powerdns: installed $(/usr/sbin/pdns_server --version 2>&1 | grep -o "PowerDNS Authoritative Server [0-9.]*" | head -1)"
