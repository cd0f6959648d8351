package dev.senderdomain.operator.dns.provider.rfc2136;

import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import java.io.IOException;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.TSIGRecord;

/**
 * Classifies DNS failures once: what a person must fix is permanent, what time may fix is
 * transient.
 */
final class Rfc2136Errors {
  private Rfc2136Errors() {}

  static DnsProviderException io(String what, Rfc2136Settings s, IOException e) {
    return new DnsProviderException(
        ProviderFailure.Unreachable,
        what
            + ": DNS server "
            + s.server()
            + ":"
            + s.port()
            + " did not answer ("
            + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage())
            + ")",
        false,
        e);
  }

  /** Null when the response is a success for a query (NOERROR, NXDOMAIN) or an update (NOERROR). */
  static DnsProviderException check(
      String what, Rfc2136Settings s, Message response, boolean update) {
    int rcode = response.getRcode();
    TSIGRecord tsig = response.getTSIG();
    int tsigError = tsig == null ? Rcode.NOERROR : tsig.getError();
    if (rcode == Rcode.NOTAUTH
        || tsigError == Rcode.BADSIG
        || tsigError == Rcode.BADKEY
        || tsigError == Rcode.BADTIME) {
      String detail =
          tsigError != Rcode.NOERROR ? Rcode.TSIGstring(tsigError) : Rcode.string(rcode);
      String hint =
          tsigError == Rcode.BADTIME
              ? "the clocks of this host and the DNS server differ (RFC 8945 5.2.3)"
              : "check the TSIG key name '"
                  + s.tsigKeyName()
                  + "', algorithm "
                  + s.tsigAlgorithm()
                  + " and the secret in the referenced Secret";
      return new DnsProviderException(
          ProviderFailure.Unauthorized,
          what
              + ": "
              + s.server()
              + ":"
              + s.port()
              + " rejected the request ("
              + detail
              + "): "
              + hint,
          true);
    }
    if (!update && (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN)) {
      return null;
    }
    if (update && rcode == Rcode.NOERROR) {
      return null;
    }
    String code = Rcode.string(rcode);
    return switch (rcode) {
      case Rcode.REFUSED ->
          new DnsProviderException(
              ProviderFailure.Refused,
              what
                  + ": "
                  + s.server()
                  + ":"
                  + s.port()
                  + " refused (REFUSED): the server is not authoritative for the zone or its update policy"
                  + " (allow-update / update-policy / ACL) does not allow this key",
              true);
      case Rcode.NOTZONE ->
          new DnsProviderException(
              ProviderFailure.ZoneNotFound, what + ": a name is outside the zone (NOTZONE)", true);
      // Prerequisites failed (RFC 2136 3.2): somebody changed the RRset since we read it. Read
      // again and re-plan.
      case Rcode.YXDOMAIN, Rcode.YXRRSET, Rcode.NXRRSET, Rcode.NXDOMAIN ->
          new DnsProviderException(
              ProviderFailure.ConcurrentEdit,
              what
                  + ": the records changed since they were read ("
                  + code
                  + "); they are read again and the change re-planned",
              false);
      case Rcode.SERVFAIL ->
          new DnsProviderException(
              ProviderFailure.ServerFailure, what + ": SERVFAIL from " + s.server(), false);
      default ->
          new DnsProviderException(
              ProviderFailure.Rejected, what + ": the server answered " + code, true);
    };
  }
}
