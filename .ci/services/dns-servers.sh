#!/usr/bin/env bash
# Installs BIND 9 and Knot DNS (plus dig/kdig) for the DNS adapter tests. Idempotent: does nothing when the
# binaries are already there. The tests start the daemons themselves (dev.senderdomain.operator.testsupport.BindServer
# and KnotServer) on 127.0.0.1 with their own config dirs and pid files under target/; this script never starts a
# daemon and disables the packaged system services so nothing listens on port 53.
set -euo pipefail

have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

if have named && have knotd && have dig && have kdig && have tsig-keygen; then
  echo "dns-servers: bind9 and knot already installed"
  exit 0
fi

export DEBIAN_FRONTEND=noninteractive
# Keep the packages' own services from starting at install time (no systemd in containers, and we never want a
# daemon on port 53): policy-rc.d exit 101 tells invoke-rc.d "not allowed".
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$POLICY"
  chmod +x "$POLICY"
  CREATED_POLICY=1
fi
trap '[ "$CREATED_POLICY" = 1 ] && rm -f "$POLICY"' EXIT

if ! apt-get install -y --no-install-recommends bind9 bind9-utils knot knot-dnsutils dnsutils >/dev/null 2>&1; then
  apt-get update -qq
  apt-get install -y --no-install-recommends bind9 bind9-utils knot knot-dnsutils dnsutils
fi
echo "dns-servers: installed $(/usr/sbin/named -v 2>/dev/null || named -v) and $(knotd --version 2>/dev/null | head -1)"
