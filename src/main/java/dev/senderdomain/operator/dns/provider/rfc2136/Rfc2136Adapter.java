package dev.senderdomain.operator.dns.provider.rfc2136;

import dev.senderdomain.operator.api.v1alpha1.DnsProviderSpec;
import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.DomainNames;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import dev.senderdomain.operator.dns.RecordType;
import dev.senderdomain.operator.dns.WireRecords;
import dev.senderdomain.operator.dns.provider.DnsProviderAdapter;
import dev.senderdomain.operator.dns.provider.DnsProviderException;
import dev.senderdomain.operator.dns.provider.ProviderFailure;
import dev.senderdomain.operator.dns.provider.RequestBudget;
import dev.senderdomain.operator.dns.provider.SecretResolver;
import dev.senderdomain.operator.dns.provider.ZoneFinder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;
import org.xbill.DNS.ZoneTransferException;
import org.xbill.DNS.ZoneTransferIn;

/**
 * RFC 2136 dynamic UPDATE signed with TSIG (RFC 8945), for BIND 9, Knot, PowerDNS and any server
 * speaking it.
 *
 * <p>Reads are plain queries per RRset (dnsjava retries over TCP when an answer is truncated). Each
 * change carries a prerequisite (RFC 2136 2.4): a create requires the RRset not to exist (2.4.3),
 * an update or delete requires the RRset to be exactly what was read (value dependent, 2.4.2). A
 * concurrent edit therefore fails the message with NXRRSET instead of being overwritten. Changes
 * are packed into as few messages as fit in {@link #MAX_MESSAGE} octets (a DNS message is at most
 * 65,535 octets over TCP, RFC 1035 4.2.2); each message is atomic.
 *
 * <p>{@link #readZone} asks for the whole zone in one AXFR (RFC 5936), signed with the same TSIG
 * key; a server that refuses the transfer (its {@code allow-transfer} does not name the key) makes
 * it return empty, and callers fall back to the per-RRset queries.
 */
public final class Rfc2136Adapter implements DnsProviderAdapter {
  /** Room left under 65,535 for the TSIG record and header. */
  public static final int MAX_MESSAGE = 60_000;

  private final Rfc2136Settings settings;
  private final SimpleResolver udp;
  private final SimpleResolver tcp;
  private final Map<String, Name> zones = new ConcurrentHashMap<>();
  // The exact wire records last read per RRset: TXT values are joined for the planner, but
  // prerequisites and
  // foreign values carried along must keep their original character-string boundaries or they would
  // not match.
  private final Map<RecordKey, Map<String, Record>> lastRead = new ConcurrentHashMap<>();
  private final AtomicInteger messagesSent = new AtomicInteger();
  private final AtomicInteger transfers = new AtomicInteger();
  private final RequestBudget budget;

  public Rfc2136Adapter(Rfc2136Settings settings) {
    this(settings, RequestBudget.UNLIMITED);
  }

  /**
   * @param budget drawn from for every message sent: queries, UPDATEs and zone transfers
   */
  public Rfc2136Adapter(Rfc2136Settings settings, RequestBudget budget) {
    this.settings = settings;
    this.budget = budget;
    InetSocketAddress address = new InetSocketAddress(settings.server(), settings.port());
    this.udp = resolver(address, false);
    this.tcp = resolver(address, true);
  }

