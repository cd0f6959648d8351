#!/usr/bin/env bash
# Installs the PostgreSQL server binaries (Debian package) for the report store tests. Idempotent. Never starts the
# packaged cluster: dev.senderdomain.operator.testsupport.PostgresServer runs initdb into a temp dir as the postgres
# user and starts its own postgres on 127.0.0.1 with a free port, then stops it.
set -euo pipefail
. "$(dirname "$0")/apt-install.bash"
if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgresql: already installed ($(ls /usr/lib/postgresql | tr '\n' ' '))"
  exit 0
fi
# postgresql-common's postinst would create and start a "main" cluster; create_main_cluster=false prevents it.
mkdir -p /etc/postgresql-common
grep -qs '^create_main_cluster' /etc/postgresql-common/createcluster.conf \
  || echo 'create_main_cluster = false' >> /etc/postgresql-common/createcluster.conf
apt_install postgresql
echo "postgresql: installed $(ls /usr/lib/postgresql | tr '\n' ' ')"
