{{/*
The operator's rights on namespaced resources. The same rules go into the ClusterRole (watch every namespace) or
into one Role per watched namespace (watchNamespaces set). Every rule says why it exists; there is no "*".
*/}}
{{- define "sdo.namespacedRules" -}}
# Reconcile SenderDomains and read the DnsProviders they reference: informers need get, list and watch.
- apiGroups: ["senderdomain.dev"]
  resources: ["senderdomains", "dnsproviders"]
  verbs: ["get", "list", "watch"]
# Add and remove the operator's finalizer on SenderDomains (metadata only: the operator never writes the spec, which
# belongs to the user or the GitOps tool).
- apiGroups: ["senderdomain.dev"]
  resources: ["senderdomains"]
  verbs: ["update", "patch"]
# Report progress in status: conditions, published records, the DMARC step and the DKIM key ring.
- apiGroups: ["senderdomain.dev"]
  resources: ["senderdomains/status"]
  verbs: ["update", "patch"]
# Report whether a DnsProvider works (its Ready condition, after a credentials and zone check) in its status.
- apiGroups: ["senderdomain.dev"]
  resources: ["dnsproviders/status"]
  verbs: ["update", "patch"]
# Secrets: the operator creates, rotates and (with deletionPolicy Delete) deletes the DKIM key Secrets it manages,
# and reads the credential Secrets that DnsProviders reference (TSIG keys, API tokens), each by its name: it runs no
# Secret informer, so it needs neither list nor watch (which would let it read every Secret of the namespace at once).
# resourceNames cannot restrict create, and the Secret names are chosen by users in each SenderDomain, so the other
# rights are namespace-wide. To keep the operator away from other Secrets, set watchNamespaces: the rights are then
# granted only in those namespaces.
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["get", "create", "update", "patch", "delete"]
# Tell users what happened (key rotated, DMARC step taken, provider error) with Events, via both Event APIs.
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
- apiGroups: ["events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- if .Values.externalDns.enabled }}
# ExternalDNS adapter (externalDns.enabled): the operator owns DNSEndpoint objects that ExternalDNS publishes; it
# watches them to repair drift and deletes them with the SenderDomain.
- apiGroups: ["externaldns.k8s.io"]
  resources: ["dnsendpoints"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
{{- end }}
{{- end }}

{{/* Rights on cluster-scoped resources: only a ClusterRole can grant them, in both modes. */}}
{{- define "sdo.clusterScopedRules" -}}
# ClusterDnsProviders are cluster-scoped providers that SenderDomains in any namespace may reference (read only).
- apiGroups: ["senderdomain.dev"]
  resources: ["clusterdnsproviders"]
  verbs: ["get", "list", "watch"]
# Report whether a ClusterDnsProvider works (its Ready condition, after a credentials and zone check) in its status.
- apiGroups: ["senderdomain.dev"]
  resources: ["clusterdnsproviders/status"]
  verbs: ["update", "patch"]
# A ClusterDnsProvider's spec.allowedNamespaces.selector is matched against the labels of the SenderDomain's
# Namespace, read by name when the SenderDomain is reconciled (no Namespace informer, so neither list nor watch).
- apiGroups: [""]
  resources: ["namespaces"]
  verbs: ["get"]
# JOSDK asks the API server which rights it has at start-up, to fail with a clear message instead of retrying
# informers forever. (Every authenticated user already has this through system:basic-user; it is listed here so the
# operator's needs are complete in one place.)
- apiGroups: ["authorization.k8s.io"]
  resources: ["selfsubjectrulesreviews"]
  verbs: ["create"]
{{- end }}