  /**
   * The registry factory: the {@code rfc2136} section, the TSIG secret from its Secret (base64, as
   * BIND prints).
   */
  public static DnsProviderAdapter fromSpec(
      DnsProviderSpec spec, String namespace, SecretResolver secrets) throws DnsProviderException {
    DnsProviderSpec.Rfc2136 s = spec.rfc2136;
    if (s.server == null || s.server.isBlank()) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider, "spec.rfc2136.server is required", true);
    }
    String keyName = null;
    String algorithm = null;
    byte[] secret = null;
    if (s.tsig != null) {
      keyName = s.tsig.keyName;
      algorithm = s.tsig.algorithm;
      String b64 = secrets.secret(namespace, s.tsig.secretRef);
      try {
        secret = Base64.getDecoder().decode(b64.trim());
      } catch (IllegalArgumentException e) {
        throw new DnsProviderException(
            ProviderFailure.InvalidProvider,
            "spec.rfc2136.tsig.secretRef: Secret "
                + namespace
                + "/"
                + s.tsig.secretRef.name
                + " key '"
                + s.tsig.secretRef.key
                + "' is not base64 (as tsig-keygen prints it)",
            true);
      }
    }
    int port = s.port == null ? 53 : s.port;
    // No limit of its own unless the DnsProvider sets one; shared by every provider of the server.
    RequestBudget budget =
        RequestBudget.forProvider(spec, "rfc2136", s.server.trim() + ":" + port, null);
    try {
      return new Rfc2136Adapter(
          new Rfc2136Settings(s.server, port, s.zone, keyName, algorithm, secret, null), budget);
    } catch (IllegalArgumentException e) {
      throw new DnsProviderException(
          ProviderFailure.InvalidProvider, "spec.rfc2136: " + e.getMessage(), true);
    }
  }

  private SimpleResolver resolver(InetSocketAddress address, boolean useTcp) {
    SimpleResolver r = new SimpleResolver(address);
    r.setTCP(useTcp);
    r.setTimeout(settings.timeout());
    if (settings.tsigKeyName() != null) {
      r.setTSIGKey(tsig());
    }
    return r;
  }

  @Override
  public String name() {
    return "rfc2136";
  }

  /** The request budget every message of this adapter draws from. */
  public RequestBudget budget() {
    return budget;
  }

  /**
   * How many UPDATE messages this adapter has sent (tests and metrics: steady state sends none).
   */
  public int updatesSent() {
    return messagesSent.get();
  }

  /** How many zone transfers this adapter has asked for (tests: one per zone and window). */
  public int transfersRequested() {
    return transfers.get();
  }

  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return Optional.of(DomainNames.normalize(zoneOf(name).toString()));
  }

  /**
   * The zone by AXFR (RFC 5936), or empty when the server refuses it (RFC 5936 6: a server
   * restricts transfers by address or TSIG key, and answers REFUSED or NOTAUTH to the rest). A
   * server that cannot be reached fails as a read does.
   */
  @Override
  public Optional<List<RecordSet>> readZone(String zone) throws DnsProviderException {
    Name apex = WireRecords.name(zone);
    ZoneTransferIn xfr =
        ZoneTransferIn.newAXFR(
            apex, new InetSocketAddress(settings.server(), settings.port()), tsig());
    xfr.setTimeout(settings.timeout());
    budget.take();
    transfers.incrementAndGet();
    try {
      xfr.run();
    } catch (ZoneTransferException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw Rfc2136Errors.io("transferring zone " + zone, settings, e);
    }
    Map<RecordKey, Map<String, Record>> byKey = new TreeMap<>();
    for (Record r : xfr.getAXFR()) {
      RecordType type = WireRecords.type(r.getType());
      if (type != null) {
        byKey
            .computeIfAbsent(
                new RecordKey(DomainNames.normalize(r.getName().toString()), type),
                k -> new LinkedHashMap<>())
            .put(WireRecords.value(r), r);
      }
    }
    List<RecordSet> sets = new ArrayList<>(byKey.size());
    byKey.forEach(
        (key, byValue) -> {
          rememberUnusualStrings(key, byValue);
          long ttl = byValue.values().stream().mapToLong(Record::getTTL).min().orElse(0);
          sets.add(
              new RecordSet(
                  key.name(), key.type(), ttl, byValue.keySet().stream().sorted().toList()));
        });
    return Optional.of(sets);
  }

  /**
   * Keeps the wire form of TXT values split into character-strings otherwise than the operator
   * splits them (prerequisites must repeat them exactly, RFC 2136 2.4.2); the rest are rebuilt on
   * demand, so a zone's worth of records is not held twice.
   */
  private void rememberUnusualStrings(RecordKey key, Map<String, Record> byValue) {
    Map<String, Record> unusual = new LinkedHashMap<>();
    byValue.forEach(
        (value, r) -> {
          if (r instanceof TXTRecord txt && !sameStrings(WireRecords.strings(txt), value)) {
            unusual.put(value, r);
          }
        });
    if (unusual.isEmpty()) {
      lastRead.remove(key);
    } else {
      lastRead.put(key, unusual);
    }
  }

  private static boolean sameStrings(List<byte[]> strings, String value) {
    List<byte[]> ours = WireRecords.split(value);
    if (ours.size() != strings.size()) {
      return false;
    }
    for (int i = 0; i < ours.size(); i++) {
      if (!java.util.Arrays.equals(ours.get(i), strings.get(i))) {
        return false;
      }
    }
    return true;
  }

  private TSIG tsig() {
    return settings.tsigKeyName() == null
        ? null
        : new TSIG(
            TSIG.algorithmToName(settings.tsigAlgorithm()),
            WireRecords.name(settings.tsigKeyName()),
            settings.tsigSecret());
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    List<RecordSet> sets = new ArrayList<>();
    for (RecordKey key : keys) {
      Name name = WireRecords.name(key.name());
      int type = WireRecords.type(key.type());
      Message response = query(name, type, "reading " + key);
      Map<String, Record> byValue = new LinkedHashMap<>();
      long ttl = Long.MAX_VALUE;
      for (Record r : response.getSection(Section.ANSWER)) {
        // The answer may hold a CNAME chain; only the RRset at exactly this name and type is the
        // one asked for.
        if (r.getType() == type && r.getName().equals(name)) {
          byValue.put(WireRecords.value(r), r);
          ttl = Math.min(ttl, r.getTTL());
        }
      }
      if (byValue.isEmpty()) {
        lastRead.remove(key);
        continue;
      }
      lastRead.put(key, byValue);
      sets.add(
          new RecordSet(key.name(), key.type(), ttl, byValue.keySet().stream().sorted().toList()));
    }
    return sets;
  }

  private Message query(Name name, int type, String what) throws DnsProviderException {
    Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    Message response;
    budget.take();
    try {
      response = udp.send(q);
    } catch (IOException e) {
      throw Rfc2136Errors.io(what, settings, e);
    }
    DnsProviderException problem = Rfc2136Errors.check(what, settings, response, false);
    if (problem != null) {
      throw problem;
    }
    return response;
  }

  /**
   * One SOA query, signed with the TSIG key when one is set: the server verifies the signature
   * before anything else (RFC 8945 5.2), so a wrong key or secret fails as an update would
   * (Unauthorized). With a configured zone, the answer must be the zone's own SOA with the AA bit
   * (RFC 1035 4.1.1), or the server does not serve the zone (ZoneNotFound). Without one, the root's
   * SOA is asked for: any answer but a TSIG failure shows the server answers and accepts the key.
   */
  @Override
  public String check() throws DnsProviderException {
    String signed =
        settings.tsigKeyName() == null
            ? "an unsigned SOA query"
            : "a SOA query signed with TSIG key '" + settings.tsigKeyName() + "'";
    String where = settings.server() + ":" + settings.port();
    if (settings.zone() == null) {
      Message response = soa(Name.root, "checking the server");
      DnsProviderException unauthorized =
          Rfc2136Errors.check("checking the server", settings, response, false);
      if (unauthorized != null && unauthorized.reason() == ProviderFailure.Unauthorized) {
        throw unauthorized;
      }
      return where
          + " answered "
          + signed
          + "; no zone is named, each domain's zone is found from its SOA";
    }
    Name zone = WireRecords.name(settings.zone());
    String what = "checking zone " + settings.zone();
    Message response = soa(zone, what);
    DnsProviderException problem = Rfc2136Errors.check(what, settings, response, false);
    if (problem != null && problem.reason() == ProviderFailure.Unauthorized) {
      throw problem;
    }
    boolean served =
        response.getRcode() == org.xbill.DNS.Rcode.NOERROR
            && response.getHeader().getFlag(Flags.AA)
            && response.getSection(Section.ANSWER).stream()
                .anyMatch(r -> r.getType() == Type.SOA && r.getName().equals(zone));
    if (!served) {
      throw new DnsProviderException(
          ProviderFailure.ZoneNotFound,
          what
              + ": "
              + where
              + " is not authoritative for it (answered "
              + org.xbill.DNS.Rcode.string(response.getRcode())
              + (response.getHeader().getFlag(Flags.AA) ? "" : " without the AA bit")
              + " and no SOA of the zone)",
          true);
    }
    return where + " answered " + signed + " for zone " + settings.zone() + " with its SOA";
  }

  private Message soa(Name name, String what) throws DnsProviderException {
    Message q = Message.newQuery(Record.newRecord(name, Type.SOA, DClass.IN));
    q.getHeader().unsetFlag(Flags.RD);
    try {
      return udp.send(q);
    } catch (IOException e) {
      throw Rfc2136Errors.io(what, settings, e);
    }
  }

  /**
   * The zone {@code name} is in: the configured one, or the owner of the SOA the server returns for
   * it.
   */
  public Name zoneOf(String name) throws DnsProviderException {
    Name n = WireRecords.name(name);
    if (settings.zone() != null) {
      Name zone = WireRecords.name(settings.zone());
      if (!n.subdomain(zone)) {
        throw new DnsProviderException(
            ProviderFailure.ZoneNotFound,
            name + " is not in zone " + settings.zone() + " of this DnsProvider",
            true);
      }
      return zone;
    }
    Name cached = zones.get(name);
    if (cached != null) {
      return cached;
    }
    // A name that holds a CNAME (our tracking host, at deletion) is answered with the CNAME and
    // whatever its target leads to, not with its own zone's SOA. A CNAME owner is never a zone apex
    // (the apex has SOA and NS, RFC 1034 3.6.2), so its zone is its parent's.
    for (Name q = n; q.labels() > 1; q = new Name(q, 1)) {
      Message response = query(q, Type.SOA, "finding the zone of " + name);
      List<Record> soa = new ArrayList<>(response.getSection(Section.ANSWER));
      soa.addAll(response.getSection(Section.AUTHORITY));
      for (Record r : soa) {
        if (r.getType() == Type.SOA && q.subdomain(r.getName())) {
          zones.put(name, r.getName());
          return r.getName();
        }
      }
      Name asked = q;
      boolean cname =
          response.getSection(Section.ANSWER).stream()
              .anyMatch(r -> r.getType() == Type.CNAME && r.getName().equals(asked));
      if (!cname) {
        break;
      }
    }
    throw new DnsProviderException(
        ProviderFailure.ZoneNotFound,
        settings.server()
            + ":"
            + settings.port()
            + " returned no SOA for "
            + name
            + ": it is not authoritative for a zone containing it",
        true);
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    // Deletes first, then updates, then creates: the update section is processed in order (RFC 2136
    // 3.4.2), so a
    // name can change from one type to another (for instance TXT to CNAME) inside one message.
    List<Operation> ops = new ArrayList<>();
    for (RecordSet d : changes.deletes()) {
      ops.add(
          new Operation(
              zoneOf(d.name()),
              d.key(),
              u -> {
                requireExactly(u, d);
                u.delete(WireRecords.name(d.name()), WireRecords.type(d.type()));
              }));
    }
    for (ChangeSet.Update up : changes.updates()) {
      ops.add(
          new Operation(
              zoneOf(up.after().name()),
              up.after().key(),
              u -> {
                requireExactly(u, up.before());
                u.delete(WireRecords.name(up.after().name()), WireRecords.type(up.after().type()));
                wire(up.after()).forEach(u::add);
              }));
    }
    for (RecordSet c : changes.creates()) {
      ops.add(
          new Operation(
              zoneOf(c.name()),
              c.key(),
              u -> {
                u.absent(WireRecords.name(c.name()), WireRecords.type(c.type()));
                wire(c).forEach(u::add);
              }));
    }
    for (List<Operation> batch : Operation.batches(ops, MAX_MESSAGE)) {
      send(batch);
    }
  }

  /**
   * One zone, and an upper bound of the UPDATE's size within {@link #MAX_MESSAGE}: every name
   * uncompressed, every value with the length octet of each 255-octet character-string. An UPDATE
   * is applied whole or not at all (RFC 2136 3.4: prerequisites first, then all updates).
   */
  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    if (!ZoneFinder.allInOneZone(changes, this::zoneOf)) {
      return false;
    }
    long octets = 0;
    List<RecordSet> sets = new ArrayList<>(changes.deletes());
    sets.addAll(changes.creates());
    for (ChangeSet.Update u : changes.updates()) {
      sets.add(u.before());
      sets.add(u.after());
    }
    for (RecordSet set : sets) {
      // The delete or absent entry (name, type, class, TTL, RDLENGTH), then one record per value
      // (as record or as prerequisite).
      int nameOctets = set.name().length() + 2;
      octets += nameOctets + 10;
      for (String v : set.values()) {
        int length = v.length() * (v.chars().allMatch(c -> c < 0x80) ? 1 : 3);
        octets += nameOctets + 10 + length + length / 255 + 3;
      }
    }
    return octets <= MAX_MESSAGE;
  }

  /**
   * RFC 2136 2.4.2: the RRset must exist and equal exactly these records (TTL 0 in prerequisites).
   */
  private void requireExactly(Update u, RecordSet before) {
    for (Record r : wire(before)) {
      u.present(Record.newRecord(r.getName(), r.getType(), DClass.IN, 0, r.rdataToWireCanonical()));
    }
  }

  /**
   * Wire records of a set, reusing the exact form read from the server for values it already holds.
   */
  private List<Record> wire(RecordSet set) {
    Map<String, Record> seen = lastRead.getOrDefault(set.key(), Map.of());
    List<Record> out = new ArrayList<>();
    for (String v : set.values()) {
      Record known = seen.get(v);
      if (known instanceof TXTRecord txt) {
        out.add(WireRecords.txt(txt.getName(), set.ttl(), WireRecords.strings(txt)));
      } else {
        out.add(WireRecords.toWire(set.name(), set.type(), set.ttl(), v));
      }
    }
    return out;
  }

  private void send(List<Operation> batch) throws DnsProviderException {
    Name zone = batch.get(0).zone;
    Update update = new Update(zone);
    batch.forEach(op -> op.writer.accept(update));
    String what = "updating " + batch.size() + " RRset(s) in zone " + zone;
    Message response;
    budget.take();
    try {
      messagesSent.incrementAndGet();
      response = tcp.send(update);
    } catch (IOException e) {
      throw Rfc2136Errors.io(what, settings, e);
    } finally {
      batch.forEach(op -> lastRead.remove(op.key));
    }
    DnsProviderException problem = Rfc2136Errors.check(what, settings, response, true);
    if (problem != null) {
      throw problem;
    }
  }

  @Override
  public String toString() {
    return "Rfc2136Adapter[" + settings + "]";
  }
}
