#!/usr/bin/env bash
# Independent implementations the DKIM tests check our keys and signatures against: OpenSSL (reads our PEM keys)
# and dkimpy (Debian python3-dkim, verifies our signatures and signs with our keys). No daemon. Idempotent.
set -euo pipefail
missing=()
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
/usr/bin/python3 -c 'import dkim, nacl' >/dev/null 2>&1 || missing+=(python3-dkim python3-nacl)
[ ${#missing[@]} -eq 0 ] && exit 0
. "$(dirname "$0")/apt-install.bash"
apt_install "${missing[@]}"
