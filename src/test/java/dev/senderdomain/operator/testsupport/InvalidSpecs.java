package dev.senderdomain.operator.testsupport;

import dev.senderdomain.operator.api.v1alpha1.BounceSpec;
import dev.senderdomain.operator.api.v1alpha1.DkimSpec;
import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Every rule of the SenderDomain validator, each as one invalid edit of the README's example (and
 * the cases issue 15 named): the table the validator's unit test and the entry-point test (plan,
 * push, validate, the operator) all run.
 */
public final class InvalidSpecs {
  private InvalidSpecs() {}

  /**
   * @param what the case in words (the test's name)
   * @param edit what is wrong, applied to the example SenderDomain {@code mail/shop}
   * @param field the field the refusal must name
   * @param says a part of the message
   * @param reachesTheApi false where the API server itself refuses the object (no name), so the
   *     operator never sees it
   */
  public record Case(
      String what, Consumer<SenderDomain> edit, String field, String says, boolean reachesTheApi) {
    /** The example with this case's problem, named {@code name} unless the case names it. */
    public SenderDomain resource(String name) {
      SenderDomain sd = ExampleSpecs.resource(ExampleSpecs.shop());
      sd.getMetadata().setName(name);
      edit.accept(sd);
      return sd;
    }

    @Override
    public String toString() {
      return what;
    }
  }

