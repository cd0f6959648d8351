package dev.senderdomain.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.SchemaFrom;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The DMARC record at _dmarc.&lt;domain&gt; (RFC 7489, RFC 9989) and how it is rolled out. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DmarcSpec extends KeepsUnknownFields {
  @JsonPropertyDescription("Aggregate report addresses (rua), plain mailto: URIs.")
  public List<@Pattern("^mailto:[^\\s;,!]+@[^\\s;,!]+$") String> rua;

  @JsonPropertyDescription("Failure report addresses (ruf), plain mailto: URIs.")
  public List<@Pattern("^mailto:[^\\s;,!]+@[^\\s;,!]+$") String> ruf;

  @JsonPropertyDescription("Identifier alignment modes (adkim, aspf).")
  public Alignment alignment;

  @SchemaFrom(type = SchemaEnums.DmarcPolicy.class)
  @JsonPropertyDescription("Policy for subdomains (sp). Default: follows the rollout.")
  public String subdomainPolicy;

  @SchemaFrom(type = SchemaEnums.DmarcPolicy.class)
  @JsonPropertyDescription(
      "Policy for non-existent subdomains (np, RFC 9989). Default: not published.")
  public String nonExistentSubdomainPolicy;

  @JsonPropertyDescription("The walk from p=none to the target policy.")
  public Rollout rollout;

  /** adkim / aspf (RFC 7489 6.3). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Alignment extends KeepsUnknownFields {
    @SchemaFrom(type = SchemaEnums.Alignment.class)
    @JsonPropertyDescription(
        "adkim: relaxed (default, organizational domain match) or strict (exact match).")
    public String dkim;

    @SchemaFrom(type = SchemaEnums.Alignment.class)
    @JsonPropertyDescription("aspf: relaxed (default) or strict.")
    public String spf;
  }

  /** The rollout schedule. Dates are UTC calendar days (YYYY-MM-DD) or RFC 3339 instants. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @ValidationRule(
      value =
          "!has(self.start) || !has(self.targetDate) || timestamp(self.targetDate.size() == 10 ?"
              + " self.targetDate + 'T00:00:00Z' : self.targetDate) > timestamp(self.start.size() == 10 ?"
              + " self.start + 'T00:00:00Z' : self.start)",
      message = "targetDate must be after start")
  public static class Rollout extends KeepsUnknownFields {
    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z)?$")
    @JsonPropertyDescription("When enforcement starts (before it, p=none). Absent: stay at p=none.")
    public String start;

    @SchemaFrom(type = SchemaEnums.DmarcPolicy.class)
    @JsonPropertyDescription("The policy to reach: none, quarantine or reject (default).")
    public String targetPolicy;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription(
        "The pct the walk ends at, 1-100 (default 100). Raising it later continues the walk from"
            + " the step in effect; lowering it steps down at once.")
    public Integer targetPercent;

    @Pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}(:[0-9]{2})?Z)?$")
    @JsonPropertyDescription(
        "The target policy at targetPercent is in effect no later than this date (UTC).")
    public String targetDate;

    @Size(min = 1, max = 100)
    @ValidationRule(
        value = "self.isSorted() && self.all(p, self.exists_one(q, q == p))",
        message = "steps must be strictly ascending percentages, e.g. [1, 2, 5, 10, 25, 50, 100]")
    @JsonPropertyDescription(
        "The percentages of each stage, ascending (e.g. [1, 2, 5, 10, 25, 50, 100]); each stage"
            + " ends at 100 (the last at targetPercent). Absent: a daily curve from 1% on which no"
            + " step more than doubles.")
    public List<@Min(1) @Max(100) Integer> steps;

    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription(
        "How long p=none is held, from when it is first published, before the first enforcing"
            + " step, so aggregate reports arrive first, e.g. 7d (default), 48h, 0d.")
    public String monitorFor;

    @JsonPropertyDescription(
        "Hold the current step. When resumed, the remaining steps are re-spread.")
    public Boolean paused;

    @JsonPropertyDescription(
        "Hold each step up while aggregate reports show legitimate mail failing.")
    public Gate gate;
  }

  /** Report-based gate for stepping up. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Gate extends KeepsUnknownFields {
    @Min(0)
    @Max(100)
    @JsonPropertyDescription(
        "Minimum DMARC pass rate, in percent, of expected senders over the window.")
    public Double minPassRate;

    @Pattern("^[0-9]+[smhd]$")
    @JsonPropertyDescription("Window of reports considered, e.g. 7d.")
    public String window;

    @Min(0)
    @JsonPropertyDescription(
        "The gate applies only with at least this many messages in the window.")
    public Long minMessages;
  }
}
