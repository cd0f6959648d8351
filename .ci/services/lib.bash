# Shared by the service scripts: install Debian packages once, idempotently, without starting their daemons.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  export DEBIAN_FRONTEND=noninteractive
  # Packages' own services must not start (no systemd here, and they would take ports): policy-rc.d says no.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
  fi
  if [ ! -e /tmp/.senderdomain-apt-updated ]; then
    apt-get update -qq && touch /tmp/.senderdomain-apt-updated
  fi
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
