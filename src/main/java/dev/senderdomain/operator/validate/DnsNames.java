package dev.senderdomain.operator.validate;

import dev.senderdomain.operator.dns.DomainNames;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks on host names and labels (RFC 1035 2.3.4, RFC 5890 for IDNA), giving the name in the
 * operator's one spelling ({@link DomainNames}). Pure.
 */
public final class DnsNames {
  private static final Pattern LDH_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9-]*[a-z0-9])?$");
  // Underscore labels (_spf, _domainkey) are legal in DNS names, just not in host names (RFC 8552).
  private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$");

  private DnsNames() {}

  /**
   * The ASCII (punycode) form of a domain, or empty with the reason in {@code problem}. Accepts
   * internationalized names; refuses spaces, empty labels, labels over 63 octets, names over 253
   * octets and single-label names.
   */
  public static String toAsciiDomain(String input, boolean allowUnderscore, StringBuilder problem) {
    if (input == null || input.isBlank()) {
      problem.append("must not be empty");
      return null;
    }
    String name = input.endsWith(".") ? input.substring(0, input.length() - 1) : input;
    if (!name.equals(name.strip())
        || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      problem.append("must not contain spaces or control characters");
      return null;
    }
    if (name.isEmpty() || name.startsWith(".") || name.contains("..")) {
      problem.append("has an empty label");
      return null;
    }
    for (String label : name.split("\\.")) {
      // IDN.toASCII refuses long labels with a vague message; say which label and why first.
      if (label.chars().allMatch(c -> c < 128) && label.length() > 63) {
        problem.append("has a label longer than 63 octets ('" + abbreviate(label) + "')");
        return null;
      }
    }
    String ascii;
    try {
      ascii = DomainNames.toAscii(name);
    } catch (IllegalArgumentException e) {
      problem.append("is not a valid internationalized domain name");
      return null;
    }
    if (ascii.length() > 253) {
      problem.append("is longer than 253 octets");
      return null;
    }
    String[] labels = ascii.split("\\.", -1);
    if (labels.length < 2) {
      problem.append("must have at least two labels, e.g. example.com");
      return null;
    }
    for (String label : labels) {
      Optional<String> p = labelProblem(label, allowUnderscore);
      if (p.isPresent()) {
        problem.append(p.get());
        return null;
      }
    }
    // A top-level label is never all digits (RFC 3696 2), so such a name is an IP address written
    // where a name belongs (_dmarc.198.51.100.7 would be published) or a typo; nothing resolves it.
    if (labels[labels.length - 1].chars().allMatch(c -> c >= '0' && c <= '9')) {
      problem.append(
          labels.length == 4 && ascii.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))
              ? "is an IP address, not a domain name"
              : "has an all-numeric top-level label, so it is not a domain name (RFC 3696 2)");
      return null;
    }
    return ascii;
  }

  /** Why a single label is invalid, if it is. */
  public static Optional<String> labelProblem(String label, boolean allowUnderscore) {
    if (label.isEmpty()) {
      return Optional.of("has an empty label");
    }
    if (label.length() > 63) {
      return Optional.of("has a label longer than 63 octets ('" + abbreviate(label) + "')");
    }
    Pattern p = allowUnderscore ? DNS_LABEL : LDH_LABEL;
    if (!p.matcher(label.toLowerCase(Locale.ROOT)).matches()) {
      return Optional.of(
          "has an invalid label '"
              + abbreviate(label)
              + "' (letters, digits and inner hyphens only)");
    }
    return Optional.empty();
  }

  static String abbreviate(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 40 ? printable.substring(0, 40) + "..." : printable;
  }
}
