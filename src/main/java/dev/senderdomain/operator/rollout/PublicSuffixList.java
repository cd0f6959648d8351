package dev.senderdomain.operator.rollout;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The public suffix list (publicsuffix.org), used by RFC 7489 section 3.2 to find a domain's
 * organizational domain, and by us as the fallback when there is no DNS for the RFC 9989 tree walk.
 * Reads the Debian {@code publicsuffix} package's copy if installed; otherwise a tiny built-in list
 * that covers the common suffixes (never the network).
 */
public final class PublicSuffixList {
  public static final Path DEBIAN_LIST = Path.of("/usr/share/publicsuffix/public_suffix_list.dat");
  private static final List<String> BUILT_IN =
      List.of(
          "com", "net", "org", "edu", "gov", "mil", "int", "io", "dev", "app", "info", "biz", "eu",
          "de", "fr", "nl", "be", "ch", "at", "it", "es", "se", "no", "dk", "fi", "pl", "ie", "us",
          "ca", "jp", "cn", "in", "br", "ru", "uk", "co.uk", "org.uk", "ac.uk", "gov.uk", "au",
          "com.au", "net.au", "org.au", "nz", "co.nz", "jp", "co.jp", "ne.jp", "or.jp", "za",
          "co.za", "com.br", "com.cn");

  private final Set<String> rules;
  private final Set<String> wildcards;
  private final Set<String> exceptions;
  private final String source;

  private PublicSuffixList(
      Set<String> rules, Set<String> wildcards, Set<String> exceptions, String source) {
    this.rules = rules;
    this.wildcards = wildcards;
    this.exceptions = exceptions;
    this.source = source;
  }

  /** The Debian list if readable, else the built-in one. */
  public static PublicSuffixList load() {
    if (Files.isReadable(DEBIAN_LIST)) {
      try (Reader r = Files.newBufferedReader(DEBIAN_LIST, StandardCharsets.UTF_8)) {
        return parse(r, DEBIAN_LIST.toString());
      } catch (IOException | RuntimeException e) {
        // fall back to the built-in list: an unreadable list must not stop the operator
      }
    }
    return builtIn();
  }

  public static PublicSuffixList builtIn() {
    try {
      return parse(new StringReader(String.join("\n", BUILT_IN)), "built-in");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses the publicsuffix.org format: one rule a line, {@code //} comments, {@code *.} wildcards,
   * {@code !} exceptions.
   */
  public static PublicSuffixList parse(Reader reader, String source) throws IOException {
    Set<String> rules = new HashSet<>();
    Set<String> wildcards = new HashSet<>();
    Set<String> exceptions = new HashSet<>();
    BufferedReader in = new BufferedReader(reader);
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String rule = line.strip();
      int space = rule.indexOf(' ');
      rule = space < 0 ? rule : rule.substring(0, space);
      if (rule.isEmpty() || rule.startsWith("//")) {
        continue;
      }
      if (rule.startsWith("!")) {
        exceptions.add(ascii(rule.substring(1)));
      } else if (rule.startsWith("*.")) {
        wildcards.add(ascii(rule.substring(2)));
      } else {
        rules.add(ascii(rule));
      }
    }
    return new PublicSuffixList(rules, wildcards, exceptions, source);
  }

  /** Where the list came from: a file path or "built-in". */
  public String source() {
    return source;
  }

  /**
   * The organizational domain per RFC 7489 3.2: the public suffix plus one label. A name that is
   * itself a public suffix is its own organizational domain. An unlisted TLD counts as a public
   * suffix (the list's "*" rule).
   */
  public String organizationalDomain(String domain) {
    String name = ascii(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    String[] labels = name.split("\\.");
    int suffixLabels = 1;
    for (int i = 0; i < labels.length; i++) {
      String candidate = String.join(".", List.of(labels).subList(i, labels.length));
      int n = labels.length - i;
      if (rules.contains(candidate)) {
        suffixLabels = Math.max(suffixLabels, n);
      }
      if (i > 0 && wildcards.contains(candidate)) {
        suffixLabels = Math.max(suffixLabels, n + 1);
      }
    }
    // An exception rule wins over the wildcard that would otherwise match (publicsuffix.org
    // algorithm).
    for (int i = 0; i < labels.length; i++) {
      String candidate = String.join(".", List.of(labels).subList(i, labels.length));
      if (exceptions.contains(candidate)) {
        suffixLabels = labels.length - i - 1;
        break;
      }
    }
    int keep = Math.min(labels.length, suffixLabels + 1);
    return String.join(".", List.of(labels).subList(labels.length - keep, labels.length));
  }

  private static String ascii(String name) {
    return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
  }
}
