package dev.senderdomain.operator.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * A deterministic, legal RFC 7489 aggregate report of any size, for tests and the parsing
 * benchmark. Record {@code i} is {@link #record(int)}; the XML is generated on the fly by {@link
 * #open(int)}, so a report far larger than the heap can be produced.
 */
public final class SyntheticReport {
  public static final String DOMAIN = "example.com";
  private static final Instant BEGIN = Instant.ofEpochSecond(1_700_000_000L);

  private SyntheticReport() {}

  /** The metadata every synthetic report carries. */
  public static ReportMetadata metadata(int records) {
    return new ReportMetadata(
        "synthetic.example",
        "dmarc@synthetic.example",
        null,
        "synthetic-" + records,
        BEGIN,
        BEGIN.plusSeconds(86_399),
        List.of(),
        "1.0");
  }

  public static PolicyPublished policy() {
    return new PolicyPublished(
        DOMAIN,
        Alignment.RELAXED,
        Alignment.RELAXED,
        RequestedPolicy.REJECT,
        RequestedPolicy.QUARANTINE,
        null,
        100,
        null,
        null,
        null);
  }

  /**
   * Record {@code i}: a distinct source IP (every 10th IPv6), 1..5 messages, every 10th rejected
   * and every 10th (offset 1) quarantined, aligned DKIM failing for every 4th and SPF for every
   * 3rd.
   */
  public static ReportRecord record(int i) {
    String ip =
        i % 10 == 9
            ? "2001:db8::" + Integer.toHexString(i >>> 16) + ":" + Integer.toHexString(i & 0xffff)
            : "10." + ((i >> 16) & 255) + "." + ((i >> 8) & 255) + "." + (i & 255);
    Disposition disposition =
        i % 10 == 0 ? Disposition.REJECT : i % 10 == 1 ? Disposition.QUARANTINE : Disposition.NONE;
    boolean dkim = i % 4 != 0;
    boolean spf = i % 3 != 0;
    List<PolicyOverrideReason> reasons =
        i % 50 == 1 ? List.of(new PolicyOverrideReason("local_policy", "synthetic")) : List.of();
    return new ReportRecord(
        ip,
        1 + i % 5,
        disposition,
        dkim ? DmarcResult.PASS : DmarcResult.FAIL,
        spf ? DmarcResult.PASS : DmarcResult.FAIL,
        reasons,
        DOMAIN,
        "bounce." + DOMAIN,
        null,
        List.of(
            new DkimAuthResult(
                DOMAIN, "s" + (i % 3), dkim ? AuthResult.PASS : AuthResult.FAIL, null)),
        List.of(
            new SpfAuthResult(
                "bounce." + DOMAIN,
                SpfScope.MFROM,
                spf ? AuthResult.PASS : AuthResult.FAIL,
                null)));
  }

  /**
   * The report as a model, for comparing with what the parser reads (holds every record in memory).
   */
  public static AggregateReport report(int records) {
    ReportRecord[] list = new ReportRecord[records];
    for (int i = 0; i < records; i++) {
      list[i] = record(i);
    }
    return new AggregateReport(metadata(records), policy(), List.of(list));
  }

  /** The XML, generated while it is read; memory use does not depend on {@code records}. */
  public static InputStream open(int records) {
    return new InputStream() {
      private byte[] chunk = header(records);
      private int pos;
      private int next;
      private boolean done;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        while (pos == chunk.length) {
          if (done) {
            return -1;
          }
          if (next < records) {
            chunk = recordXml(record(next++)).getBytes(StandardCharsets.UTF_8);
          } else {
            chunk = "</feedback>\n".getBytes(StandardCharsets.UTF_8);
            done = true;
          }
          pos = 0;
        }
        int n = Math.min(len, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  /** The whole XML in memory (about 600 bytes per record). */
  public static byte[] bytes(int records) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, records);
    return out.toByteArray();
  }

  public static void write(OutputStream out, int records) {
    try (InputStream in = open(records)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] header(int records) {
    ReportMetadata m = metadata(records);
    PolicyPublished p = policy();
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n  <version>"
            + m.version()
            + "</version>\n"
            + "  <report_metadata>\n    <org_name>"
            + m.orgName()
            + "</org_name>\n    <email>"
            + m.email()
            + "</email>\n    <report_id>"
            + m.reportId()
            + "</report_id>\n    <date_range>\n      <begin>"
            + m.begin().getEpochSecond()
            + "</begin>\n      <end>"
            + m.end().getEpochSecond()
            + "</end>\n    </date_range>\n  </report_metadata>\n  <policy_published>\n    <domain>"
            + p.domain()
            + "</domain>\n    <adkim>"
            + p.adkim().token()
            + "</adkim>\n    <aspf>"
            + p.aspf().token()
            + "</aspf>\n    <p>"
            + p.p().token()
            + "</p>\n    <sp>"
            + p.sp().token()
            + "</sp>\n    <pct>"
            + p.pct()
            + "</pct>\n  </policy_published>\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String recordXml(ReportRecord r) {
    StringBuilder x = new StringBuilder(640);
    x.append("  <record>\n    <row>\n      <source_ip>")
        .append(r.sourceIp())
        .append("</source_ip>\n      <count>")
        .append(r.count())
        .append("</count>\n      <policy_evaluated>\n        <disposition>")
        .append(r.disposition().token())
        .append("</disposition>\n        <dkim>")
        .append(r.dkim().token())
        .append("</dkim>\n        <spf>")
        .append(r.spf().token())
        .append("</spf>\n");
    for (PolicyOverrideReason reason : r.reasons()) {
      x.append("        <reason>\n          <type>")
          .append(reason.type())
          .append("</type>\n          <comment>")
          .append(reason.comment())
          .append("</comment>\n        </reason>\n");
    }
    x.append("      </policy_evaluated>\n    </row>\n    <identifiers>\n      <header_from>")
        .append(r.headerFrom())
        .append("</header_from>\n      <envelope_from>")
        .append(r.envelopeFrom())
        .append("</envelope_from>\n    </identifiers>\n    <auth_results>\n");
    for (DkimAuthResult d : r.dkimResults()) {
      x.append("      <dkim>\n        <domain>")
          .append(d.domain())
          .append("</domain>\n        <selector>")
          .append(d.selector())
          .append("</selector>\n        <result>")
          .append(d.result().token())
          .append("</result>\n      </dkim>\n");
    }
    for (SpfAuthResult s : r.spfResults()) {
      x.append("      <spf>\n        <domain>")
          .append(s.domain())
          .append("</domain>\n        <scope>")
          .append(s.scope().token())
          .append("</scope>\n        <result>")
          .append(s.result().token())
          .append("</result>\n      </spf>\n");
    }
    return x.append("    </auth_results>\n  </record>\n").toString();
  }
}
