package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.InstallCommand;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * NOTES.txt, as `helm install` prints it (client-only dry run): the next step, with files that
 * exist.
 */
class HelmChartNotesTest {
  static String notes(Map<String, Object> sets) {
    InstallCommand install =
        HelmChart.helm()
            .install()
            .withName(HelmChart.RELEASE)
            .withNamespace(HelmChart.NAMESPACE)
            .withKubeVersion(HelmChart.KUBE_VERSION)
            .clientOnly()
            .dryRun();
    for (Map.Entry<String, Object> set : sets.entrySet()) {
      install = install.set(set.getKey(), set.getValue());
    }
    String output = install.call().getOutput();
    return output.substring(output.indexOf("NOTES:"));
  }

  @Test
  void tellsTheUserToApplyADnsProviderAndASenderDomainFromExamplesThatExist() {
    String notes = notes(Map.of());
    assertThat(notes)
        .contains(
            "DnsProvider", "get senderdomains", "rollout status deployment/" + HelmChart.RELEASE);
    Matcher example = Pattern.compile("deploy/examples/[\\w.-]+\\.yaml").matcher(notes);
    int found = 0;
    while (example.find()) {
      assertThat(HelmChart.PROJECT.resolve(example.group())).exists();
      found++;
    }
    assertThat(found).isGreaterThanOrEqualTo(2);
  }

  @Test
  void warnsThatTwoReplicasWithTheEmbeddedStoreKeepReportsApart() {
    assertThat(notes(Map.of())).doesNotContain("WARNING");
    assertThat(notes(Map.of("replicaCount", 2)))
        .contains("WARNING: 2 replicas with the embedded report store");
  }

  @Test
  void namesTheWatchedNamespacesInNamespacedMode() {
    assertThat(notes(Map.of("watchNamespaces[0]", "team-a", "watchNamespaces[1]", "team-b")))
        .contains("It watches only these namespaces: team-a, team-b.");
  }
}
