package dev.senderdomain.operator.bench;

import static dev.senderdomain.operator.bench.BenchTable.f;
import static dev.senderdomain.operator.bench.BenchTable.x;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.DnsRecord;
import dev.senderdomain.operator.dns.Owner;
import dev.senderdomain.operator.dns.PlanOptions;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.WireRecords;
import dev.senderdomain.operator.dns.provider.rfc2136.Rfc2136Adapter;
import dev.senderdomain.operator.dns.publish.DomainPublisher;
import dev.senderdomain.operator.testsupport.BindServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * 2. DNS push: the RFC 2136 adapter writing 1,000 RRsets (a fifth of them DKIM TXT records of an
 * RSA-2048 key, two character-strings each) into a fresh zone of a real BIND, against {@code
 * nsupdate} sending the same records with the same prerequisites in one session, both over TCP.
 * Each round uses fresh zones; the median round counts.
 */
final class DnsPushBench {
  private final BenchTable table;
  private final boolean quick;

  DnsPushBench(BenchTable table, boolean quick) {
    this.table = table;
    this.quick = quick;
  }

  void run() throws Exception {
    if (!new java.io.File("/usr/bin/nsupdate").canExecute()) {
      table.note("2", "DNS push", "skipped: /usr/bin/nsupdate missing (apt-get install dnsutils)");
      return;
    }
    int records = quick ? 50 : 1000;
    int rounds = quick ? 1 : 3;
    List<String> zones = new ArrayList<>();
    for (int r = 0; r <= rounds; r++) { // round 0 warms up the JVM and BIND
      zones.add("op" + r + ".push.test");
      zones.add("ns" + r + ".push.test");
      zones.add("full" + r + ".push.test");
    }
    String dkimValue =
        "v=DKIM1; k=rsa; p="
            + Base64.getEncoder()
                .encodeToString(
                    KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded());
    try (BindServer bind = BindServer.start(zones, java.util.Map.of())) {
      double[] op = new double[rounds];
      double[] ns = new double[rounds];
      double[] full = new double[rounds];
      long[] opMessages = new long[1];
      long[] nsMessages = new long[1];
      long[] fullMessages = new long[1];
      for (int r = 0; r <= rounds; r++) {
        double o = timeAdapter(bind, "op" + r + ".push.test", records, dkimValue, opMessages);
        double n = timeNsupdate(bind, "ns" + r + ".push.test", records, dkimValue, nsMessages);
        double fl = timeFull(bind, "full" + r + ".push.test", records, dkimValue, fullMessages);
        if (r > 0) {
          op[r - 1] = o;
          ns[r - 1] = n;
          full[r - 1] = fl;
        }
      }
      double o = median(op);
      double n = median(ns);
      double fl = median(full);
      String ref = f("nsupdate %.0f ms, %d msgs", n * 1000, nsMessages[0]);
      table.add(
          "2",
          f("push %d records: adapter apply (one change set)", records),
          f("%.0f ms, %d UPDATE msgs", o * 1000, opMessages[0]),
          ref,
          x(o / n),
          "<= 1.5x");
      table.add(
          "2",
          f("push %d records: operator path (read, plan, apply per domain)", records),
          f("%.0f ms, %d UPDATE msgs", fl * 1000, fullMessages[0]),
          ref,
          x(fl / n),
          "");
    }
  }

  /** 5 RRsets per domain: DKIM, SPF, DMARC, bounce MX, tracking CNAME. */
  static List<RecordSet> records(String zone, int count, String dkimValue) {
    List<RecordSet> sets = new ArrayList<>();
    for (int d = 0; sets.size() < count; d++) {
      for (RecordSet s : domain("d" + d + "." + zone, dkimValue)) {
        if (sets.size() < count) {
          sets.add(s);
        }
      }
    }
    return sets;
  }

  static List<RecordSet> domain(String domain, String dkimValue) {
    return List.of(
        new RecordSet("s1._domainkey." + domain, RecordType.TXT, 3600, List.of(dkimValue)),
        new RecordSet(
            domain,
            RecordType.TXT,
            3600,
            List.of("v=spf1 ip4:203.0.113.0/24 include:_spf.mailer.example.net -all")),
        new RecordSet(
            "_dmarc." + domain,
            RecordType.TXT,
            3600,
            List.of("v=DMARC1; p=none; rua=mailto:dmarc@" + domain)),
        new RecordSet(
            "bounce." + domain, RecordType.MX, 3600, List.of("10 mx1.mailer.example.net")),
        new RecordSet(
            "clicks." + domain, RecordType.CNAME, 3600, List.of("track.mailer.example.net")));
  }

