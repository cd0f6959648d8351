package dev.senderdomain.operator.cli;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.api.v1alpha1.SenderDomain;
import dev.senderdomain.operator.dkim.DkimKeyException;
import dev.senderdomain.operator.dkim.DkimKeyGenerator;
import dev.senderdomain.operator.dkim.KeyRingSecret;
import dev.senderdomain.operator.dkim.KeySecretManifest;
import dev.senderdomain.operator.dns.Conflict;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.PlanResult;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.ZoneFile;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.dns.publish.ProviderRegistry;
import dev.senderdomain.operator.records.PublishedDmarc;
import dev.senderdomain.operator.records.RecordSetBuilder;
import dev.senderdomain.operator.rollout.DmarcRollout;
import dev.senderdomain.operator.rollout.RolloutState;
import dev.senderdomain.operator.validate.InvalidSpecException;
import dev.senderdomain.operator.validate.ProviderReference;
import dev.senderdomain.operator.validate.SenderDomainConfig;
import dev.senderdomain.operator.validate.SenderDomainValidator;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Publishes SenderDomains without a cluster, with the operator's own code: validation, records,
 * ownership rules, adapters. Exit codes: 0 done (or nothing to do), 1 a provider failed, 2 bad
 * input (an invalid SenderDomain, a missing provider, unusable key Secrets), 3 conflicts
 * (everything else was applied).
 */
@Command(
    name = "push",
    mixinStandardHelpOptions = true,
    description =
        "Read SenderDomain, DnsProvider and Secret manifests and publish their DNS records.")
