#!/usr/bin/env bash
# Installs Debian's chromium (and a font) for the dashboard test, which drives /usr/bin/chromium --headless directly.
# Idempotent; no browser is ever downloaded by the tests.
set -euo pipefail
. "$(dirname "$0")/apt-install.bash"
if [ -x /usr/bin/chromium ] && dpkg-query -W -f='${Status}' fonts-dejavu-core 2>/dev/null | grep -q "ok installed"; then
  echo "chromium: already installed"
  exit 0
fi
apt_install chromium fonts-dejavu-core
echo "chromium: installed $(/usr/bin/chromium --version 2>/dev/null || true)"
