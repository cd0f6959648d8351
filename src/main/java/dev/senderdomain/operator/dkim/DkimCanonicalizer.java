package dev.senderdomain.operator.dkim;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Message splitting and the relaxed canonicalization of RFC 6376 section 3.4.2 (headers) and 3.4.4
 * (body). Messages are handled as ISO-8859-1 strings so every octet maps to one char and 8-bit
 * content passes unchanged. Bare LF line ends are read as CRLF, as an MTA puts them on the wire.
 */
final class DkimCanonicalizer {
  private DkimCanonicalizer() {}

  /** A header field as it appears, folds included, without its final CRLF. */
  record HeaderField(String name, String raw) {}

  /** A message split into header fields (top to bottom) and body (after the empty line). */
  record Message(List<HeaderField> headers, String body) {}

  static Message split(byte[] message) {
    String s = new String(message, StandardCharsets.ISO_8859_1).replaceAll("(?<!\r)\n", "\r\n");
    int end = s.startsWith("\r\n") ? 0 : s.indexOf("\r\n\r\n");
    String head = end < 0 ? s : s.substring(0, end);
    String body = end < 0 ? "" : s.substring(end + (end == 0 ? 2 : 4));
    List<HeaderField> headers = new ArrayList<>();
    StringBuilder current = null;
    for (String line : head.split("\r\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
        current.append("\r\n").append(line);
        continue;
      }
      if (current != null) {
        headers.add(field(current.toString()));
      }
      current = new StringBuilder(line);
    }
    if (current != null) {
      headers.add(field(current.toString()));
    }
    return new Message(headers, body);
  }

  private static HeaderField field(String raw) {
    int colon = raw.indexOf(':');
    String name = colon < 0 ? raw : raw.substring(0, colon);
    return new HeaderField(name.strip().toLowerCase(Locale.ROOT), raw);
  }

  /**
   * RFC 6376 section 3.4.2: lower-case name, unfold, compress WSP, no WSP around the colon or at
   * the end.
   */
  static String relaxedHeader(String raw) {
    int colon = raw.indexOf(':');
    if (colon < 0) {
      // Not a header field (RFC 5322 section 2.2); canonicalized as a name with an empty value so
      // it cannot crash.
      return raw.replace("\r\n", "").strip().toLowerCase(Locale.ROOT) + ":";
    }
    String name = raw.substring(0, colon).replaceAll("[ \t]+$", "").toLowerCase(Locale.ROOT);
    String value = raw.substring(colon + 1).replace("\r\n", "").replaceAll("[ \t]+", " ").strip();
    return name + ":" + value;
  }

  /**
   * RFC 6376 section 3.4.4: compress WSP, drop trailing WSP and trailing empty lines; empty body
   * stays empty.
   */
  static String relaxedBody(String body) {
    List<String> lines = new ArrayList<>(List.of(body.split("\r\n", -1)));
    for (int i = 0; i < lines.size(); i++) {
      lines.set(i, lines.get(i).replaceAll("[ \t]+", " ").replaceAll(" $", ""));
    }
    while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line).append("\r\n");
    }
    return out.toString();
  }

  /**
   * The signed header data (RFC 6376 section 5.4.2): for each name in {@code h=}, the next unused
   * instance from the bottom, canonicalized, with CRLF; a name with no instance left contributes
   * nothing. Then the signature field itself with an empty {@code b=} and no final CRLF.
   */
  static String signedHeaderData(
      List<HeaderField> headers, List<String> signedNames, String signatureWithoutB) {
    StringBuilder data = new StringBuilder();
    Map<String, Integer> used = new HashMap<>();
    for (String name : signedNames) {
      String n = name.strip().toLowerCase(Locale.ROOT);
      int skip = used.getOrDefault(n, 0);
      int seen = 0;
      for (int i = headers.size() - 1; i >= 0; i--) {
        if (headers.get(i).name().equals(n) && seen++ == skip) {
          data.append(relaxedHeader(headers.get(i).raw())).append("\r\n");
          break;
        }
      }
      used.put(n, skip + 1);
    }
    return data.append(relaxedHeader(signatureWithoutB)).toString();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