  public static List<Case> all() {
    List<Case> c = new ArrayList<>();
    // spec.domain
    spec(c, "a domain with spaces", s -> s.domain = "shop example.com", "spec.domain", "spaces");
    spec(c, "an empty domain", s -> s.domain = "", "spec.domain", "must not be empty");
    spec(c, "an empty label", s -> s.domain = "shop..example.com", "spec.domain", "empty label");
    spec(c, "a leading dot", s -> s.domain = ".example.com", "spec.domain", "empty label");
    spec(
        c,
        "a label over 63 octets",
        s -> s.domain = "a".repeat(64) + ".example.com",
        "spec.domain",
        "63");
    spec(
        c,
        "a domain over 253 octets",
        s -> s.domain = ("a".repeat(60) + ".").repeat(5) + "example.com",
        "spec.domain",
        "253");
    spec(c, "a single label", s -> s.domain = "localhost", "spec.domain", "two labels");
    spec(
        c,
        "an underscore in a host name",
        s -> s.domain = "shop_1.example.com",
        "spec.domain",
        "invalid label");
    spec(
        c,
        "a name IDNA refuses",
        s -> s.domain = "\u0627\u0031.example",
        "spec.domain",
        "internationalized");
    spec(c, "an IP address as domain", s -> s.domain = "198.51.100.7", "spec.domain", "IP address");
    spec(
        c,
        "an all-numeric top-level label",
        s -> s.domain = "shop.example.123",
        "spec.domain",
        "all-numeric");
    // metadata and providerRef
    c.add(
        new Case(
            "a SenderDomain without a name",
            sd -> sd.getMetadata().setName(null),
            "metadata.name",
            "is required",
            false));
    spec(
        c,
        "a providerRef without a name",
        s -> s.providerRef = new ProviderRef(null, null),
        "spec.providerRef.name",
        "required");
    spec(
        c,
        "an unknown deletionPolicy",
        s -> s.deletionPolicy = "Purge",
        "spec.deletionPolicy",
        "Delete or Retain");
    spec(
        c,
        "a provider name that is no object name",
        s -> s.providerRef = new ProviderRef("Bind_Primary", null),
        "spec.providerRef.name",
        "Kubernetes object name");
    spec(
        c,
        "an unknown provider kind",
        s -> s.providerRef = new ProviderRef("bind-primary", "Issuer"),
        "spec.providerRef.kind",
        "DnsProvider or ClusterDnsProvider");
    // ttl
    spec(c, "a ttl below 30", s -> s.ttl = 5, "spec.ttl", "between 30");
    spec(c, "a ttl over a week", s -> s.ttl = 700000, "spec.ttl", "between 30");
    // SPF
    spec(
        c,
        "an invalid IPv4 CIDR",
        s -> s.spf.ip4 = List.of("203.0.113.0/33"),
        "spec.spf.ip4[0]",
        "0..32");
    spec(
        c,
        "an IPv4 octet over 255",
        s -> s.spf.ip4 = List.of("256.1.1.1"),
        "spec.spf.ip4[0]",
        "IPv4");
    spec(
        c,
        "an IPv6 given as ip4",
        s -> s.spf.ip4 = List.of("2001:db8::1"),
        "spec.spf.ip4[0]",
        "IPv4");
    spec(
        c,
        "an invalid IPv6",
        s -> s.spf.ip6 = List.of("2001:db8:::1/64"),
        "spec.spf.ip6[0]",
        "IPv6");
    spec(
        c,
        "an IPv6 prefix over 128",
        s -> s.spf.ip6 = List.of("2001:db8::/129"),
        "spec.spf.ip6[0]",
        "0..128");
    spec(
        c,
        "an SPF include with spaces",
        s -> s.spf.include = List.of("evil.example +all"),
        "spec.spf.include[0]",
        "spaces");
    spec(
        c,
        "an SPF include that is an IP address",
        s -> s.spf.include = List.of("192.0.2.1"),
        "spec.spf.include[0]",
        "IP address");
    spec(
        c,
        "an unknown SPF all",
        s -> s.spf.all = "pass",
        "spec.spf.all",
        "fail, softfail or neutral");
    spec(
        c,
        "a bad IPv4 in the bounce SPF",
        s -> {
          s.bounce.spf = new SpfSpec();
          s.bounce.spf.ip4 = List.of("10.0.0.0/40");
        },
        "spec.bounce.spf.ip4[0]",
        "0..32");
    // DKIM algorithms
    spec(
        c,
        "an unknown DKIM algorithm",
        s -> dkim(s).algorithms = List.of("dsa"),
        "spec.dkim.algorithms[0]",
        "rsa-2048");
    spec(
        c,
        "an upper-case DKIM algorithm",
        s -> dkim(s).algorithms = List.of("RSA-2048"),
        "spec.dkim.algorithms[0]",
        "got 'RSA-2048'");
    spec(
        c,
        "an algorithm listed twice",
        s -> dkim(s).algorithms = List.of("ed25519", "ed25519"),
        "spec.dkim.algorithms",
        "twice");
    spec(
        c,
        "two RSA algorithms",
        s -> dkim(s).algorithms = List.of("rsa-2048", "rsa-1024"),
        "spec.dkim.algorithms",
        "one algorithm per key type");
    // DKIM rotation (docs/dkim.md)
    spec(
        c,
        "rotation every P180D",
        s -> rotation(s).every = "P180D",
        "spec.dkim.rotation.every",
        "'P180D' is not a duration");
    spec(
        c,
        "rotation every 0d",
        s -> rotation(s).every = "0d",
        "spec.dkim.rotation.every",
        "longer than zero");
    spec(
        c,
        "retireAfter -7d",
        s -> rotation(s).retireAfter = "-7d",
        "spec.dkim.rotation.retireAfter",
        "'-7d' is not a duration");
    spec(
        c,
        "propagationDelay 2x",
        s -> rotation(s).propagationDelay = "2x",
        "spec.dkim.rotation.propagationDelay",
        "'2x' is not a duration");
    spec(
        c,
        "propagationDelay 1h with ttl 3600",
        s -> {
          s.ttl = 3600;
          rotation(s).propagationDelay = "1h";
        },
        "spec.dkim.rotation.propagationDelay",
        "less than twice the record TTL (2h)");
    spec(
        c,
        "rotation every shorter than delay plus retireAfter",
        s -> {
          rotation(s).every = "5d";
          rotation(s).propagationDelay = "2h";
          rotation(s).retireAfter = "7d";
        },
        "spec.dkim.rotation.every",
        "must be longer than propagationDelay (2h) plus retireAfter (7d)");
    // the key Secret
    spec(
        c,
        "a secretName that is no Secret name",
        s -> dkim(s).secretName = "My_Old_Keys",
        "spec.dkim.secretName",
        "Kubernetes object name");
    spec(
        c,
        "an existingSecretName that is no Secret name",
        s -> dkim(s).existingSecretName = "My_Old_Keys",
        "spec.dkim.existingSecretName",
        "Kubernetes object name");
    spec(
        c,
        "an unknown deletionPolicy",
        s -> dkim(s).deletionPolicy = "Purge",
        "spec.dkim.deletionPolicy",
        "Retain or Delete");
    c.add(
        new Case(
            "a default Secret name over 253 characters",
            sd -> sd.getMetadata().setName("a".repeat(250)),
            "spec.dkim.secretName",
            "longer than 253",
            true));
    // bounce
    spec(
        c,
        "an empty bounce name",
        s -> s.bounce.name = "",
        "spec.bounce.name",
        "must not be empty");
    spec(
        c,
        "a bounce name with a space",
        s -> s.bounce.name = "bad name",
        "spec.bounce.name",
        "invalid label");
    spec(
        c,
        "a bounce name at _dmarc",
        s -> s.bounce.name = "_dmarc",
        "spec.bounce.name",
        "publishes itself");
    spec(
        c,
        "an MX preference over 65535",
        s -> s.bounce.mx = List.of(new BounceSpec.Mx(70000, "mx1.mailer.example.net")),
        "spec.bounce.mx[0].preference",
        "0..65535");
    spec(
        c,
        "an MX host with spaces",
        s -> s.bounce.mx = List.of(new BounceSpec.Mx(10, "mx 1.example.net")),
        "spec.bounce.mx[0].host",
        "spaces");
    spec(
        c,
        "an MX host that is an IP address",
        s -> s.bounce.mx = List.of(new BounceSpec.Mx(10, "192.0.2.25")),
        "spec.bounce.mx[0].host",
        "IP address");
    // tracking
    spec(
        c,
        "a tracking name with a newline",
        s -> s.tracking.name = "clicks\nevil",
        "spec.tracking.name",
        "invalid label");
    spec(
        c,
        "an empty tracking name",
        s -> s.tracking.name = "",
        "spec.tracking.name",
        "must not be empty");
    spec(
        c,
        "a tracking name at _domainkey",
        s -> s.tracking.name = "_domainkey",
        "spec.tracking.name",
        "publishes itself");
    spec(
        c,
        "tracking and bounce at one name",
        s -> s.tracking.name = "Bounce",
        "spec.tracking.name",
        "is also spec.bounce.name");
    spec(
        c,
        "an empty tracking target",
        s -> s.tracking.target = "",
        "spec.tracking.target",
        "empty");
    spec(
        c,
        "a tracking target that is an IP address",
        s -> s.tracking.target = "203.0.113.80",
        "spec.tracking.target",
        "IP address");
    spec(
        c,
        "a tracking target that is the tracking name",
        s -> s.tracking.target = "clicks.shop.example.com.",
        "spec.tracking.target",
        "CNAME loop");
    // DMARC record
    spec(
        c,
        "a rua with an injected tag",
        s -> s.dmarc.rua = List.of("mailto:a@b.com; p=none"),
        "spec.dmarc.rua[0]",
        "plain mailto");
    spec(
        c,
        "a rua that is not mailto",
        s -> s.dmarc.rua = List.of("https://example.com/rua"),
        "spec.dmarc.rua[0]",
        "plain mailto");
    spec(
        c,
        "a rua host with an empty label",
        s -> s.dmarc.rua = List.of("mailto:dmarc@reports..example.com"),
        "spec.dmarc.rua[0]",
        "empty label");
    spec(
        c,
        "a ruf that is not mailto",
        s -> s.dmarc.ruf = List.of("dmarc@example.com"),
        "spec.dmarc.ruf[0]",
        "plain mailto");
    spec(
        c,
        "an unknown DKIM alignment",
        s -> alignment(s).dkim = "loose",
        "spec.dmarc.alignment.dkim",
        "relaxed or strict");
    spec(
        c,
        "an unknown SPF alignment",
        s -> alignment(s).spf = "exact",
        "spec.dmarc.alignment.spf",
        "relaxed or strict");
    spec(
        c,
        "an unknown subdomain policy",
        s -> s.dmarc.subdomainPolicy = "block",
        "spec.dmarc.subdomainPolicy",
        "none, quarantine, reject");
    spec(
        c,
        "an unknown non-existent subdomain policy",
        s -> s.dmarc.nonExistentSubdomainPolicy = "drop",
        "spec.dmarc.nonExistentSubdomainPolicy",
        "none, quarantine, reject");
    // rollout
    spec(
        c,
        "a start that is not a date",
        s -> s.dmarc.rollout.start = "next monday",
        "spec.dmarc.rollout.start",
        "YYYY-MM-DD");
    spec(
        c,
        "a targetDate that is not a date",
        s -> s.dmarc.rollout.targetDate = "2027-13-01",
        "spec.dmarc.rollout.targetDate",
        "YYYY-MM-DD");
    spec(
        c,
        "targetDate before start",
        s -> s.dmarc.rollout.targetDate = "2026-12-01",
        "spec.dmarc.rollout.targetDate",
        "after start");
    spec(
        c,
        "a start without targetDate",
        s -> s.dmarc.rollout.targetDate = null,
        "spec.dmarc.rollout.targetDate",
        "required when start is set");
    spec(
        c,
        "an unknown target policy",
        s -> s.dmarc.rollout.targetPolicy = "block",
        "spec.dmarc.rollout.targetPolicy",
        "none, quarantine, reject");
    spec(
        c,
        "targetPercent 0",
        s -> s.dmarc.rollout.targetPercent = 0,
        "spec.dmarc.rollout.targetPercent",
        "1..100, got 0");
    spec(
        c,
        "targetPercent 101",
        s -> s.dmarc.rollout.targetPercent = 101,
        "spec.dmarc.rollout.targetPercent",
        "1..100, got 101");
    spec(
        c,
        "an empty steps list",
        s -> s.dmarc.rollout.steps = List.of(),
        "spec.dmarc.rollout.steps",
        "at least one percentage");
    spec(
        c,
        "a step over 100",
        s -> s.dmarc.rollout.steps = List.of(5, 150),
        "spec.dmarc.rollout.steps[1]",
        "1..100, got 150");
    spec(
        c,
        "steps out of order",
        s -> s.dmarc.rollout.steps = List.of(1, 10, 5),
        "spec.dmarc.rollout.steps[2]",
        "greater than the step before it (10)");
    spec(
        c,
        "a null step",
        s -> s.dmarc.rollout.steps = java.util.Arrays.asList(1, null),
        "spec.dmarc.rollout.steps[1]",
        "got null");
    spec(
        c,
        "monitorFor in weeks",
        s -> s.dmarc.rollout.monitorFor = "2w",
        "spec.dmarc.rollout.monitorFor",
        "like 7d, 48h or 0d");
    spec(
        c,
        "monitorFor over a year",
        s -> s.dmarc.rollout.monitorFor = "400d",
        "spec.dmarc.rollout.monitorFor",
        "at most 365d");
    // the report gate
    spec(
        c,
        "gate.minPassRate 150",
        s -> gate(s).minPassRate = 150.0,
        "spec.dmarc.rollout.gate.minPassRate",
        "between 0 and 100");
    spec(
        c,
        "a negative gate.minPassRate",
        s -> gate(s).minPassRate = -1.0,
        "spec.dmarc.rollout.gate.minPassRate",
        "between 0 and 100");
    spec(
        c,
        "gate.window 1w",
        s -> gate(s).window = "1w",
        "spec.dmarc.rollout.gate.window",
        "'1w' is not a duration");
    spec(
        c,
        "gate.window 0d",
        s -> gate(s).window = "0d",
        "spec.dmarc.rollout.gate.window",
        "longer than zero");
    spec(
        c,
        "a negative gate.minMessages",
        s -> gate(s).minMessages = -5L,
        "spec.dmarc.rollout.gate.minMessages",
        "negative");
    return List.copyOf(c);
  }

  private static void spec(
      List<Case> cases, String what, Consumer<SenderDomainSpec> edit, String field, String says) {
    cases.add(new Case(what, sd -> edit.accept(sd.getSpec()), field, says, true));
  }

  private static DkimSpec dkim(SenderDomainSpec s) {
    if (s.dkim == null) {
      s.dkim = new DkimSpec();
    }
    return s.dkim;
  }

  private static DkimSpec.RotationSpec rotation(SenderDomainSpec s) {
    if (dkim(s).rotation == null) {
      s.dkim.rotation = new DkimSpec.RotationSpec();
    }
    return s.dkim.rotation;
  }

  private static DmarcSpec.Alignment alignment(SenderDomainSpec s) {
    if (s.dmarc.alignment == null) {
      s.dmarc.alignment = new DmarcSpec.Alignment();
    }
    return s.dmarc.alignment;
  }

  private static DmarcSpec.Gate gate(SenderDomainSpec s) {
    if (s.dmarc.rollout.gate == null) {
      s.dmarc.rollout.gate = new DmarcSpec.Gate();
    }
    return s.dmarc.rollout.gate;
  }
}
