#!/usr/bin/env bash
# Debian's mail servers for the DKIM deliverability ring (dev.senderdomain.operator.mta.*): OpenDKIM, Postfix,
# rspamd, Exim 4, and swaks to send through them. Idempotent. No daemon is started here or at install time
# (policy-rc.d, see apt-install.bash); the tests run every server in the foreground with its own config dir on
# 127.0.0.1 and unprivileged ports, and stop it.
#
# Postfix and exim4-daemon-* conflict as packages (both provide mail-transport-agent), so Postfix is installed by
# apt and Exim's daemon is unpacked (apt-get download + dpkg -x) into a private prefix, its shared libraries
# installed by apt. Nothing of it is registered with dpkg, so it changes no package selection of the machine.
set -euo pipefail
. "$(dirname "$0")/apt-install.bash"

EXIM_PREFIX=/opt/senderdomain-test/exim4
EXIM_PACKAGE=exim4-daemon-light
EXIM_LIBS=(libcrypt1 libdb5.3 libgnutls-dane0 libgnutls30 libidn12 libidn2-0 libnsl2 libpcre2-8-0)

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

packages=(opendkim rspamd swaks)
if ! installed postfix; then
  other=$(dpkg-query -W -f='${Package} ${Status} ${Provides}\n' 2>/dev/null \
    | awk '/install ok installed/ && /mail-transport-agent/ {print $1}')
  if [ -n "$other" ]; then
    # That MTA is this machine's mail system and installing Postfix would remove it: the Postfix tests skip.
    echo "mail-servers: $other is this machine's mail-transport-agent; Postfix is not installed over it" >&2
  else
    # "No configuration": the package writes no /etc/postfix/main.cf or /etc/mailname of its own.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    packages+=(postfix)
  fi
fi
apt_install "${packages[@]}" "${EXIM_LIBS[@]}"

if [ ! -x "$EXIM_PREFIX/usr/sbin/exim4" ]; then
  work=$(mktemp -d)
  chown _apt "$work" 2>/dev/null || true # apt downloads as _apt where it can
  trap 'rm -rf "$work"' EXIT
  if ! (cd "$work" && apt-get download -qq "$EXIM_PACKAGE" >/dev/null 2>&1); then
    apt-get update -qq
    (cd "$work" && apt-get download -qq "$EXIM_PACKAGE" >/dev/null)
  fi
  mkdir -p "$EXIM_PREFIX"
  dpkg-deb -x "$work"/"$EXIM_PACKAGE"_*.deb "$EXIM_PREFIX"
  dpkg-deb -f "$work"/"$EXIM_PACKAGE"_*.deb Version >"$EXIM_PREFIX/VERSION"
fi

# The binary looks its user up by the name Debian's exim4-base creates (EXIM_USER=ref:Debian-exim); deliveries
# run as that user.
if ! getent passwd Debian-exim >/dev/null; then
  adduser --system --group --quiet --allow-bad-names --home /var/spool/exim4 --no-create-home Debian-exim
fi

version() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null || echo "not installed"; }
echo "mail-servers: opendkim $(version opendkim), postfix $(version postfix), rspamd $(version rspamd)," \
  "exim4 $(cat "$EXIM_PREFIX/VERSION") in $EXIM_PREFIX, swaks $(version swaks)"
