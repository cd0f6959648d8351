package dev.senderdomain.operator.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.crud.CrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Fabric8 CRUD mock with its objects also indexed by name, as a real API server finds an object
 * by its path: a GET, PUT or PATCH of one object, and the existence check of a POST, look at the
 * objects of that name only instead of scanning every stored object ({@code
 * AttributeSet.satisfiesAttribute} on each). Lists and watches still scan, as before; informers
 * list once. Everything else (the store, resource versions, watch events, status subresources) is
 * the mock's own: the store is the mock's map with the index kept beside it on every put and
 * remove.
 */
class IndexedCrudDispatcher extends KubernetesCrudDispatcher {
  private final NameIndexedMap store;

  IndexedCrudDispatcher() {
    this.store = new NameIndexedMap();
    try {
      // The mock keeps its objects in a protected final LinkedHashMap: swap in the indexed one
      // before any object is stored.
      Field map = CrudDispatcher.class.getDeclaredField("map");
      map.setAccessible(true);
      map.set(this, store);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot index the CRUD mock's store", e);
    }
  }

  @Override
  public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
    String name = name(query);
    if (name == null) {
      return super.findResource(query);
    }
    for (AttributeSet key : store.named(name)) {
      if (key.matches(query)) {
        String value = store.getSynchronized(key);
        if (value != null) {
          return new AbstractMap.SimpleImmutableEntry<>(key, value);
        }
      }
    }
    return null;
  }

  @Override
  public MockResponse handleGet(String path) {
    if (path.contains("watch=") || path.contains("/status")) {
      return super.handleGet(path);
    }
    AttributeSet query = getAttributeExtractor().fromPath(path);
    if (name(query) == null) {
      return super.handleGet(path);
    }
    Map.Entry<AttributeSet, String> found = findResource(query);
    if (found == null) {
      return new MockResponse()
          .setResponseCode(404)
          .setBody(
              "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\","
                  + "\"reason\":\"NotFound\",\"code\":404}");
    }
    return new MockResponse().setResponseCode(200).setBody(found.getValue());
  }

  private static String name(AttributeSet set) {
    Attribute a = set.getAttribute(KubernetesAttributesExtractor.NAME);
    return a == null ? null : a.getValues().toString();
  }

  /** The mock's store, with its keys also kept by object name. */
  private static final class NameIndexedMap extends LinkedHashMap<AttributeSet, String> {
    private final transient Map<String, Set<AttributeSet>> byName = new HashMap<>();

    @Override
    public synchronized String put(AttributeSet key, String value) {
      String name = name(key);
      if (name != null) {
        byName.computeIfAbsent(name, n -> new LinkedHashSet<>()).add(key);
      }
      return super.put(key, value);
    }

    @Override
    public synchronized String remove(Object key) {
      String previous = super.remove(key);
      if (key instanceof AttributeSet set && name(set) != null) {
        Set<AttributeSet> keys = byName.get(name(set));
        if (keys != null) {
          keys.remove(set);
        }
      }
      return previous;
    }

    @Override
    public synchronized void clear() {
      super.clear();
      byName.clear();
    }

    synchronized List<AttributeSet> named(String name) {
      return new ArrayList<>(byName.getOrDefault(name, Set.of()));
    }

    synchronized String getSynchronized(AttributeSet key) {
      return super.get(key);
    }
  }
}