public final class PushCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      description = "Manifest file (repeatable; multi-document)")
  List<Path> files;

  @Option(
      names = "--dry-run",
      description = "Print the changes against what the DNS serves now; change nothing")
  boolean dryRun;

  @Option(
      names = "--at",
      description = "The instant to act at (ISO-8601, default now): DMARC step, key dates")
  Instant at;

  @Option(
      names = "--secrets-out",
      description =
          "Write the DKIM key Secrets here after the push (required when"
              + " keys are generated; give it back with -f next time)")
  Path secretsOut;

  private final KeySource keySource;

  public PushCommand() {
    this(new RingKeySource(DkimKeyGenerator.production()));
  }

  PushCommand(KeySource keySource) {
    this.keySource = keySource;
  }

  /** One SenderDomain ready to publish. */
  private record Job(
      SenderDomain domain,
      SenderDomainConfig config,
      DnsProviderSpec provider,
      String secretNamespace,
      KeySource.Keys keys) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant now = at != null ? at : Instant.now();
    Manifests manifests = Manifests.read(files);
    if (!manifests.valid()) {
      manifests.problems.forEach(err::println);
      return 2;
    }
    manifests.ignored.forEach(i -> err.println("note: " + i));
    if (manifests.senderDomains.isEmpty()) {
      err.println("error: no SenderDomain in " + files);
      return 2;
    }
    // Everything is checked before the first write: a bad document never leaves half the domains
    // pushed.
    List<Job> jobs = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    manifests.senderDomains.sort(
        Comparator.comparing((SenderDomain s) -> s.getMetadata().getNamespace())
            .thenComparing(s -> s.getMetadata().getName()));
    for (SenderDomain sd : manifests.senderDomains) {
      String id = InvalidSpecLines.who(sd);
      SenderDomainConfig config;
      try {
        config = SenderDomainValidator.validate(sd);
      } catch (InvalidSpecException e) {
        errors.addAll(InvalidSpecLines.of(sd, e));
        continue;
      }
      if (config.provider().isEmpty()) {
        errors.add(
            id
                + ": spec.providerRef: absent, the records are published by hand; nothing to push"
                + " (plan --output zone shows them)");
        continue;
      }
      ProviderReference ref = config.provider().get();
      DnsProviderSpec provider;
      String secretNamespace = sd.getMetadata().getNamespace();
      if (ref.clusterScoped()) {
        provider =
            manifests.clusterProviders.stream()
                .filter(p -> ref.name().equals(p.getMetadata().getName()))
                .map(p -> p.getSpec())
                .findFirst()
                .orElse(null);
        secretNamespace =
            null; // the operator's namespace in a cluster; here any Secret of that name
      } else {
        provider =
            manifests.providers.stream()
                .filter(
                    p ->
                        ref.name().equals(p.getMetadata().getName())
                            && sd.getMetadata()
                                .getNamespace()
                                .equals(p.getMetadata().getNamespace()))
                .map(p -> p.getSpec())
                .findFirst()
                .orElse(null);
      }
      if (provider == null) {
        errors.add(
            id
                + ": spec.providerRef: "
                + (ref.clusterScoped()
                    ? "ClusterDnsProvider "
                    : "DnsProvider " + sd.getMetadata().getNamespace() + "/")
                + ref.name()
                + " is not in the -f files");
        continue;
      }
      KeySource.Keys keys;
      try {
        keys =
            keySource.keys(
                sd, config, secrets(manifests, sd.getMetadata().getNamespace()), Set.of(), now);
      } catch (DkimKeyException e) {
        // The message names the Secret, data key or field, never key material (DkimKeyException).
        errors.add(id + ": DKIM keys: " + e.getMessage());
        continue;
      }
      if (!keys.generated().isEmpty() && secretsOut == null && !dryRun) {
        errors.add(
            id
                + ": DKIM keys "
                + keys.generated()
                + " must be generated: pass --secrets-out FILE to keep"
                + " them (and give that file back with -f next time), or add the key Secret "
                + config.keySecret().name()
                + " with -f");
        continue;
      }
      jobs.add(new Job(sd, config, provider, secretNamespace, keys));
    }
    if (!errors.isEmpty()) {
      errors.forEach(e -> err.println("error: " + e));
      return 2;
    }
    int exit = 0;
    List<Secret> keySecrets = new ArrayList<>();
    for (Job job : jobs) {
      int result = push(job, manifests, now, out, err);
      exit = Math.max(exit, result);
      KeySource.Keys keys = job.keys;
      if ((result == 0 || result == 3) && !dryRun && pushes(job)) {
        // The server accepted (or already served) the key records: the ring moves on, as the
        // operator's would
        // once it verified them; e.g. a first key becomes active.
        Set<String> served = new java.util.HashSet<>();
        keys.records().forEach(r -> served.add(r.selector()));
        Secret written = keys.secret();
        KeyRingSecret.Secrets afterPush =
            name ->
                name.equals(written.getMetadata().getName())
                    ? Optional.of(stored(written))
                    : secrets(manifests, job.domain.getMetadata().getNamespace()).read(name);
        keys = keySource.keys(job.domain, job.config, afterPush, served, now);
      }
      keySecrets.add(keys.secret());
    }
    if (secretsOut != null && !dryRun) {
      Files.writeString(secretsOut, Manifests.toYaml(keySecrets), StandardCharsets.UTF_8);
      out.println("key Secrets written to " + secretsOut);
    }
    out.flush();
    return exit;
  }

  /** The Secrets of one namespace among the {@code -f} files, as the key ring reads them. */
  private static KeyRingSecret.Secrets secrets(Manifests manifests, String namespace) {
    return name -> manifests.secret(namespace, name).map(PushCommand::stored);
  }

  private static KeyRingSecret.Stored stored(Secret s) {
    return new KeyRingSecret.Stored(
        KeySecretManifest.plainData(s), s.getMetadata().getAnnotations());
  }

  private static boolean pushes(Job job) {
    return job.provider.manual == null;
  }

  private int push(Job job, Manifests manifests, Instant now, PrintWriter out, PrintWriter err) {
    SenderDomain sd = job.domain;
    Owner owner = new Owner(sd.getMetadata().getNamespace(), sd.getMetadata().getName());
    boolean merge = job.config.spfMerge();
    try (DnsProviderAdapter adapter =
        ProviderRegistry.create(job.provider, job.secretNamespace, manifests.secretResolver())) {
      // The walk resumes from the served _dmarc record (never from the schedule alone); push keeps
      // no memory between runs, so the step it finds is held and a new domain starts at p=none.
      List<String> dmarc =
          adapter
              .read(
                  List.of(
                      new RecordKey(
                          RecordSetBuilder.dmarcName(job.config.domain()), RecordType.TXT)))
              .stream()
              .flatMap(set -> set.values().stream())
              .toList();
      List<DnsRecord> desired =
          RecordSetBuilder.build(
              job.config.records(),
              job.keys.records(),
              DmarcRollout.decide(
                      job.config.rollout(),
                      RolloutState.published(PublishedDmarc.step(dmarc).orElse(null)),
                      now)
                  .step());
      out.println(job.config.domain() + " (" + owner + ") via " + adapter.name() + ":");
      if (!job.keys.generated().isEmpty()) {
        out.println("  generated DKIM key(s) " + job.keys.generated());
      }
      if (!adapter.pushes()) {
        out.println(
            "  the " + adapter.name() + " provider never pushes; publish these records yourself:");
        PlanResult shown =
            DomainPublisher.plan(
                    adapter, owner, job.config.domain(), desired, PlanOptions.spfMerge(merge))
                .result();
        ZoneFile.lines(shown.expected()).forEach(l -> out.println("  " + l));
        return 0;
      }
      PlanResult plan =
          DomainPublisher.plan(
                  adapter, owner, job.config.domain(), desired, PlanOptions.spfMerge(merge))
              .result();
      if (plan.changes().isEmpty()) {
        out.println("  no changes: the DNS already serves these records");
      } else {
        plan.changes().describe().forEach(l -> out.println("  " + l));
      }
      for (Conflict c : plan.conflicts()) {
        out.println("  ! " + c.kind() + ": " + c.message());
      }
      if (dryRun) {
        out.println("  dry run: nothing changed");
      } else if (!plan.changes().isEmpty()) {
        adapter.apply(plan.changes());
        out.println("  applied " + plan.changes().size() + " change(s)");
      }
      return plan.hasConflicts() ? 3 : 0;
    } catch (DnsProviderException e) {
      err.println(
          "error: "
              + job.config.domain()
              + ": "
              + e.reason()
              + (e.permanent() ? " (permanent)" : " (transient," + " retry later)")
              + ": "
              + e.getMessage());
      return 1;
    }
  }
}
