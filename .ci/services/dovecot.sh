#!/usr/bin/env bash
# Installs Dovecot's IMAP server (Debian package) for the IMAP report poller test against a real server
# (DovecotImapReportPollerTest). Idempotent. The packaged service is never started: the test runs its own
# `dovecot -F -c <own config>` on 127.0.0.1 with a free port and stops it.
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
if [ -x /usr/sbin/dovecot ] && dpkg-query -W -f='${Status}' dovecot-imapd 2>/dev/null | grep -q "ok installed"; then
  echo "dovecot: already installed"
  exit 0
fi
apt_install dovecot-imapd
echo "dovecot: installed $(/usr/sbin/dovecot --version)"
