package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and did. Written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SenderDomainStatus extends KeepsUnknownFields {
  @JsonPropertyDescription("The metadata.generation this status describes.")
  public Long observedGeneration;

  @JsonPropertyDescription(
      "Ready, KeysReady, RecordsPublished, RecordsVerified, ... (Kubernetes API conventions).")
  public List<Condition> conditions = new ArrayList<>();

  @JsonPropertyDescription(
      "Every record the domain needs, as published (or to paste by hand for a manual provider).")
  public List<RecordStatus> records;

  @JsonPropertyDescription(
      "Records this domain needs in zones the operator does not publish to, e.g. the RFC 7489"
          + " 7.1 authorization at <domain>._report._dmarc.<rua domain> for a rua address in another domain.")
  public List<RecordStatus> externalRecords;

  @JsonPropertyDescription("The DMARC rollout step in effect.")
  public DmarcStatus dmarc;

  @JsonPropertyDescription("The DKIM key ring.")
  public DkimStatus dkim;

  @JsonPropertyDescription("Summary of the DMARC aggregate reports received for the domain.")
  public ReportsStatus reports;

  /**
   * Also for the objects nested in the status. List items (records, conditions, keys) are the
   * operator's computation, replaced whole at every write.
   */
  @Override
  public void keepUnknownFieldsOf(KeepsUnknownFields older) {
    super.keepUnknownFieldsOf(older);
    if (older instanceof SenderDomainStatus o) {
      if (dmarc != null) {
        dmarc.keepUnknownFieldsOf(o.dmarc);
      }
      if (dkim != null) {
        dkim.keepUnknownFieldsOf(o.dkim);
      }
      if (reports != null) {
        reports.keepUnknownFieldsOf(o.reports);
      }
    }
  }

  /** One DNS record. TXT values are the whole logical string (not split into 255-octet pieces). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class RecordStatus extends KeepsUnknownFields {
    public String name;
    public String type;
    public Long ttl;
    public String value;

    @JsonPropertyDescription("Whether the zone's authoritative servers serve this record as shown.")
    public Boolean served;

    public RecordStatus() {}

    public RecordStatus(String name, String type, long ttl, String value) {
      this.name = name;
      this.type = type;
      this.ttl = ttl;
      this.value = value;
    }
  }

  /** The DMARC step in effect and the next one. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DmarcStatus extends KeepsUnknownFields {
    @JsonPropertyDescription("none, quarantine or reject.")
    public String policy;

    @JsonPropertyDescription("Percentage for RFC 7489 receivers (100 when not ramping).")
    public Integer pct;

    @JsonPropertyDescription("Whether t=y (RFC 9989 testing) is published.")
    public Boolean testing;

    @JsonPropertyDescription("The published _dmarc TXT value.")
    public String record;

    @JsonPropertyDescription("monitor, quarantine, reject or complete.")
    public String stage;

    @JsonPropertyDescription(
        "When the record changes next (RFC 3339), absent when the rollout is complete.")
    public String nextStepAt;

    @JsonPropertyDescription("When the target policy at targetPercent is expected to be in effect.")
    public String expectedCompletion;

    @JsonPropertyDescription(
        "Deprecated, no longer written: the ladder index earlier versions kept. Read once so an"
            + " upgrade resumes at the step it had published; policy, pct, testing and since are"
            + " the rollout's memory now.")
    public Integer stepIndex;

    @JsonPropertyDescription("When the step in effect was first published (RFC 3339).")
    public String since;

    @JsonPropertyDescription(
        "True while this record is published by hand (no providerRef, or a manual provider) and the"
            + " domain's authoritative servers do not serve it yet: paste it; the rollout takes no"
            + " further step until it is served.")
    public Boolean pending;

    @JsonPropertyDescription(
        "The steps that were in effect, oldest first (at most 100): each _dmarc record as it was"
            + " published and since when. The dashboard's rollout view shows these as the past.")
    public List<PublishedStep> history;
  }

  /** A DMARC step that was published, and since when. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class PublishedStep extends KeepsUnknownFields {
    @JsonPropertyDescription("When the step took effect (RFC 3339).")
    public String since;

    @JsonPropertyDescription("none, quarantine or reject.")
    public String policy;

    @JsonPropertyDescription("Percentage for RFC 7489 receivers.")
    public Integer pct;

    @JsonPropertyDescription("Whether t=y (RFC 9989 testing) was published.")
    public Boolean testing;

    @JsonPropertyDescription("The _dmarc TXT value published.")
    public String record;

    public PublishedStep() {}

    public PublishedStep(String since, String policy, Integer pct, Boolean testing, String record) {
      this.since = since;
      this.policy = policy;
      this.pct = pct;
      this.testing = testing;
      this.record = record;
    }
  }

  /** The DKIM key ring as published. Never contains private key material. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class DkimStatus extends KeepsUnknownFields {
    @JsonPropertyDescription("Name of the Secret holding the keys.")
    public String secretName;

    @JsonPropertyDescription(
        "Active selector per algorithm, comma separated, e.g. sd2027a (for printer columns).")
    public String activeSelectors;

    public List<KeyStatus> keys;
  }

  /** One DKIM key's public facts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KeyStatus extends KeepsUnknownFields {
    public String selector;
    public String algorithm;
    public Integer bits;
    public String state;
    public String since;
    public String nextTransition;
  }

  /** Aggregate-report summary over the last days. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ReportsStatus extends KeepsUnknownFields {
    public String window;
    public Long messages;
    public Double passRate;
    public String lastReportAt;
    public List<SourceSummary> failingSources;

    /** The senders failing DMARC most, each with what to change (see docs/reports-pipeline.md). */
    public List<SenderAdvice> senders;
  }

  /** A sender (an ESP, a mail host, your own servers) whose mail fails DMARC, and the fix. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SenderAdvice {
    public String sender;
    public Long messages;
    public Long failing;
    public String suggestion;
  }

  /** A sending source seen in reports. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class SourceSummary extends KeepsUnknownFields {
    public String ip;
    public Long messages;
    public Long failing;
    public String classification;
    public String sender;
  }
}
