package dev.senderdomain.operator.validate;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/** Validates the ip4/ip6 mechanisms' arguments (RFC 7208 5.6) without ever touching DNS. */
public final class IpRanges {
  private static final Pattern IPV4 =
      Pattern.compile(
          "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$");
  private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9a-fA-F:.]+$");

  private IpRanges() {}

  public static Optional<String> ip4Problem(String value) {
    String[] parts = split(value);
    if (parts == null || !IPV4.matcher(parts[0]).matches()) {
      return Optional.of(
          "'"
              + DnsNames.abbreviate(String.valueOf(value))
              + "' is not an IPv4 address or CIDR range");
    }
    return prefixProblem(parts, 32);
  }

  public static Optional<String> ip6Problem(String value) {
    String[] parts = split(value);
    if (parts == null || !parts[0].contains(":") || !IPV6_CHARS.matcher(parts[0]).matches()) {
      return Optional.of(
          "'"
              + DnsNames.abbreviate(String.valueOf(value))
              + "' is not an IPv6 address or CIDR range");
    }
    try {
      // A literal containing ':' is parsed, never resolved.
      InetAddress.getByName(parts[0]);
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.of(
          "'" + DnsNames.abbreviate(value) + "' is not an IPv6 address or CIDR range");
    }
    return prefixProblem(parts, 128);
  }

  private static String[] split(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    String[] parts = value.split("/", -1);
    return parts.length > 2 ? null : parts;
  }

  private static Optional<String> prefixProblem(String[] parts, int max) {
    if (parts.length == 1) {
      return Optional.empty();
    }
    String len = parts[1];
    if (!len.matches("^[0-9]{1,3}$") || Integer.parseInt(len) > max) {
      return Optional.of("prefix length '/" + DnsNames.abbreviate(len) + "' must be 0.." + max);
    }
    return Optional.empty();
  }
}
