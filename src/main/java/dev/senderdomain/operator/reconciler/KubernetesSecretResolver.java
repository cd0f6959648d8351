package dev.senderdomain.operator.reconciler;

import dev.senderdomain.operator.api.v1alpha1.SecretKeySelector;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Provider credentials from Secrets in the API. Values are never logged or put into messages. */
public class KubernetesSecretResolver implements SecretResolver {
  private final KubernetesClient client;

  public KubernetesSecretResolver(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public String secret(String namespace, SecretKeySelector ref) throws DnsProviderException {
    if (ref == null || ref.name == null || ref.key == null) {
      throw SecretResolver.notFound(namespace, ref, "credentials");
    }
    Secret secret;
    try {
      secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
    } catch (KubernetesClientException e) {
      throw new DnsProviderException(
          ProviderFailure.SecretUnreadable,
          "Secret " + namespace + "/" + ref.name + " could not be read (HTTP " + e.getCode() + ")",
          e.getCode() == 403);
    }
    if (secret != null && secret.getData() != null && secret.getData().containsKey(ref.key)) {
      return new String(
              Base64.getDecoder().decode(secret.getData().get(ref.key)), StandardCharsets.UTF_8)
          .trim();
    }
    // The API server folds stringData into data; a copy that was never through one (tests, push)
    // may still have it.
    if (secret != null
        && secret.getStringData() != null
        && secret.getStringData().containsKey(ref.key)) {
      return secret.getStringData().get(ref.key).trim();
    }
    throw SecretResolver.notFound(namespace, ref, "credentials");
  }
}
