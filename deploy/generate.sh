#!/usr/bin/env bash
# Regenerates what is derived from the Helm chart and the CRDs:
#   - deploy/kustomize/base/ (chart rendered with deploy/kustomize/base/chart-values.yaml)
#   - crds/ (the CRDs generated from the Java classes)
#   - helm/senderdomain-operator/crds/ (copies of the top-level crds/)
# Run it after changing the chart, the CRD classes (mvn compile regenerates crds/ first) or chart-values.yaml.
# KustomizeBaseTest and ChartCrdsTest fail until the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
# The generated CRDs (printer columns in declared order, see CrdColumnOrder) become crds/.
./mvnw -q -B -o process-test-classes
cp target/classes/META-INF/fabric8/*.yml crds/
./mvnw -q -B -o test -Dtest='KustomizeBaseTest' -Dsurefire.failIfNoSpecifiedTests=false -Dsdo.regenerate=true
git status --short crds deploy/kustomize helm/senderdomain-operator/crds
