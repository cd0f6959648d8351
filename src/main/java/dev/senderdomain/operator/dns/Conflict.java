package dev.senderdomain.operator.dns;

import java.util.List;

/**
 * A record the operator needs but may not write because somebody else's record is in the way.
 * Nothing is overwritten; the SenderDomain gets {@code Ready=False} with the kind's condition
 * reason and {@link #message()}, which shows the foreign record so a person can decide.
 */
public record Conflict(Kind kind, RecordKey key, List<String> found, String message) {
  public Conflict {
    found = List.copyOf(found);
  }

  /** The closed set of conflicts; each name is the condition reason it becomes. */
  public enum Kind {
    /**
     * A v=spf1 record we did not create, and {@code spf.merge} is off (RFC 7208 4.5: one SPF record
     * per name).
     */
    ForeignSpfRecord,
    /**
     * A DMARC record at {@code _dmarc.<domain>} we did not create (RFC 7489 6.6.3 reads only one).
     */
    ForeignDmarcRecord,
    /**
     * A CNAME where we need other data, or other data where we need a CNAME (RFC 1034 3.6.2, RFC
     * 2181 10.1).
     */
    CnameConflict,
    /**
     * Any other RRset we did not create with values different from ours (a DKIM selector or an MX
     * in use).
     */
    ForeignRecord,
    /** The ownership marker names another SenderDomain. */
    DomainClaimed,
    /**
     * The provider's scope does not let this domain touch what is there: foreign SPF, DKIM or DMARC
     * records at a name the scope does not name explicitly, or a merge it does not allow.
     */
    ProviderNotAllowed
  }
}
