package dev.senderdomain.operator.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Asks the zone's authoritative servers directly (dnsjava, never the system resolver and its
 * caches) whether the records are served, so {@code RecordsVerified=True} means every authoritative
 * server answers with them. A server that does not answer counts as "not served yet".
 */
public final class Verifier {
  private final List<InetSocketAddress> servers;
  private final Duration timeout;

  /** Tests and fixed setups: these servers (e.g. {@code 127.0.0.1:<port>}). */
  public Verifier(List<InetSocketAddress> servers, Duration timeout) {
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("no authoritative server to verify against");
    }
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
  }

  /**
   * The authoritative servers of {@code zone}: its NS names from the public DNS (dnsjava's own
   * resolver), each address resolved, port 53.
   */
  public static Verifier forZone(String zone, Duration timeout) throws UnknownHostException {
    Lookup lookup = new Lookup(WireRecords.name(zone), Type.NS);
    Record[] ns = lookup.run();
    List<InetSocketAddress> servers = new ArrayList<>();
    if (ns != null) {
      for (Record r : ns) {
        Record[] a = new Lookup(((NSRecord) r).getTarget(), Type.A).run();
        if (a != null) {
          for (Record ar : a) {
            servers.add(new InetSocketAddress(((ARecord) ar).getAddress(), 53));
          }
        }
      }
    }
    if (servers.isEmpty()) {
      throw new UnknownHostException("no authoritative server address found for zone " + zone);
    }
    return new Verifier(servers, timeout);
  }

  public List<InetSocketAddress> servers() {
    return servers;
  }

  /**
   * Which of {@code expected} (exact value sets, TTL ignored) every server serves, and which {@code
   * absent} keys every server no longer serves.
   */
  public Result verify(Collection<RecordSet> expected, Collection<RecordKey> absent) {
    Map<RecordKey, String> missing = new TreeMap<>();
    List<RecordKey> served = new ArrayList<>();
    for (RecordSet set : expected) {
      String problem = null;
      for (InetSocketAddress server : servers) {
        List<String> got = query(server, set.key());
        if (got == null) {
          problem = server + " did not answer";
          break;
        }
        if (!got.equals(set.values().stream().sorted().toList())) {
          problem = server + " serves " + got;
          break;
        }
      }
      if (problem == null) {
        served.add(set.key());
      } else {
        missing.put(set.key(), problem);
      }
    }
    for (RecordKey key : absent) {
      for (InetSocketAddress server : servers) {
        List<String> got = query(server, key);
        if (got == null || !got.isEmpty()) {
          missing.put(key, server + (got == null ? " did not answer" : " still serves " + got));
          break;
        }
      }
    }
    return new Result(served, missing);
  }

  /**
   * Sorted values at {@code key} on {@code server}; empty when absent; null when the server did not
   * answer.
   */
  private List<String> query(InetSocketAddress server, RecordKey key) {
    SimpleResolver r = new SimpleResolver(server);
    r.setTimeout(timeout);
    Message q =
        Message.newQuery(
            Record.newRecord(
                WireRecords.name(key.name()), WireRecords.type(key.type()), DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    try {
      Message m = r.send(q);
      if (m.getRcode() != Rcode.NOERROR && m.getRcode() != Rcode.NXDOMAIN) {
        return null;
      }
      List<String> values = new ArrayList<>();
      for (Record rec : m.getSection(Section.ANSWER)) {
        if (rec.getType() == WireRecords.type(key.type())
            && rec.getName().equals(WireRecords.name(key.name()))) {
          values.add(WireRecords.value(rec));
        }
      }
      return values.stream().distinct().sorted().toList();
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Looks up the v=spf1 record of a name on these servers, for {@link SpfBudget} (empty: none, a
   * void lookup).
   */
  public java.util.Optional<String> spf(String name) {
    List<String> got =
        query(servers.get(0), new RecordKey(DomainNames.normalize(name), RecordType.TXT));
    return got == null
        ? java.util.Optional.empty()
        : got.stream().filter(SpfRecord::isSpf).findFirst();
  }

  /**
   * The TXT values at {@code name} (each record's strings joined, sorted) from the first server
   * that answers; empty (no Optional value) when none answers.
   */
  public java.util.Optional<List<String>> txt(String name) {
    RecordKey key = new RecordKey(DomainNames.normalize(name), RecordType.TXT);
    for (InetSocketAddress server : servers) {
      List<String> got = query(server, key);
      if (got != null) {
        return java.util.Optional.of(got);
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * @param served keys served exactly as expected by every server
   * @param missing keys not (yet) served as expected, with what was seen instead
   */
  public record Result(List<RecordKey> served, Map<RecordKey, String> missing) {
    public Result {
      served = List.copyOf(served);
      // Sorted: the names end up in a status message, which must not change from JVM to JVM.
      missing = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(missing));
    }

    public boolean allServed() {
      return missing.isEmpty();
    }
  }
}
