#!/usr/bin/env bash
# Installs Debian's chromium (and a font) for the dashboard test, which drives /usr/bin/chromium --headless directly.
# Idempotent; no browser is ever downloaded by the tests.
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
if [ -x /usr/bin/chromium ] && dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed"; then
  echo "chromium: already installed"
  exit 0
fi
apt_install chromium fonts-dejavu-core
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || true)"
