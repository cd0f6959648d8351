#!/usr/bin/env bash
# Lua 5.1 (the language of Argo CD's health checks, which run in gopher-lua) for ArgoCdHealthCheckTest.
# Idempotent: installs Debian's lua5.1 only when missing. No daemon.
set -euo pipefail
if command -v lua5.1 >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -q lua5.1 >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q lua5.1 >/dev/null; }
command -v lua5.1 >/dev/null
