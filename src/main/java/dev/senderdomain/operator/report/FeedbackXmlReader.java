package dev.senderdomain.operator.report;

import static dev.senderdomain.operator.report.ReportParseException.quote;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads one {@code <feedback>} document (RFC 7489 appendix C, RFC 9990 3) from XML bytes. Elements
 * are matched by local name, so the RFC 9990 namespace ({@code urn:ietf:params:xml:ns:dmarc-2.0}),
 * the old dmarc.org draft namespace and no namespace at all read the same; unknown elements
 * (extensions, {@code generator}) are skipped. A record with a bad field is skipped and counted
 * ({@link SkippedRecords}); anything else wrong rejects the report.
 */
final class FeedbackXmlReader {
  private final XmlCursor cursor;
  private final ParserLimits limits;
  private final RecordXmlReader records;

  private FeedbackXmlReader(XMLStreamReader reader, ParserLimits limits) {
    this.cursor = new XmlCursor(reader, limits);
    this.limits = limits;
    this.records = new RecordXmlReader(cursor, limits.maxEntriesPerRecord());
  }

  /**
   * Parses {@code xml}; {@code where} names the container for I/O errors ("gzip stream", "zip entry
   * ...").
   */
  static AggregateReport read(InputStream xml, String where, ParserLimits limits)
      throws ReportParseException {
    XMLStreamReader reader = null;
    try {
      reader = ReportXmlInput.open(xml, limits);
      return new FeedbackXmlReader(reader, limits).feedback();
    } catch (XMLStreamException e) {
      throw XmlFailures.describe(e, where);
    } catch (IOException e) {
      throw XmlFailures.describe(e, where);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // closing a StAX reader releases nothing we own; the stream is closed by the caller
        }
      }
    }
  }

  private AggregateReport feedback() throws XMLStreamException, ReportParseException {
    String root = cursor.root();
    if (!root.equals("feedback")) {
      throw new ReportParseException(
          "root element is " + quote(root) + ", expected feedback (not a DMARC report)");
    }
    String version = null;
    ReportMetadata metadata = null;
    PolicyPublished policy = null;
    List<ReportRecord> list = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    int skippedBeyond = 0;
    long messages = 0;
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "version" -> version = once(version);
        case "report_metadata" -> metadata = metadata(metadata == null);
        case "policy_published" -> policy = policy(policy == null);
        case "record" -> {
          int number = list.size() + skipped.size() + skippedBeyond + 1;
          if (number > limits.maxRecords()) {
            throw new ReportParseException(
                "report has more than " + limits.maxRecords() + " records (limit maxRecords)");
          }
          int depth = cursor.depth();
          ReportRecord record;
          try {
            record = records.record(number);
          } catch (RecordFieldException e) {
            // one bad row must not cost the receiver's whole report: skip it, say why
            cursor.leave(depth);
            if (skipped.size() < SkippedRecords.MAX_REASONS) {
              skipped.add(e.getMessage());
            } else {
              skippedBeyond++;
            }
            continue;
          }
          try {
            messages = Math.addExact(messages, record.count());
          } catch (ArithmeticException e) {
            throw new ReportParseException(
                "message counts add up to more than 2^63-1 at record " + number);
          }
          list.add(record);
        }
        default -> cursor.skip();
      }
    }
    cursor.finish();
    if (metadata == null) {
      throw new ReportParseException("report has no report_metadata");
    }
    if (policy == null) {
      throw new ReportParseException("report has no policy_published");
    }
    return new AggregateReport(
        withVersion(metadata, ReportValues.optional(version == null ? "" : version)),
        policy,
        list,
        skipped.isEmpty()
            ? SkippedRecords.NONE
            : new SkippedRecords(skipped.size() + skippedBeyond, skipped));
  }

  private ReportMetadata metadata(boolean first) throws XMLStreamException, ReportParseException {
    duplicateUnless(first);
    String orgName = null;
    String email = null;
    String extra = null;
    String reportId = null;
    Instant[] range = null;
    List<String> errors = new ArrayList<>();
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "org_name" -> orgName = once(orgName);
        case "email" -> email = once(email);
        case "extra_contact_info" -> extra = once(extra);
        case "report_id" -> reportId = once(reportId);
        case "error" -> errors.add(cursor.text());
        case "date_range" -> {
          duplicateUnless(range == null);
          range = dateRange();
        }
        default -> cursor.skip();
      }
    }
    if (range == null) {
      throw new ReportParseException("report_metadata has no date_range");
    }
    if (reportId == null || reportId.isEmpty()) {
      throw new ReportParseException("report_metadata has no report_id");
    }
    errors.removeIf(String::isEmpty);
    return new ReportMetadata(
        orgName == null ? "" : orgName,
        ReportValues.optional(email == null ? "" : email),
        ReportValues.optional(extra == null ? "" : extra),
        reportId,
        range[0],
        range[1],
        errors,
        null);
  }

  private Instant[] dateRange() throws XMLStreamException, ReportParseException {
    Instant begin = null;
    Instant end = null;
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "begin" -> {
          duplicateUnless(begin == null);
          begin = ReportValues.epochSeconds(cursor.text(), at("report_metadata/date_range/begin"));
        }
        case "end" -> {
          duplicateUnless(end == null);
          end = ReportValues.epochSeconds(cursor.text(), at("report_metadata/date_range/end"));
        }
        default -> cursor.skip();
      }
    }
    if (begin == null || end == null) {
      throw new ReportParseException(
          "report_metadata/date_range has no " + (begin == null ? "begin" : "end"));
    }
    if (end.isBefore(begin)) {
      throw new ReportParseException(
          "report_metadata/date_range ends (" + end + ") before it begins (" + begin + ")");
    }
    return new Instant[] {begin, end};
  }

  private PolicyPublished policy(boolean first) throws XMLStreamException, ReportParseException {
    duplicateUnless(first);
    String[] v = new String[PolicyField.values().length];
    while (cursor.nextChild()) {
      PolicyField f = PolicyField.byElement(cursor.name());
      if (f == null) {
        cursor.skip();
      } else {
        v[f.ordinal()] = once(v[f.ordinal()]);
      }
    }
    for (int i = 0; i < v.length; i++) {
      v[i] = v[i] == null ? "" : v[i];
    }
    String p = v[PolicyField.P.ordinal()];
    if (p.isEmpty()) {
      throw new ReportParseException("policy_published has no p (requested policy)");
    }
    String policies = "none, quarantine or reject";
    String alignment = "r or s";
    return new PolicyPublished(
        records.intern(ReportValues.optional(v[PolicyField.DOMAIN.ordinal()])),
        ReportValues.token(
            v[PolicyField.ADKIM.ordinal()],
            at("policy_published/adkim"),
            Alignment::fromXml,
            alignment),
        ReportValues.token(
            v[PolicyField.ASPF.ordinal()],
            at("policy_published/aspf"),
            Alignment::fromXml,
            alignment),
        ReportValues.token(p, at("policy_published/p"), RequestedPolicy::fromXml, policies),
        ReportValues.token(
            v[PolicyField.SP.ordinal()],
            at("policy_published/sp"),
            RequestedPolicy::fromXml,
            policies),
        ReportValues.token(
            v[PolicyField.NP.ordinal()],
            at("policy_published/np"),
            RequestedPolicy::fromXml,
            policies),
        ReportValues.percent(v[PolicyField.PCT.ordinal()], at("policy_published/pct")),
        ReportValues.flag(v[PolicyField.TESTING.ordinal()], at("policy_published/testing")),
        ReportValues.optional(
            v[PolicyField.DISCOVERY_METHOD.ordinal()].toLowerCase(java.util.Locale.ROOT)),
        ReportValues.optional(v[PolicyField.FO.ordinal()]));
  }

  private static ReportValues.Field at(String path) {
    return new ReportValues.Field(path);
  }

  /** Reads a field that may appear at most once in its parent. */
  private String once(String previous) throws XMLStreamException, ReportParseException {
    duplicateUnless(previous == null);
    return cursor.text();
  }

  private void duplicateUnless(boolean first) throws ReportParseException {
    if (!first) {
      throw new ReportParseException(cursor.path() + " appears more than once");
    }
  }

  private static ReportMetadata withVersion(ReportMetadata m, String version) {
    return new ReportMetadata(
        m.orgName(),
        m.email(),
        m.extraContactInfo(),
        m.reportId(),
        m.begin(),
        m.end(),
        m.errors(),
        version);
  }

  private enum PolicyField {
    DOMAIN,
    ADKIM,
    ASPF,
    P,
    SP,
    NP,
    PCT,
    TESTING,
    DISCOVERY_METHOD,
    FO;

    static PolicyField byElement(String name) {
      for (PolicyField f : values()) {
        if (f.name().equalsIgnoreCase(name)) {
          return f;
        }
      }
      return null;
    }
  }
}
