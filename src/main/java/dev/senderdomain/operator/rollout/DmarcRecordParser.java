package dev.senderdomain.operator.rollout;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses a DMARC TXT value such as {@code v=DMARC1; p=reject; rua=mailto:dmarc@example.com} (RFC
 * 7489 6.3/6.4, RFC 9989 4.7). Strict: every known tag is checked, a record that a receiver would
 * discard or misread is an error naming the tag. Unknown tags are kept in {@link
 * DmarcTxtRecord#tags()} and otherwise ignored, as RFC 7489 6.3 requires. Pure: no DNS.
 */
public final class DmarcRecordParser {
  /**
   * A TXT RRset cannot carry more than a DNS message; real DMARC records are a few hundred
   * characters.
   */
  public static final int MAX_LENGTH = 8192;

  private static final Pattern TAG_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
  private static final Pattern DIGITS = Pattern.compile("[0-9]{1,9}");
  private static final Pattern FO = Pattern.compile("[01ds]([ \\t]*:[ \\t]*[01ds])*");
  private static final Pattern RF =
      Pattern.compile("[A-Za-z0-9_-]+([ \\t]*:[ \\t]*[A-Za-z0-9_-]+)*");
  private static final Pattern SIZE = Pattern.compile("(.*)!([0-9]{1,12})([kmgtKMGT]?)");

  private DmarcRecordParser() {}

  /**
   * Whether a TXT value is a DMARC record at all: its first tag is {@code v=DMARC1} (RFC 7489 6.6.3
   * discards every other value at {@code _dmarc.<domain>}), whatever errors follow.
   */
  public static boolean startsAsDmarcRecord(String txt) {
    if (txt == null) {
      return false;
    }
    String first = txt.split(";", 2)[0];
    int eq = first.indexOf('=');
    return eq > 0
        && trimWsp(first.substring(0, eq)).equalsIgnoreCase("v")
        && trimWsp(first.substring(eq + 1)).equals("DMARC1");
  }

  public static DmarcTxtRecord parse(String txt) throws InvalidDmarcRecordException {
    if (txt == null || txt.isBlank()) {
      throw new InvalidDmarcRecordException("DMARC record is empty");
    }
    if (txt.length() > MAX_LENGTH) {
      throw new InvalidDmarcRecordException(
          "DMARC record is longer than " + MAX_LENGTH + " characters");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    String[] parts = txt.split(";", -1);
    for (int i = 0; i < parts.length; i++) {
      String part = trimWsp(parts[i]);
      if (part.isEmpty()) {
        if (i == 0) {
          throw new InvalidDmarcRecordException("DMARC record must start with v=DMARC1");
        }
        continue; // RFC 7489 6.4: a trailing or doubled separator is allowed
      }
      int eq = part.indexOf('=');
      if (eq < 0) {
        throw new InvalidDmarcRecordException(
            i == 0
                ? "DMARC record must start with v=DMARC1"
                : "tag " + quote(part) + " has no '=' (expected name=value)");
      }
      String name = trimWsp(part.substring(0, eq));
      String value = trimWsp(part.substring(eq + 1));
      if (!TAG_NAME.matcher(name).matches()) {
        throw new InvalidDmarcRecordException(
            "tag name " + quote(name) + " is not a valid tag name");
      }
      name = name.toLowerCase(Locale.ROOT);
      if (i == 0 && !(name.equals("v") && value.equals("DMARC1"))) {
        throw new InvalidDmarcRecordException(
            "DMARC record must start with v=DMARC1, found " + quote(part) + " (RFC 7489 6.3)");
      }
      if (i > 0 && name.equals("v")) {
        throw new InvalidDmarcRecordException("v must be the first tag only");
      }
      if (tags.putIfAbsent(name, value) != null) {
        throw new InvalidDmarcRecordException("tag " + name + " appears more than once");
      }
      validate(name, value);
    }
    return new DmarcTxtRecord(tags, uris("rua", tags.get("rua")), uris("ruf", tags.get("ruf")));
  }

  private static void validate(String name, String value) throws InvalidDmarcRecordException {
    switch (name) {
      case "p", "sp", "np" -> oneOf(name, value, "none", "quarantine", "reject");
      case "adkim", "aspf" -> oneOf(name, value, "r", "s");
      case "t" -> oneOf(name, value, "y", "n");
      case "psd" -> oneOf(name, value, "y", "n", "u");
      case "pct" -> {
        if (!DIGITS.matcher(value).matches()
            || value.length() > 3
            || Integer.parseInt(value) > 100) {
          throw new InvalidDmarcRecordException(
              "pct must be a whole number 0..100, found " + quote(value));
        }
      }
      case "ri" -> {
        if (!DIGITS.matcher(value).matches()) {
          throw new InvalidDmarcRecordException(
              "ri must be a number of seconds, found " + quote(value));
        }
      }
      case "fo" -> {
        if (!FO.matcher(value).matches()) {
          throw new InvalidDmarcRecordException(
              "fo must be 0, 1, d or s joined by ':', found " + quote(value));
        }
      }
      case "rf" -> {
        if (!RF.matcher(value).matches()) {
          throw new InvalidDmarcRecordException(
              "rf must be report format keywords joined by ':', found " + quote(value));
        }
      }
      default -> {
        // rua/ruf are checked when split; unknown tags are ignored (RFC 7489 6.3)
      }
    }
  }

  private static void oneOf(String name, String value, String... allowed)
      throws InvalidDmarcRecordException {
    for (String a : allowed) {
      if (a.equalsIgnoreCase(value)) {
        return;
      }
    }
    throw new InvalidDmarcRecordException(
        name + " must be one of " + String.join(", ", allowed) + ", found " + quote(value));
  }

  /**
   * RFC 7489 6.4 dmarc-uri list: {@code URI [ "!" 1*DIGIT [ "k" / "m" / "g" / "t" ] ]}, comma
   * separated.
   */
  private static List<DmarcTxtRecord.ReportUri> uris(String tag, String value)
      throws InvalidDmarcRecordException {
    List<DmarcTxtRecord.ReportUri> out = new ArrayList<>();
    if (value == null) {
      return out;
    }
    for (String raw : value.split(",", -1)) {
      String item = trimWsp(raw);
      if (item.isEmpty()) {
        throw new InvalidDmarcRecordException(tag + " has an empty URI in " + quote(value));
      }
      Long max = null;
      Matcher size = SIZE.matcher(item);
      if (size.matches()) {
        item = size.group(1);
        long n = Long.parseLong(size.group(2));
        int shift =
            switch (size.group(3).toLowerCase(Locale.ROOT)) {
              case "k" -> 10;
              case "m" -> 20;
              case "g" -> 30;
              case "t" -> 40;
              default -> 0;
            };
        if (n > (Long.MAX_VALUE >> shift)) {
          throw new InvalidDmarcRecordException(tag + " size limit is too large in " + quote(raw));
        }
        max = n << shift;
      }
      try {
        URI uri = new URI(item);
        if (uri.getScheme() == null
            || uri.getSchemeSpecificPart() == null
            || uri.getSchemeSpecificPart().isEmpty()) {
          throw new InvalidDmarcRecordException(
              tag + " URI " + quote(item) + " has no scheme (e.g. mailto:)");
        }
        if (uri.getScheme().equalsIgnoreCase("mailto")
            && !uri.getSchemeSpecificPart().contains("@")) {
          throw new InvalidDmarcRecordException(
              tag + " URI " + quote(item) + " is not a mail address");
        }
      } catch (URISyntaxException e) {
        throw new InvalidDmarcRecordException(
            tag
                + " URI "
                + quote(item)
                + " is not a valid URI (commas and"
                + " semicolons inside a URI must be %-encoded, RFC 7489 6.2)");
      }
      out.add(new DmarcTxtRecord.ReportUri(item, max));
    }
    return out;
  }

  /** WSP is space and horizontal tab only (RFC 5234). */
  private static String trimWsp(String s) {
    int from = 0;
    int to = s.length();
    while (from < to && (s.charAt(from) == ' ' || s.charAt(from) == '\t')) {
      from++;
    }
    while (to > from && (s.charAt(to - 1) == ' ' || s.charAt(to - 1) == '\t')) {
      to--;
    }
    return s.substring(from, to);
  }

  /** Quotes untrusted text: at most about 100 characters of output, control characters escaped. */
  private static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    int i = 0;
    for (; i < s.length() && out.length() < 100; i++) {
      char c = s.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return out.append(i < s.length() ? "\"..." : "\"").toString();
  }
}
