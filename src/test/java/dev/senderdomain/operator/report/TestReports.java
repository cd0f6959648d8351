package dev.senderdomain.operator.report;

import java.time.Instant;
import java.util.List;

/**
 * Small hand-built reports for store, gate and dashboard tests (the model's own constructors, no
 * parser).
 */
public final class TestReports {
  private TestReports() {}

  public static AggregateReport report(
      String org, String id, String domain, Instant begin, ReportRecord... records) {
    ReportMetadata meta =
        new ReportMetadata(
            org,
            "noreply-dmarc@" + org.replaceAll("[^a-z.]", "") + ".example",
            null,
            id,
            begin,
            begin.plusSeconds(86_399),
            List.of(),
            "1.0");
    PolicyPublished policy =
        new PolicyPublished(
            domain,
            Alignment.RELAXED,
            Alignment.RELAXED,
            RequestedPolicy.NONE,
            null,
            null,
            100,
            null,
            null,
            null);
    return new AggregateReport(meta, policy, List.of(records));
  }

  /** A record; dkim/spf are the aligned (policy_evaluated) verdicts. */
  public static ReportRecord record(
      String ip,
      long count,
      boolean dkim,
      boolean spf,
      Disposition disposition,
      String... reasons) {
    return new ReportRecord(
        ip,
        count,
        disposition,
        dkim ? DmarcResult.PASS : DmarcResult.FAIL,
        spf ? DmarcResult.PASS : DmarcResult.FAIL,
        java.util.Arrays.stream(reasons).map(r -> new PolicyOverrideReason(r, null)).toList(),
        "example.com",
        null,
        null,
        List.of(),
        List.of());
  }

  public static ReportRecord pass(String ip, long count) {
    return record(ip, count, true, true, Disposition.NONE);
  }

  public static ReportRecord fail(String ip, long count) {
    return record(ip, count, false, false, Disposition.NONE);
  }

  /** The report as RFC 7489 appendix C XML (text escaped), for feeding the real parser. */
  public static byte[] xml(AggregateReport r) {
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n");
    x.append("<report_metadata><org_name>")
        .append(esc(r.metadata().orgName()))
        .append("</org_name><email>")
        .append(esc(r.metadata().email()))
        .append("</email><report_id>")
        .append(esc(r.metadata().reportId()))
        .append("</report_id><date_range><begin>")
        .append(r.metadata().begin().getEpochSecond())
        .append("</begin><end>")
        .append(r.metadata().end().getEpochSecond())
        .append("</end></date_range></report_metadata>\n");
    x.append("<policy_published><domain>")
        .append(esc(r.policy().domain()))
        .append("</domain><p>")
        .append(r.policy().p().token())
        .append("</p><pct>")
        .append(r.policy().pct())
        .append("</pct></policy_published>\n");
    for (ReportRecord rec : r.records()) {
      x.append("<record><row><source_ip>")
          .append(rec.sourceIp())
          .append("</source_ip><count>")
          .append(rec.count())
          .append("</count><policy_evaluated><disposition>")
          .append(rec.disposition().token())
          .append("</disposition><dkim>")
          .append(rec.dkim().token())
          .append("</dkim><spf>")
          .append(rec.spf().token())
          .append("</spf>");
      for (PolicyOverrideReason reason : rec.reasons()) {
        x.append("<reason><type>").append(esc(reason.type())).append("</type></reason>");
      }
      x.append("</policy_evaluated></row><identifiers><header_from>")
          .append(esc(rec.headerFrom()))
          .append("</header_from>");
      if (rec.envelopeFrom() != null) {
        x.append("<envelope_from>").append(esc(rec.envelopeFrom())).append("</envelope_from>");
      }
      x.append("</identifiers><auth_results>");
      if (rec.dkimResults().isEmpty() && rec.spfResults().isEmpty()) {
        // records built without results get the SPF result their aligned verdict implies
        x.append("<spf><domain>")
            .append(esc(rec.headerFrom()))
            .append("</domain><result>")
            .append(rec.spfPass() ? "pass" : "fail")
            .append("</result></spf>");
      }
      for (DkimAuthResult d : rec.dkimResults()) {
        x.append("<dkim><domain>")
            .append(esc(d.domain()))
            .append("</domain><selector>")
            .append(esc(d.selector()))
            .append("</selector><result>")
            .append(d.result().token())
            .append("</result></dkim>");
      }
      for (SpfAuthResult sp : rec.spfResults()) {
        x.append("<spf><domain>")
            .append(esc(sp.domain()))
            .append("</domain><scope>")
            .append(sp.scope() == null ? "mfrom" : sp.scope().token())
            .append("</scope><result>")
            .append(sp.result().token())
            .append("</result></spf>");
      }
      x.append("</auth_results></record>\n");
    }
    return x.append("</feedback>\n").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  public static byte[] gzip(byte[] data) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
      gz.write(data);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  public static byte[] zip(String name, byte[] data) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(out)) {
      zip.putNextEntry(new java.util.zip.ZipEntry(name));
      zip.write(data);
      zip.closeEntry();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String esc(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
