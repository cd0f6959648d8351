package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * No Docker engine runs here, so the Dockerfile is checked statically: its stages exist, its COPY
 * sources are real paths of this build (the jar the shade plugin writes, per pom.xml), and it
 * agrees with the chart and the Jib profile on user, port, entrypoint and JVM sizing.
 */
class DockerfileTest {
  static DockerfileInstructions dockerfile;
  static Document pom;
  static XPath xpath = XPathFactory.newInstance().newXPath();

  @BeforeAll
  static void parse() throws Exception {
    dockerfile =
        DockerfileInstructions.parse(Files.readString(HelmChart.PROJECT.resolve("Dockerfile")));
    pom =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(HelmChart.PROJECT.resolve("pom.xml").toFile());
  }

  @Test
  void buildsWithMavenAndRunsOnASmallJre() {
    assertThat(dockerfile.stages()).hasSize(2);
    assertThat(dockerfile.stage("build").image()).startsWith("maven:").contains("17");
    assertThat(dockerfile.last().image()).contains("17-jre");
  }

  @Test
  void copiesTheJarThatTheShadePluginWritesFromTheBuildStage() throws Exception {
    String finalName = pomText("/project/build/finalName");
    assertThat(
            pomText(
                "/project/build/plugins/plugin[artifactId='maven-shade-plugin']/executions/execution/phase"))
        .isEqualTo("package");
    // The shaded jar replaces the main artifact unless it is attached under a classifier.
    assertThat(pomText("//plugin[artifactId='maven-shade-plugin']//shadedArtifactAttached"))
        .isNotEqualTo("true");
    String workdir = dockerfile.stage("build").last("WORKDIR");
    List<String> copy =
        words(
            dockerfile.last().all("COPY").stream()
                .filter(c -> c.arguments().startsWith("--from=build"))
                .findFirst()
                .orElseThrow()
                .arguments());
    assertThat(copy.get(1)).isEqualTo(workdir + "/target/" + finalName + ".jar");
    assertThat(copy.get(2)).isEqualTo("/app/" + finalName + ".jar");
  }

  @Test
  void buildStageCopiesOnlyPathsThatExistAndAreNotDockerIgnored() throws Exception {
    List<String> ignored =
        Files.readAllLines(HelmChart.PROJECT.resolve(".dockerignore")).stream()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#"))
            .map(l -> l.replaceAll("/$", ""))
            .toList();
    var copies = dockerfile.stage("build").all("COPY");
    assertThat(copies).hasSizeGreaterThanOrEqualTo(2);
    for (var copy : copies) {
      List<String> sources = words(copy.arguments()).subList(0, words(copy.arguments()).size() - 1);
      for (String source : sources) {
        assertThat(HelmChart.PROJECT.resolve(source)).as(copy.arguments()).exists();
        assertThat(ignored)
            .as(".dockerignore must not hide " + source)
            .doesNotContain(source.replaceAll("/$", ""));
      }
    }
    assertThat(ignored).contains("target");
  }

  @Test
  void runsAsTheNumericNonRootUserThatTheChartExpects() {
    String user = dockerfile.last().last("USER");
    assertThat(user).matches("[1-9][0-9]*:[1-9][0-9]*");
    var pod = HelmChart.renderDefaults().one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getSecurityContext().getRunAsUser())
        .isEqualTo(Long.parseLong(user.split(":")[0]));
    assertThat(pod.getSecurityContext().getRunAsGroup())
        .isEqualTo(Long.parseLong(user.split(":")[1]));
  }

  @Test
  void entrypointStartsTheCopiedJarAndTheChartPassesOnlyTheCommand() throws Exception {
    ObjectMapper json = new ObjectMapper();
    String[] entrypoint = json.readValue(dockerfile.last().last("ENTRYPOINT"), String[].class);
    assertThat(entrypoint)
        .containsExactly("java", "-jar", "/app/" + pomText("/project/build/finalName") + ".jar");
    assertThat(json.readValue(dockerfile.last().last("CMD"), String[].class))
        .containsExactly("run");
    var container =
        HelmChart.renderDefaults()
            .one(Deployment.class)
            .getSpec()
            .getTemplate()
            .getSpec()
            .getContainers()
            .get(0);
    assertThat(container.getCommand()).isEmpty();
    assertThat(container.getArgs()).containsExactly("run");
    assertThat(dockerfile.last().last("EXPOSE"))
        .isEqualTo(String.valueOf(container.getPorts().get(0).getContainerPort()));
  }

  @Test
  void sizesTheHeapFromTheContainerLimitInsteadOfAFixedXmx() {
    String env = dockerfile.last().last("ENV");
    assertThat(env)
        .startsWith("JAVA_TOOL_OPTIONS=")
        .contains("-XX:MaxRAMPercentage=")
        .doesNotContain("-Xmx");
  }

  @Test
  void jibProfileBuildsTheSameImageAndIsNotPartOfTheDefaultBuild() throws Exception {
    assertThat(pomText("/project/build/plugins/plugin[artifactId='jib-maven-plugin']/artifactId"))
        .isEmpty();
    String jib =
        "/project/profiles/profile[id='jib']/build/plugins/plugin[artifactId='jib-maven-plugin']";
    assertThat(pomText(jib + "/executions")).as("Jib must not be bound to a phase").isEmpty();
    assertThat(pomText(jib + "/configuration/from/image")).isEqualTo(dockerfile.last().image());
    assertThat(pomText(jib + "/configuration/container/user"))
        .isEqualTo(dockerfile.last().last("USER"));
    assertThat(pomText(jib + "/configuration/container/ports/port"))
        .isEqualTo(dockerfile.last().last("EXPOSE"));
    assertThat(pomText(jib + "/configuration/container/args/arg")).isEqualTo("run");
    assertThat(pomTexts(jib + "/configuration/container/jvmFlags/jvmFlag"))
        .anyMatch(f -> f.startsWith("-XX:MaxRAMPercentage="));
    String mainClass = pomText(jib + "/configuration/container/mainClass");
    assertThat(mainClass).isEqualTo(pomText("//transformer/mainClass"));
    assertThat(Class.forName(mainClass)).isNotNull();
  }

  private static String pomText(String path) throws Exception {
    return ((String) xpath.evaluate(path, pom, XPathConstants.STRING)).strip();
  }

  private static List<String> pomTexts(String path) throws Exception {
    NodeList nodes = (NodeList) xpath.evaluate(path, pom, XPathConstants.NODESET);
    return IntStream.range(0, nodes.getLength())
        .mapToObj(i -> nodes.item(i).getTextContent().strip())
        .toList();
  }

  private static List<String> words(String arguments) {
    return Arrays.asList(arguments.strip().split("\\s+"));
  }
}
