#!/usr/bin/env bash
# Installs the PostgreSQL server binaries (Debian package) for the report store tests. Idempotent. Never starts the
# packaged cluster: dev.senderdomain.operator.testsupport.PostgresServer runs initdb into a temp dir as the postgres
# user and starts its own postgres on 127.0.0.1 with a free port, then stops it.
set -euo pipefail
# Install Debian packages without starting their services (no systemd in containers, and nothing of ours may hold
# a port): policy-rc.d exit 101 tells invoke-rc.d "not allowed". Self-contained on purpose: no shared helper.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  local created=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created=1
  fi
  if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  [ "$created" = 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgresql: already installed ($(ls /usr/lib/postgresql | tr '\n' ' '))"
  exit 0
fi
# postgresql-common's postinst would create and start a "main" cluster; create_main_cluster=false prevents it.
mkdir -p /etc/postgresql-common
grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
  || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
apt_install postgresql
echo "postgresql: installed $(ls /usr/lib/postgresql | tr '\n' ' ')"
