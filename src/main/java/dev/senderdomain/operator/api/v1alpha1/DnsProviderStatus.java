package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** Observed state of a provider. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DnsProviderStatus extends KeepsUnknownFields {
  public Long observedGeneration;
  public List<Condition> conditions = new ArrayList<>();
}
