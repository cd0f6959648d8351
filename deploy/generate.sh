#!/usr/bin/env bash
# Regenerates what is derived from the Helm chart and the CRDs:
#   - deploy/kustomize/base/ (chart rendered with deploy/kustomize/base/chart-values.yaml)
#   - helm/senderdomain-operator/crds/ (copies of the top-level crds/)
# Run it after changing the chart, the CRD classes (mvn compile regenerates crds/ first) or chart-values.yaml.
# KustomizeBaseTest and ChartCrdsTest fail until the results are committed.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -o test -Dtest='KustomizeBaseTest' -Dsurefire.failIfNoSpecifiedTests=false -Dsdo.regenerate=true
git status --short deploy/kustomize helm/senderdomain-operator/crds
