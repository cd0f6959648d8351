package dev.senderdomain.operator.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on: cores, memory, CPU model, JVM, load at the start. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    String mem = "";
    String load = "";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .findFirst()
              .orElse(cpu);
      mem =
          Files.readAllLines(Path.of("/proc/meminfo")).stream()
              .filter(l -> l.startsWith("MemTotal"))
              .map(l -> l.replaceAll("\\s+", " "))
              .findFirst()
              .orElse("");
      load = Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      // not Linux: leave blank
    }
    return "cpu: "
        + Runtime.getRuntime().availableProcessors()
        + " x "
        + cpu
        + "; "
        + mem
        + "\n"
        + "jvm: "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + ", "
        + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments())
        + "\n"
        + "load average at start (1/5/15 min, runnable/total): "
        + load;
  }
}
