package dev.senderdomain.operator.report.dashboard;

import dev.senderdomain.operator.report.dashboard.Table.Cell;
import dev.senderdomain.operator.report.dashboard.Table.Column;
import dev.senderdomain.operator.report.sender.SenderAnalysis;
import dev.senderdomain.operator.report.store.AuthTallies;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The raw authentication results as tables: DKIM by (d=, s=, result), SPF by (domain, scope,
 * result), and the header/envelope From pairs, each with whether the domain aligns with the policy
 * domain (same organizational domain, RFC 7489 3.1 relaxed): "which selector fails for Microsoft?",
 * "who sends as us with an envelope elsewhere?".
 */
final class AuthTables {
  private AuthTables() {}

  static Table dkim(String id, String domain, List<AuthTallies.Dkim> tallies) {
    Map<List<String>, Long> sums = new TreeMap<>(AuthTables::compare);
    for (AuthTallies.Dkim d : tallies) {
      sums.merge(List.of(d.domain(), d.selector(), d.result()), d.messages(), Long::sum);
    }
    Table.Builder t =
        new Table.Builder(id, "DKIM results")
            .note("Signatures receivers checked, before alignment; messages carrying each.")
            .columns(
                Column.text("Domain (d=)"),
                Column.text("Selector (s=)"),
                Column.text("Result"),
                Column.text("Aligned"),
                Column.number("Messages"))
            .shown(DomainReportView.SHOWN);
    for (Map.Entry<List<String>, Long> e : sorted(sums)) {
      List<String> k = e.getKey();
      t.row(
          Cell.of(k.get(0)),
          Cell.of(k.get(1)),
          result(k.get(2)),
          Cell.of(aligned(k.get(0), domain)),
          Cell.number(e.getValue()));
    }
    return t.build();
  }

  static Table spf(String id, String domain, List<AuthTallies.Spf> tallies) {
    Map<List<String>, Long> sums = new TreeMap<>(AuthTables::compare);
    for (AuthTallies.Spf s : tallies) {
      sums.merge(List.of(s.domain(), s.scope(), s.result()), s.messages(), Long::sum);
    }
    Table.Builder t =
        new Table.Builder(id, "SPF results")
            .note("SPF checks receivers made, before alignment (only mfrom can align).")
            .columns(
                Column.text("Domain"),
                Column.text("Scope"),
                Column.text("Result"),
                Column.text("Aligned"),
                Column.number("Messages"))
            .shown(DomainReportView.SHOWN);
    for (Map.Entry<List<String>, Long> e : sorted(sums)) {
      List<String> k = e.getKey();
      t.row(
          Cell.of(k.get(0)),
          Cell.of(k.get(1)),
          result(k.get(2)),
          Cell.of(k.get(1).equals("helo") ? "no (helo)" : aligned(k.get(0), domain)),
          Cell.number(e.getValue()));
    }
    return t.build();
  }

  static Table identifiers(String domain, List<AuthTallies.Identifiers> rows) {
    Table.Builder t =
        new Table.Builder("identifiers", "From and envelope From")
            .note(
                "header_from is what recipients see; envelope_from (the return path) is what SPF"
                    + " checks. An envelope outside your domain never aligns SPF.")
            .columns(
                Column.text("header_from"),
                Column.text("envelope_from"),
                Column.text("Envelope aligned"),
                Column.number("Messages"),
                Column.number("DMARC pass"))
            .shown(DomainReportView.SHOWN);
    for (AuthTallies.Identifiers r : rows) {
      t.row(
          Cell.of(r.headerFrom()),
          Cell.of(r.envelopeFrom()),
          Cell.of(r.envelopeFrom().isEmpty() ? "" : aligned(r.envelopeFrom(), domain)),
          Cell.number(r.messages()),
          Cell.share(r.dmarcPass(), r.messages()));
    }
    return t.build();
  }

  static Cell result(String result) {
    return switch (result) {
      case "pass" -> Cell.badge("pass", "expected");
      case "" -> Cell.of("");
      case "none", "neutral" -> Cell.badge(result, "forwarder");
      default -> Cell.badge(result, "unknown");
    };
  }

  static String aligned(String other, String domain) {
    if (other == null || other.isEmpty()) {
      return "";
    }
    return SenderAnalysis.baseDomain(other).equals(SenderAnalysis.baseDomain(domain))
        ? "yes"
        : "no";
  }

  private static List<Map.Entry<List<String>, Long>> sorted(Map<List<String>, Long> sums) {
    List<Map.Entry<List<String>, Long>> out = new ArrayList<>(sums.entrySet());
    out.sort(Map.Entry.<List<String>, Long>comparingByValue(Comparator.reverseOrder()));
    return out;
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }
}
