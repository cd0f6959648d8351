package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Base of every object in the CRD classes: a field this version has no Java field for is kept, not
 * fatal. Such fields come from a newer CRD (applied before the new operator runs, as in every
 * upgrade that adds a field) or stay behind after a rollback. Failing on them would stop the
 * informer, and with it the whole operator, because of one object; dropping them would erase what a
 * newer version wrote the next time this one writes the object back.
 *
 * <p>Typos in manifests are not this class's concern: the API server prunes fields its CRD does not
 * know, and {@code validate} / {@code plan} / {@code push} refuse them against the CRD schema.
 */
public abstract class KeepsUnknownFields {
  // Sorted: written back in the same order from every process.
  @JsonIgnore private final SortedMap<String, Object> unknownFields = new TreeMap<>();

  @JsonAnySetter
  public void setUnknownField(String name, Object value) {
    unknownFields.put(name, value);
  }

  /** Fields read that this version does not know, written back as they were. */
  @JsonAnyGetter
  @JsonIgnore
  public Map<String, Object> unknownFields() {
    return unknownFields;
  }

  /**
   * Takes over the unknown fields of {@code older} that this object does not already carry, so that
   * an object rebuilt from scratch (a status) keeps what a newer version wrote into the one it
   * replaces.
   */
  public void keepUnknownFieldsOf(KeepsUnknownFields older) {
    if (older != null && older != this) {
      older.unknownFields.forEach(unknownFields::putIfAbsent);
    }
  }
}
