#!/usr/bin/env bash
# Runs every test of the project on a fresh Debian machine (as root): installs the real servers the tests talk to
# (BIND 9, Knot, PowerDNS, PostgreSQL, Chromium, ...) with apt, then runs the Maven build. The tests start their own
# daemons on 127.0.0.1 with private config dirs and stop them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
for service in .ci/services/*.sh; do
  [ -e "$service" ] || continue
  echo "== $service"
  bash "$service"
done
./mvnw -B -ntp verify "$@"
