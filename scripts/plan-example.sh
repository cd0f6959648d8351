#!/usr/bin/env bash
# The main job: build the jar (once) and show what the example SenderDomain publishes and its DMARC timeline.
# No cluster and no network are needed. Extra arguments go to `plan`, e.g. --output json or --at 2027-02-15T00:00:00Z.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=target/senderdomain-operator.jar
if [ ! -f "$jar" ] || [ -n "$(find src pom.xml -newer "$jar" -type f -print -quit)" ]; then
  ./mvnw -B -q -ntp package -DskipTests >&2
fi
exec java -jar "$jar" plan examples/sender-domain.yaml "$@"
