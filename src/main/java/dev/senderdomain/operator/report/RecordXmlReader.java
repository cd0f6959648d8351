package dev.senderdomain.operator.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;

/**
 * Reads {@code record} elements (RFC 7489 appendix C: row, identifiers, auth_results). Repeated
 * strings (domains, selectors, results text) are shared between records, which keeps a
 * 200,000-record report in a small heap. A bad field throws {@link RecordFieldException} (the
 * caller skips the record); a limit throws a plain {@link ReportParseException}.
 */
final class RecordXmlReader {
  /**
   * Enough for every domain and selector of a real report; beyond it strings are simply not shared.
   */
  private static final int SHARED_STRINGS = 16_384;

  private final XmlCursor cursor;
  private final int maxEntries;
  private final Map<String, String> shared = new HashMap<>();
  private int index;

  RecordXmlReader(XmlCursor cursor, int maxEntries) {
    this.cursor = cursor;
    this.maxEntries = maxEntries;
  }

  ReportRecord record(int index) throws XMLStreamException, ReportParseException {
    this.index = index;
    Row row = null;
    String[] ids = null;
    List<DkimAuthResult> dkim = new ArrayList<>(2);
    List<SpfAuthResult> spf = new ArrayList<>(2);
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "row" -> {
          duplicateUnless(row == null);
          row = row();
        }
        // Google's 2012 reports wrote <identities> for what RFC 7489 calls <identifiers>.
        case "identifiers", "identities" -> {
          duplicateUnless(ids == null);
          ids = identifiers();
        }
        case "auth_results" -> authResults(dkim, spf);
        default -> cursor.skip();
      }
    }
    if (row == null || row.count == null) {
      throw new RecordFieldException("record " + index + " has no row/count");
    }
    ids = ids == null ? new String[3] : ids;
    return new ReportRecord(
        row.sourceIp,
        row.count,
        row.disposition,
        row.dkim,
        row.spf,
        row.reasons,
        ids[0],
        ids[1],
        ids[2],
        dkim,
        spf);
  }

  private Row row() throws XMLStreamException, ReportParseException {
    Row row = new Row();
    boolean sourceIp = false;
    boolean evaluated = false;
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "source_ip" -> {
          duplicateUnless(!sourceIp);
          sourceIp = true;
          row.sourceIp = intern(ReportValues.ip(cursor.text(), field("record/row/source_ip")));
        }
        case "count" -> {
          duplicateUnless(row.count == null);
          row.count = ReportValues.count(cursor.text(), field("record/row/count"));
        }
        case "policy_evaluated" -> {
          duplicateUnless(!evaluated);
          evaluated = true;
          policyEvaluated(row);
        }
        default -> cursor.skip();
      }
    }
    return row;
  }

  private void policyEvaluated(Row row) throws XMLStreamException, ReportParseException {
    boolean disposition = false;
    boolean dkim = false;
    boolean spf = false;
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "disposition" -> {
          duplicateUnless(!disposition);
          disposition = true;
          row.disposition =
              ReportValues.token(
                  cursor.text(),
                  field("record/row/policy_evaluated/disposition"),
                  Disposition::fromXml,
                  "none, pass, quarantine or reject");
        }
        case "dkim" -> {
          duplicateUnless(!dkim);
          dkim = true;
          row.dkim =
              ReportValues.token(
                  cursor.text(),
                  field("record/row/policy_evaluated/dkim"),
                  DmarcResult::fromXml,
                  "pass or fail");
        }
        case "spf" -> {
          duplicateUnless(!spf);
          spf = true;
          row.spf =
              ReportValues.token(
                  cursor.text(),
                  field("record/row/policy_evaluated/spf"),
                  DmarcResult::fromXml,
                  "pass or fail");
        }
        case "reason" -> {
          PolicyOverrideReason reason = reason();
          if (reason.type() != null || reason.comment() != null) {
            limit(row.reasons.size(), "policy_evaluated/reason");
            row.reasons.add(reason);
          }
        }
        default -> cursor.skip();
      }
    }
  }

  private PolicyOverrideReason reason() throws XMLStreamException, ReportParseException {
    String[] v = fields("type", "comment");
    return new PolicyOverrideReason(intern(lower(v[0])), intern(ReportValues.optional(v[1])));
  }

  private String[] identifiers() throws XMLStreamException, ReportParseException {
    String[] v = fields("header_from", "envelope_from", "envelope_to");
    for (int i = 0; i < v.length; i++) {
      v[i] = intern(ReportValues.optional(v[i]));
    }
    return v;
  }

  private void authResults(List<DkimAuthResult> dkim, List<SpfAuthResult> spf)
      throws XMLStreamException, ReportParseException {
    while (cursor.nextChild()) {
      switch (cursor.name()) {
        case "dkim" -> {
          String[] v = fields("domain", "selector", "result", "human_result");
          if (allEmpty(v)) {
            continue; // an empty <dkim/> says nothing
          }
          limit(dkim.size(), "auth_results/dkim");
          dkim.add(
              new DkimAuthResult(
                  intern(ReportValues.optional(v[0])),
                  intern(ReportValues.optional(v[1])),
                  ReportValues.token(
                      v[2],
                      field("record/auth_results/dkim/result"),
                      AuthResult::fromXml,
                      "an RFC 8601 DKIM result"),
                  intern(ReportValues.optional(v[3]))));
        }
        case "spf" -> {
          String[] v = fields("domain", "scope", "result", "human_result");
          if (allEmpty(v)) {
            continue; // an empty <spf/> says nothing
          }
          limit(spf.size(), "auth_results/spf");
          spf.add(
              new SpfAuthResult(
                  intern(ReportValues.optional(v[0])),
                  ReportValues.token(
                      v[1],
                      field("record/auth_results/spf/scope"),
                      SpfScope::fromXml,
                      "helo or mfrom"),
                  ReportValues.token(
                      v[2],
                      field("record/auth_results/spf/result"),
                      AuthResult::fromXml,
                      "an RFC 8601 SPF result"),
                  intern(ReportValues.optional(v[3]))));
        }
        default -> cursor.skip();
      }
    }
  }

  /** Reads the named single-occurrence leaf children of the current element; absent ones are "". */
  private String[] fields(String... names) throws XMLStreamException, ReportParseException {
    String[] values = new String[names.length];
    while (cursor.nextChild()) {
      int i = indexOf(names, cursor.name());
      if (i < 0) {
        cursor.skip();
      } else {
        duplicateUnless(values[i] == null);
        values[i] = cursor.text();
      }
    }
    for (int i = 0; i < values.length; i++) {
      values[i] = values[i] == null ? "" : values[i];
    }
    return values;
  }

  /**
   * Shares equal strings between records (bounded, so hostile variety cannot grow it without
   * limit).
   */
  String intern(String value) {
    if (value == null) {
      return null;
    }
    String known = shared.get(value);
    if (known != null) {
      return known;
    }
    if (shared.size() < SHARED_STRINGS) {
      shared.put(value, value);
    }
    return value;
  }

  private ReportValues.Field field(String path) {
    return new ReportValues.Field(path, index);
  }

  private void duplicateUnless(boolean first) throws ReportParseException {
    if (!first) {
      throw new RecordFieldException(field(cursor.path()) + " appears more than once");
    }
  }

  private void limit(int size, String what) throws ReportParseException {
    if (size >= maxEntries) {
      throw new ReportParseException(
          "record "
              + index
              + " has more than "
              + maxEntries
              + " "
              + what
              + " entries (limit maxEntriesPerRecord)");
    }
  }

  private static boolean allEmpty(String[] values) {
    for (String v : values) {
      if (!v.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static String lower(String s) {
    return s.isEmpty() ? null : s.toLowerCase(java.util.Locale.ROOT);
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static final class Row {
    String sourceIp;
    Long count;
    Disposition disposition;
    DmarcResult dkim;
    DmarcResult spf;
    final List<PolicyOverrideReason> reasons = new ArrayList<>(0);
  }
}
