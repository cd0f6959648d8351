package dev.senderdomain.operator.dns.provider;

import dev.senderdomain.operator.dns.ChangeSet;
import dev.senderdomain.operator.dns.RecordKey;
import dev.senderdomain.operator.dns.RecordSet;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Passes every call to another adapter; a subclass overrides the calls it changes (a shared adapter
 * lent out whose writes go through a batcher; in tests, a request held at the provider). Closing it
 * does not close the adapter underneath.
 */
public class ForwardingAdapter implements DnsProviderAdapter {
  private final DnsProviderAdapter delegate;

  public ForwardingAdapter(DnsProviderAdapter delegate) {
    this.delegate = delegate;
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<RecordSet> read(Collection<RecordKey> keys) throws DnsProviderException {
    return delegate.read(keys);
  }

  @Override
  public void apply(ChangeSet changes) throws DnsProviderException {
    delegate.apply(changes);
  }

  @Override
  public boolean appliesAtomically(ChangeSet changes) {
    return delegate.appliesAtomically(changes);
  }

  @Override
  public Optional<String> zoneFor(String name) throws DnsProviderException {
    return delegate.zoneFor(name);
  }

  @Override
  public Optional<List<RecordSet>> readZone(String zone) throws DnsProviderException {
    return delegate.readZone(zone);
  }

  @Override
  public String check() throws DnsProviderException {
    return delegate.check();
  }

  @Override
  public boolean pushes() {
    return delegate.pushes();
  }
}