  private double timeAdapter(BindServer bind, String zone, int count, String dkim, long[] messages)
      throws Exception {
    List<RecordSet> sets = records(zone, count, dkim);
    Rfc2136Adapter adapter = new Rfc2136Adapter(bind.settings(zone));
    long start = System.nanoTime();
    adapter.apply(new ChangeSet(sets, List.of(), List.of()));
    double t = (System.nanoTime() - start) / 1e9;
    messages[0] = adapter.updatesSent();
    check(bind, sets);
    return t;
  }

  /**
   * What a reconcile does for each domain: read the keys the planner needs, plan, apply (one
   * message).
   */
  private double timeFull(BindServer bind, String zone, int count, String dkim, long[] messages)
      throws Exception {
    List<RecordSet> sets = records(zone, count, dkim);
    Rfc2136Adapter adapter = new Rfc2136Adapter(bind.settings(zone));
    long start = System.nanoTime();
    for (int d = 0; d * 5 < count; d++) {
      String domain = "d" + d + "." + zone;
      List<DnsRecord> desired = new ArrayList<>();
      sets.subList(d * 5, Math.min(count, d * 5 + 5)).forEach(s -> desired.addAll(s.records()));
      var planned =
          DomainPublisher.plan(
              adapter,
              Owner.parse("bench/" + "d" + d),
              domain,
              desired,
              PlanOptions.spfMerge(false));
      adapter.apply(planned.result().changes());
    }
    double t = (System.nanoTime() - start) / 1e9;
    messages[0] = adapter.updatesSent();
    check(bind, sets);
    return t;
  }

  private double timeNsupdate(BindServer bind, String zone, int count, String dkim, long[] messages)
      throws Exception {
    List<RecordSet> sets = records(zone, count, dkim);
    StringBuilder script = new StringBuilder();
    script.append("server ").append(bind.host()).append(' ').append(bind.port()).append('\n');
    script.append("zone ").append(zone).append('\n');
    int size = 0;
    int sends = 0;
    for (RecordSet s : sets) {
      for (String v : s.values()) {
        Record r = WireRecords.toWire(s.name(), s.type(), s.ttl(), v);
        int wire = r.toWire(Section.UPDATE).length + r.getName().length() + 10;
        if (size + wire > Rfc2136Adapter.MAX_MESSAGE) {
          script.append("send\n");
          sends++;
          size = 0;
        }
        size += wire;
        script
            .append("prereq nxrrset ")
            .append(r.getName())
            .append(' ')
            .append(Type.string(r.getType()))
            .append('\n');
        script
            .append("update add ")
            .append(r.getName())
            .append(' ')
            .append(r.getTTL())
            .append(" IN ")
            .append(Type.string(r.getType()))
            .append(' ')
            .append(r.rdataToString())
            .append('\n');
      }
    }
    script.append("send\n");
    sends++;
    Path file = bind.dir().resolve(zone + ".nsupdate");
    Files.writeString(file, script, StandardCharsets.US_ASCII);
    List<String> cmd =
        List.of(
            "/usr/bin/nsupdate",
            "-v",
            "-y",
            bind.keyAlgorithm() + ":" + bind.keyName() + ":" + bind.keySecretBase64(),
            file.toString());
    long start = System.nanoTime();
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("nsupdate failed: " + out);
    }
    double t = (System.nanoTime() - start) / 1e9;
    messages[0] = sends;
    check(bind, sets);
    return t;
  }

  /** Both sides must really have written everything: the first and last RRsets are served. */
  private static void check(BindServer bind, List<RecordSet> sets) throws Exception {
    SimpleResolver r = new SimpleResolver(bind.address());
    r.setTCP(true);
    for (RecordSet s : List.of(sets.get(0), sets.get(sets.size() - 1))) {
      Message m =
          r.send(
              Message.newQuery(
                  Record.newRecord(
                      WireRecords.name(s.name()), WireRecords.type(s.type()), DClass.IN)));
      if (m.getSection(Section.ANSWER).isEmpty()) {
        throw new IllegalStateException(s.name() + " " + s.type() + " was not written");
      }
    }
  }

  static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
  }
}
