package dev.senderdomain.operator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Figures of another process from Linux /proc (BIND, the operator process of the start-up
 * benchmark).
 */
final class ProcStat {
  private static final double TICKS = 100.0; // USER_HZ, 100 on every Linux we run on

  private ProcStat() {}

  /** utime + stime of /proc/PID/stat, in seconds. */
  static double cpuSeconds(Path stat) throws IOException {
    String s = Files.readString(stat);
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
  }

  /** A "VmRSS:" style line of /proc/PID/status, in bytes. */
  static long statusBytes(long pid, String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith(field + ":")) {
        return Long.parseLong(line.substring(field.length() + 1).replace("kB", "").trim()) * 1024;
      }
    }
    return -1;
  }
}
