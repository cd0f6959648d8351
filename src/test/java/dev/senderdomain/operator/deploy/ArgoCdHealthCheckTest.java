package dev.senderdomain.operator.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * deploy/argocd/health.lua, the health check documented for Argo CD, run by a real Lua 5.1
 * interpreter (Argo CD runs these scripts in gopher-lua, a Lua 5.1) on SenderDomain objects;
 * .ci/services/lua.sh installs lua5.1.
 */
class ArgoCdHealthCheckTest {
  static final Path SCRIPT = HelmChart.PROJECT.resolve("deploy/argocd/health.lua");
  static Path lua;

  @TempDir Path tmp;

  @BeforeAll
  static void findOrInstallLua() throws Exception {
    lua = onPath("lua5.1");
    if (lua == null) {
      Process install =
          new ProcessBuilder("bash", HelmChart.PROJECT.resolve(".ci/services/lua.sh").toString())
              .inheritIO()
              .start();
      assertThat(install.waitFor(300, TimeUnit.SECONDS)).isTrue();
      lua = onPath("lua5.1");
    }
    assertThat(lua).as("lua5.1 (install with .ci/services/lua.sh)").isNotNull();
  }

  static Stream<Arguments> objects() {
    String ready = "{type: Ready, status: 'True', reason: Published, message: 7 records published}";
    String failing =
        "{type: Ready, status: 'False', reason: ProviderError, message: 'REFUSED from ns1.example.com'}";
    return Stream.of(
        Arguments.of(
            "{metadata: {generation: 1}}",
            "Progressing",
            "Waiting for the operator to report status"),
        Arguments.of(senderDomain(1, 1, ready), "Healthy", "Published: 7 records published"),
        Arguments.of(
            senderDomain(2, 2, "{type: KeysReady, status: 'True'}", failing),
            "Degraded",
            "ProviderError: REFUSED from ns1.example.com"),
        Arguments.of(
            senderDomain(3, 3, "{type: Ready, status: Unknown, reason: Reconciling}"),
            "Progressing",
            "Reconciling: "),
        Arguments.of(
            senderDomain(4, 3, ready),
            "Progressing",
            "Waiting for the operator to observe generation 4"),
        Arguments.of(
            "{metadata: {generation: 1}, status: {conditions: [{type: KeysReady, status: 'True'}]}}",
            "Progressing",
            "Waiting for the Ready condition"));
  }

  static String senderDomain(int generation, int observedGeneration, String... conditions) {
    return "{metadata: {generation: "
        + generation
        + "}, status: {observedGeneration: "
        + observedGeneration
        + ", conditions: ["
        + String.join(", ", conditions)
        + "]}}";
  }

  @ParameterizedTest(name = "{1}: {0}")
  @MethodSource("objects")
  void mapsTheReadyConditionToArgoCdHealth(String object, String status, String message)
      throws Exception {
    JsonNode obj = new ObjectMapper(new YAMLFactory()).readTree(object);
    Path program = tmp.resolve("check.lua");
    Files.writeString(
        program,
        "obj = "
            + luaTable(obj)
            + "\nlocal function check()\n"
            + Files.readString(SCRIPT)
            + "\nend\nlocal hs = check()\nio.write(hs.status, \"\\n\", hs.message)\n");
    Process run =
        new ProcessBuilder(lua.toString(), program.toString()).redirectErrorStream(true).start();
    String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.exitValue()).as(out).isZero();
    assertThat(out).isEqualTo(status + "\n" + message);
  }

  @Test
  void installDocsShowTheTestedScript() throws Exception {
    String docs = Files.readString(HelmChart.PROJECT.resolve("docs/install.md"));
    String indented =
        Files.readString(SCRIPT)
            .lines()
            .map(l -> l.isEmpty() ? l : "    " + l)
            .reduce((a, b) -> a + "\n" + b)
            .orElseThrow();
    assertThat(docs).contains(indented);
  }

  /** A JSON value as a Lua table constructor, the way Argo CD hands the object to the script. */
  static String luaTable(JsonNode node) {
    if (node.isObject()) {
      StringBuilder out = new StringBuilder("{");
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        out.append('[')
            .append(luaString(field.getKey()))
            .append("]=")
            .append(luaTable(field.getValue()))
            .append(',');
      }
      return out.append('}').toString();
    }
    if (node.isArray()) {
      StringBuilder out = new StringBuilder("{");
      node.forEach(item -> out.append(luaTable(item)).append(','));
      return out.append('}').toString();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.asText();
    }
    return node.isNull() ? "nil" : luaString(node.asText());
  }

  private static String luaString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  private static Path onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst()
        .orElse(null);
  }
}
