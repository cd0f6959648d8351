# Sourced by the service scripts (not run by scripts/run-tests.sh, which runs *.sh): installs Debian packages that
# are missing without starting their services (no systemd in containers, and nothing of ours may hold a port):
# policy-rc.d exit 101 tells invoke-rc.d "not allowed". apt-get update only when an install without it fails.
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
