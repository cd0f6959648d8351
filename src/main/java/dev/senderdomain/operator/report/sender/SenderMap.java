package dev.senderdomain.operator.report.sender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.senderdomain.operator.report.IpRange;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The map of major senders ({@code senders.yaml} shipped next to this class, extended by an
 * operator's own file): who a report source is, by IP range, reverse DNS, DKIM d= domain or SPF
 * (return-path) domain, first match in that order.
 */
public final class SenderMap {
  static final String SHIPPED = "senders.yaml";

  private final List<KnownSender> senders;

  private SenderMap(List<KnownSender> senders) {
    this.senders = List.copyOf(senders);
  }

  /** The shipped map. */
  public static SenderMap shipped() {
    try (InputStream in = SenderMap.class.getResourceAsStream(SHIPPED)) {
      return new SenderMap(read(in, "the shipped " + SHIPPED));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The shipped map with the entries of {@code file} added; an entry with the id of a shipped one
   * replaces it ({@code SDO_REPORT_SENDERS_FILE}).
   *
   * @throws IllegalArgumentException naming the file and the entry that is wrong
   */
  public static SenderMap withFile(Path file) throws IOException {
    Map<String, KnownSender> byId = new LinkedHashMap<>();
    for (KnownSender s : shipped().senders) {
      byId.put(s.id(), s);
    }
    try (InputStream in = Files.newInputStream(file)) {
      for (KnownSender s : read(in, file.toString())) {
        byId.put(s.id(), s);
      }
    }
    return new SenderMap(new ArrayList<>(byId.values()));
  }

  public List<KnownSender> senders() {
    return senders;
  }

  /** The sender whose published outbound ranges hold {@code ip}. */
  Optional<KnownSender> byIp(String ip) {
    return senders.stream().filter(s -> s.hasRange(ip)).findFirst();
  }

  /** The sender whose servers' PTR names end in {@code ptr}'s suffix. */
  Optional<KnownSender> byReverseName(String ptr) {
    return senders.stream().filter(s -> KnownSender.under(ptr, s.rdns())).findFirst();
  }

  /** The sender that signs with d= {@code domain} by default. */
  Optional<KnownSender> byDkimDomain(String domain) {
    return senders.stream().filter(s -> KnownSender.under(domain, s.dkim())).findFirst();
  }

  /** The sender whose return path is {@code domain}. */
  Optional<KnownSender> byEnvelopeDomain(String domain) {
    return senders.stream().filter(s -> KnownSender.under(domain, s.envelope())).findFirst();
  }

  private static List<KnownSender> read(InputStream in, String source) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
    JsonNode list = root == null ? null : root.get("senders");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException(source + ": expected a list under \"senders\"");
    }
    List<KnownSender> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode n = list.get(i);
      String where = source + ": senders[" + i + "]";
      try {
        List<IpRange> ranges = new ArrayList<>();
        for (String r : strings(n, "ipRanges")) {
          ranges.add(IpRange.parse(r, where + ".ipRanges"));
        }
        out.add(
            new KnownSender(
                required(n, "id", where),
                required(n, "name", where),
                strings(n, "rdns"),
                strings(n, "dkim"),
                strings(n, "envelope"),
                ranges,
                text(n, "spfInclude"),
                required(n, "dkimSetup", where),
                text(n, "returnPath"),
                text(n, "docs")));
      } catch (NullPointerException e) {
        throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static String required(JsonNode n, String field, String where) {
    String v = text(n, field);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException(where + "." + field + " is required");
    }
    return v.strip();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText().strip();
  }

  private static List<String> strings(JsonNode n, String field) {
    JsonNode v = n.get(field);
    List<String> out = new ArrayList<>();
    if (v != null && v.isArray()) {
      v.forEach(x -> out.add(x.asText()));
    }
    return out;
  }
}
