#!/usr/bin/env bash
# Lua 5.1 (the language of Argo CD's health checks, which run in gopher-lua) for ArgoCdHealthCheckTest.
# Idempotent: installs Debian's lua5.1 only when missing. No daemon.
set -euo pipefail
if command -v lua5.1 >/dev/null 2>&1; then
  exit 0
fi
. "$(dirname "$0")/apt-install.bash"
apt_install lua5.1
command -v lua5.1 >/dev/null
