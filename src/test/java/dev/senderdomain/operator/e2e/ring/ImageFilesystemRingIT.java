package dev.senderdomain.operator.e2e.ring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senderdomain.operator.testsupport.OperatorProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar on a filesystem like the container image's (eclipse-temurin alpine: no Debian {@code
 * /usr/share/publicsuffix}): in a private mount namespace an empty tmpfs hides the Debian list, and
 * the jar still finds organizational domains that only the whole public suffix list knows (deep
 * ICANN rules, the private section).
 */
class ImageFilesystemRingIT {
  static final String DEBIAN_LIST = "/usr/share/publicsuffix";

  @Test
  void withoutTheDebianListTheJarStillUsesTheWholePublicSuffixList(@TempDir Path dir)
      throws Exception {
    List<String> expected = new ArrayList<>();
    List<String> files = new ArrayList<>();
    String[][] cases = {
      {"mail.school.pvt.k12.ma.us", "school.pvt.k12.ma.us"},
      {"news.someone.github.io", "someone.github.io"},
      {"shop.example.gov.br", "example.gov.br"}
    };
    for (String[] c : cases) {
      Path f = dir.resolve(c[0] + ".yaml");
      Files.writeString(
          f,
          """
          apiVersion: senderdomain.dev/v1alpha1
          kind: SenderDomain
          metadata: {name: d, namespace: mail}
          spec: {domain: %s, providerRef: {name: p}}
          """
              .formatted(c[0]));
      files.add(f.toString());
      expected.add(
          "Organizational domain for RFC 7489 receivers (public suffix list, section 3.2): "
              + c[1]);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String launch =
        Files.exists(OperatorProcess.JAR)
            ? "-jar " + OperatorProcess.JAR.toAbsolutePath()
            : "-cp "
                + System.getProperty("java.class.path")
                + " dev.senderdomain.operator.cli.Main";
    String script =
        "mkdir -p "
            + DEBIAN_LIST
            + " && mount -t tmpfs none "
            + DEBIAN_LIST
            + " && test -z \"$(ls -A "
            + DEBIAN_LIST
            + ")\" && exec "
            + java
            + " "
            + launch
            + " plan "
            + String.join(" ", files);
    Process p =
        new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    Assumptions.assumeFalse(
        out.contains("unshare failed") || out.contains("Operation not permitted"),
        "needs a private mount namespace (root): " + out);
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out.lines().filter(l -> l.startsWith("Organizational domain")).toList())
        .containsExactlyElementsOf(expected);
  }
}
