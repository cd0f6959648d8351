package dev.senderdomain.operator.dns;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The few operations the planner needs on SPF values (RFC 7208): recognise, merge our terms in,
 * take them out.
 */
public final class SpfRecord {
  private SpfRecord() {}

  /**
   * RFC 7208 4.5: a record is SPF when it starts with exactly "v=spf1" followed by a space or
   * nothing.
   */
  public static boolean isSpf(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    return v.equals("v=spf1") || v.startsWith("v=spf1 ");
  }

  /** The terms after the version, in order. */
  public static List<String> terms(String value) {
    String[] parts = value.trim().split("\\s+");
    List<String> terms = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      terms.add(parts[i]);
    }
    return terms;
  }

  /**
   * Our mechanisms, to merge into someone else's record: everything but {@code all} (their policy
   * stays).
   */
  public static List<String> mergeableTerms(String ourValue) {
    return terms(ourValue).stream().filter(t -> !isAll(t)).toList();
  }

  /**
   * {@code foreign} with those of {@code ours} it lacks inserted before its {@code all} (mechanisms
   * after {@code all} are never reached, RFC 7208 5.1) or, without one, before its first modifier
   * ({@code redirect=}, {@code exp=}).
   */
  public static String merge(String foreign, List<String> ours) {
    List<String> terms = terms(foreign);
    int at = terms.size();
    for (int i = 0; i < terms.size(); i++) {
      if (isAll(terms.get(i)) || terms.get(i).contains("=")) {
        at = i;
        break;
      }
    }
    List<String> added = added(foreign, ours);
    List<String> out = new ArrayList<>(terms.subList(0, at));
    out.addAll(added);
    out.addAll(terms.subList(at, terms.size()));
    return render(foreign, out);
  }

  /**
   * The terms of {@code ours} that {@code foreign} does not already have (those are what merging
   * adds).
   */
  public static List<String> added(String foreign, List<String> ours) {
    List<String> have = terms(foreign).stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    return ours.stream()
        .filter(t -> !have.contains(t.toLowerCase(Locale.ROOT)))
        .distinct()
        .toList();
  }

  /** {@code value} without {@code ours} (case-insensitive). */
  public static String unmerge(String value, List<String> ours) {
    List<String> drop = ours.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    return render(
        value,
        terms(value).stream().filter(t -> !drop.contains(t.toLowerCase(Locale.ROOT))).toList());
  }

  private static String render(String original, List<String> terms) {
    String version = original.trim().split("\\s+")[0];
    return terms.isEmpty() ? version : version + " " + String.join(" ", terms);
  }

  private static boolean isAll(String term) {
    String t = term.toLowerCase(Locale.ROOT);
    return t.equals("all")
        || (t.length() == 4 && "+-~?".indexOf(t.charAt(0)) >= 0 && t.endsWith("all"));
  }
}
