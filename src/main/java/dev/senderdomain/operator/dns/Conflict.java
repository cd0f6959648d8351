package dev.senderdomain.operator.dns;

import java.util.List;

/**
 * A record the operator needs but may not write because somebody else's record is in the way.
 * Nothing is overwritten; the SenderDomain gets {@code Ready=False} with {@link Kind#reason()} and
 * {@link #message()}, which shows the foreign record so a person can decide.
 */
public record Conflict(Kind kind, RecordKey key, List<String> found, String message) {
  public Conflict {
    found = List.copyOf(found);
  }

  public enum Kind {
    /**
     * A v=spf1 record we did not create, and {@code spf.merge} is off (RFC 7208 4.5: one SPF record
     * per name).
     */
    FOREIGN_SPF_RECORD("ForeignSpfRecord"),
    /**
     * A DMARC record at {@code _dmarc.<domain>} we did not create (RFC 7489 6.6.3 reads only one).
     */
    FOREIGN_DMARC_RECORD("ForeignDmarcRecord"),
    /**
     * A CNAME where we need other data, or other data where we need a CNAME (RFC 1034 3.6.2, RFC
     * 2181 10.1).
     */
    CNAME_CONFLICT("CnameConflict"),
    /**
     * Any other RRset we did not create with values different from ours (a DKIM selector or an MX
     * in use).
     */
    FOREIGN_RECORD("ForeignRecord"),
    /** The ownership marker names another SenderDomain. */
    DOMAIN_CLAIMED("DomainClaimed");

    private final String reason;

    Kind(String reason) {
      this.reason = reason;
    }

    /** PascalCase reason for conditions and metrics. */
    public String reason() {
      return reason;
    }
  }

  public String reason() {
    return kind.reason();
  }
}
