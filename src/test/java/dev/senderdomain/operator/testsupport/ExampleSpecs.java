package dev.senderdomain.operator.testsupport;

import dev.senderdomain.operator.api.v1alpha1.BounceSpec;
import dev.senderdomain.operator.api.v1alpha1.DmarcSpec;
import dev.senderdomain.operator.api.v1alpha1.ProviderRef;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.api.v1alpha1.SenderDomainSpec;
import dev.senderdomain.operator.api.v1alpha1.SpfSpec;
import dev.senderdomain.operator.api.v1alpha1.TrackingSpec;
import java.util.List;

/** The README's example SenderDomain as a spec object, for tests to start from and edit. */
public final class ExampleSpecs {
  private ExampleSpecs() {}

  /** {@code spec} as a SenderDomain {@code mail/shop}, as {@code kubectl apply} would send it. */
  public static SenderDomain resource(SenderDomainSpec spec) {
    SenderDomain sd = new SenderDomain();
    sd.getMetadata().setName("shop");
    sd.getMetadata().setNamespace("mail");
    sd.setSpec(spec);
    return sd;
  }

  public static SenderDomainSpec shop() {
    SenderDomainSpec s = new SenderDomainSpec();
    s.domain = "shop.example.com";
    s.providerRef = new ProviderRef("bind-primary", null);
    s.spf = new SpfSpec();
    s.spf.include = List.of("_spf.mailer.example.net");
    s.spf.ip4 = List.of("203.0.113.0/24");
    s.spf.ip6 = List.of("2001:db8::/64");
    s.bounce = new BounceSpec();
    s.bounce.name = "bounce";
    s.bounce.mx = List.of(new BounceSpec.Mx(10, "mx1.mailer.example.net"));
    s.tracking = new TrackingSpec();
    s.tracking.name = "clicks";
    s.tracking.target = "track.mailer.example.net";
    s.dmarc = new DmarcSpec();
    s.dmarc.rua = List.of("mailto:dmarc@shop.example.com");
    s.dmarc.rollout = new DmarcSpec.Rollout();
    s.dmarc.rollout.start = "2027-01-01";
    s.dmarc.rollout.targetPolicy = "reject";
    s.dmarc.rollout.targetDate = "2027-04-01";
    return s;
  }
}
