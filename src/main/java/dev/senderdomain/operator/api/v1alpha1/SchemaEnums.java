package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The closed sets of string fields, as the CRD schema shows them: {@code enum} lists that {@code
 * kubectl explain} and editors offer, instead of regular expressions. The Java fields stay strings
 * ({@code @SchemaFrom}), so the validator reads them as before and a value a newer CRD allows does
 * not break this version's informer.
 */
public final class SchemaEnums {
  private SchemaEnums() {}

  /** SPF {@code all} qualifier (RFC 7208 4.6.2). */
  public enum SpfAll {
    fail,
    softfail,
    neutral
  }

  /** DMARC policy (RFC 7489 6.3). */
  public enum DmarcPolicy {
    none,
    quarantine,
    reject
  }

  /** DMARC identifier alignment (RFC 7489 3.1). */
  public enum Alignment {
    relaxed,
    strict
  }

  /** The kinds a providerRef may name. */
  public enum ProviderKind {
    DnsProvider,
    ClusterDnsProvider
  }

  /** TSIG algorithms (RFC 8945 6). */
  public enum TsigAlgorithm {
    @JsonProperty("hmac-sha256")
    HMAC_SHA256,
    @JsonProperty("hmac-sha512")
    HMAC_SHA512,
    @JsonProperty("hmac-sha384")
    HMAC_SHA384,
    @JsonProperty("hmac-sha224")
    HMAC_SHA224,
    @JsonProperty("hmac-sha1")
    HMAC_SHA1
  }
}
