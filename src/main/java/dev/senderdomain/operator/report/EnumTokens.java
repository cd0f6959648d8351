package dev.senderdomain.operator.report;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An enum's report tokens (its names, any case, plus aliases) found by one hash lookup: values are
 * read millions of times per large report, where a case-blind scan of every constant showed in the
 * parser's profile (docs/performance.md, section 5).
 */
final class EnumTokens<E extends Enum<E>> {
  private final Map<String, E> byToken = new HashMap<>();

  EnumTokens(Class<E> type) {
    for (E value : type.getEnumConstants()) {
      byToken.put(value.name().toLowerCase(Locale.ROOT), value);
    }
  }

  /** Also reads {@code alias} (lower case) as {@code value}. */
  EnumTokens<E> alias(String alias, E value) {
    byToken.put(alias, value);
    return this;
  }

  /** The constant {@code token} names, ignoring case; receivers write them in lower case. */
  Optional<E> find(String token) {
    E value = byToken.get(token);
    if (value == null) {
      value = byToken.get(token.toLowerCase(Locale.ROOT));
    }
    return Optional.ofNullable(value);
  }
}
