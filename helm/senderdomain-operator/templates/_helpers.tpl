{{/* Name of the chart, overridable. */}}
{{- define "sdo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Prefix of every object name: the release name, plus the chart name unless the release name already has it. */}}
{{- define "sdo.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels that select the operator pods; never change them between releases (Deployment selectors are immutable). */}}
{{- define "sdo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sdo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Labels on every object. */}}
{{- define "sdo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "sdo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: operator
app.kubernetes.io/part-of: senderdomain-operator
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "sdo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "sdo.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* Namespace holding the leader-election Lease. */}}
{{- define "sdo.leaderElectionNamespace" -}}
{{- default .Release.Namespace .Values.leaderElection.namespace }}
{{- end }}

{{- define "sdo.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* The subject every binding grants to. */}}
{{- define "sdo.subject" -}}
- kind: ServiceAccount
  name: {{ include "sdo.serviceAccountName" . }}
  namespace: {{ .Release.Namespace }}
{{- end }}

{{/* Refuse combinations that would render a broken or unsafe operator. */}}
{{- define "sdo.validate" -}}
{{- if and (gt (int .Values.replicaCount) 1) (not .Values.leaderElection.enabled) }}
{{- fail "replicaCount > 1 needs leaderElection.enabled=true: two pods reconciling at once would fight over DNS records and DKIM keys" }}
{{- end }}
{{- if and (gt (int .Values.replicaCount) 1) (eq .Values.reportStore.type "embedded") .Values.reportStore.embedded.persistence.enabled }}
{{- fail "replicaCount > 1 cannot share one embedded (H2) report store volume: use reportStore.type=postgresql, or one replica" }}
{{- end }}
{{- if eq .Values.reportStore.type "postgresql" }}
{{- if not .Values.reportStore.postgresql.url }}
{{- fail "reportStore.postgresql.url is required when reportStore.type=postgresql" }}
{{- end }}
{{- if not (hasPrefix "jdbc:postgresql://" .Values.reportStore.postgresql.url) }}
{{- fail "reportStore.postgresql.url must start with jdbc:postgresql://" }}
{{- end }}
{{- if not .Values.reportStore.postgresql.passwordSecret.name }}
{{- fail "reportStore.postgresql.passwordSecret.name is required when reportStore.type=postgresql (the password is never taken from values)" }}
{{- end }}
{{- end }}
{{- end }}
