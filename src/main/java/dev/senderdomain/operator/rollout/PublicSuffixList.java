package dev.senderdomain.operator.rollout;

import com.google.common.net.InternetDomainName;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.net.IDN;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The public suffix list (publicsuffix.org), used by RFC 7489 section 3.2 to find a domain's
 * organizational domain, and by us as the fallback when there is no DNS for the RFC 9989 tree walk.
 *
 * <p>{@link #bundled()} is the whole list (ICANN and private sections, as OpenDMARC and other RFC
 * 7489 receivers use it) as Guava's {@link InternetDomainName} ships it inside the jar: the
 * container image has no {@code /usr/share/publicsuffix}, and a list read from the host would
 * differ from machine to machine. It is as current as the Guava release the build takes.
 */
public abstract sealed class PublicSuffixList
    permits PublicSuffixList.Bundled, PublicSuffixList.Parsed {
  private static final PublicSuffixList BUNDLED = new Bundled();

  private PublicSuffixList() {}

  /** The list inside the jar. */
  public static PublicSuffixList bundled() {
    return BUNDLED;
  }

  /**
   * A list in the publicsuffix.org format: one rule a line, {@code //} comments, {@code *.}
   * wildcards, {@code !} exceptions (for tests, and for a list a user wants instead).
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
    return new Parsed(rules, wildcards, exceptions, source);
  }

  /** Where the list came from. */
  public abstract String source();

  /**
   * The organizational domain per RFC 7489 3.2: the public suffix plus one label. A name that is
   * itself a public suffix is its own organizational domain. An unlisted TLD counts as a public
   * suffix (the list's implicit "*" rule).
   */
  public final String organizationalDomain(String domain) {
    String name = ascii(domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain);
    List<String> labels = List.of(name.split("\\."));
    int keep = Math.min(labels.size(), suffixLabels(name, labels) + 1);
    return String.join(".", labels.subList(labels.size() - keep, labels.size()));
  }

  /** How many trailing labels of {@code name} are its public suffix (at least 1). */
  abstract int suffixLabels(String name, List<String> labels);

  static String ascii(String name) {
    return IDN.toASCII(name, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
  }

  /** Guava's copy of the list. */
  static final class Bundled extends PublicSuffixList {
    @Override
    public String source() {
      return "publicsuffix.org list bundled with Guava "
          + InternetDomainName.class.getPackage().getImplementationVersion();
    }

    @Override
    int suffixLabels(String name, List<String> labels) {
      try {
        InternetDomainName parsed = InternetDomainName.from(name);
        if (parsed.isPublicSuffix()) {
          return labels.size();
        }
        if (parsed.hasPublicSuffix()) {
          return parsed.publicSuffix().parts().size();
        }
      } catch (IllegalArgumentException notAHostName) {
        // Guava refuses some names DNS allows; the "*" rule below still gives an answer.
      }
      return 1;
    }
  }

  /** A list read from text. */
  static final class Parsed extends PublicSuffixList {
    private final Set<String> rules;
    private final Set<String> wildcards;
    private final Set<String> exceptions;
    private final String source;

    Parsed(Set<String> rules, Set<String> wildcards, Set<String> exceptions, String source) {
      this.rules = Set.copyOf(rules);
      this.wildcards = Set.copyOf(wildcards);
      this.exceptions = Set.copyOf(exceptions);
      this.source = source;
    }

    @Override
    public String source() {
      return source;
    }

    @Override
    int suffixLabels(String name, List<String> labels) {
      int suffixLabels = 1;
      for (int i = 0; i < labels.size(); i++) {
        String candidate = String.join(".", labels.subList(i, labels.size()));
        int n = labels.size() - i;
        if (rules.contains(candidate)) {
          suffixLabels = Math.max(suffixLabels, n);
        }
        if (i > 0 && wildcards.contains(candidate)) {
          suffixLabels = Math.max(suffixLabels, n + 1);
        }
      }
      // An exception rule wins over the wildcard that would otherwise match (publicsuffix.org
      // algorithm).
      for (int i = 0; i < labels.size(); i++) {
        String candidate = String.join(".", labels.subList(i, labels.size()));
        if (exceptions.contains(candidate)) {
          return labels.size() - i - 1;
        }
      }
      return suffixLabels;
    }
  }
}
