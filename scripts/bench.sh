#!/usr/bin/env bash
# The benchmark (docs/performance.md). Full form (10,000 Ed25519 and 1,000 RSA-2048 domains): about 15-20 minutes
# on 2 cores. --quick: tiny sizes, seconds, only
# shows it still runs. Other options go to BenchMain: --only=1,2,3,5,6 --domains=N --rsa-domains=N --threads=N
# --startup-domains=N --out=FILE. Needs BIND 9, nsupdate and openssl (.ci/services/dns-servers.sh installs BIND).
set -euo pipefail
cd "$(dirname "$0")/.."
# Not offline: the first run fetches exec-maven-plugin from Maven Central; later runs find it in ~/.m2.
exec ./mvnw -B -q -Pbench verify -Dbench.args="$*"
