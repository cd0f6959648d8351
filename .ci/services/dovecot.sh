#!/usr/bin/env bash
# Installs Dovecot's IMAP server (Debian package) for the IMAP report poller test against a real server
# (DovecotImapReportPollerTest). Idempotent. The packaged service is never started: the test runs its own
# `dovecot -F -c <own config>` on 127.0.0.1 with a free port and stops it.
set -euo pipefail
. "$(dirname "$0")/apt-install.bash"
if [ -x /usr/sbin/dovecot ] && dpkg-query -W -f='${Status}' dovecot-imapd 2>/dev/null | grep -q "ok installed"; then
  echo "dovecot: already installed"
  exit 0
fi
apt_install dovecot-imapd
echo "dovecot: installed $(/usr/sbin/dovecot --version)"
