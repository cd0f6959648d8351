package dev.senderdomain.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code kubectl get} shows for each kind, in crds/: the columns a person checks first, in
 * that order, Age last (the crd-generator alone would put it first), and the {@code sdo} category.
 */
class PrinterColumnsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "senderdomains|Domain,Ready,Reason,Policy,Pct,Age|Domain,Ready,Reason,Policy,Pct,Next"
            + " Step,Selector,Age",
        "dnsproviders|Ready,Reason,Age|Ready,Reason,Message,Age",
        "clusterdnsproviders|Ready,Reason,Age|Ready,Reason,Message,Age"
      })
  void kubectlGetShowsTheUsefulColumnsFirstAndAgeLast(String plural, String shown, String wide)
      throws IOException {
    CustomResourceDefinition crd =
        Serialization.unmarshal(
            Files.readString(Path.of("crds", plural + ".senderdomain.dev-v1.yml")),
            CustomResourceDefinition.class);
    List<CustomResourceColumnDefinition> columns =
        crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns();
    assertThat(columns.stream().filter(c -> c.getPriority() == 0).map(c -> c.getName()))
        .containsExactly(shown.split(","));
    assertThat(columns.stream().map(c -> c.getName())).containsExactly(wide.split(","));
    assertThat(crd.getSpec().getNames().getCategories()).containsExactly("sdo");
  }
}
