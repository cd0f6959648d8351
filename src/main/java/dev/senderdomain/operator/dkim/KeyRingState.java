package dev.senderdomain.operator.dkim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The key ring's lifecycle state as JSON in the {@value DkimSecretCodec#STATE_ANNOTATION}
 * annotation, kept with the keys so it survives a lost status and so the operator and {@code push}
 * share one lifecycle. Public facts only.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
final class KeyRingState {
  static final int VERSION = 1;
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  public int version = VERSION;
  public int nextSelectorIndex;
  public String rotationToken;
  public List<String> removedSelectors = new ArrayList<>();
  public List<Entry> keys = new ArrayList<>();

  /** One key's public facts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  static final class Entry {
    public String selector;
    public String algorithm;
    public String state;
    public String since;
  }

  String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write key ring state", e);
    }
  }

  static KeyRingState fromJson(String json, String where) {
    KeyRingState state;
    try {
      state = JSON.readValue(json, KeyRingState.class);
    } catch (JsonProcessingException e) {
      throw new DkimKeyException(
          where + ": not valid key ring JSON (" + e.getOriginalMessage() + ")");
    }
    if (state == null) {
      throw new DkimKeyException(where + ": empty");
    }
    if (state.version != VERSION) {
      throw new DkimKeyException(
          where
              + ": version "
              + state.version
              + " is not supported (expected "
              + VERSION
              + "); was it written by a newer operator?");
    }
    if (state.keys == null) {
      state.keys = new ArrayList<>();
    }
    if (state.removedSelectors == null) {
      state.removedSelectors = new ArrayList<>();
    }
    return state;
  }
}
