package dev.senderdomain.operator.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A Secret volume laid out on disk as the kubelet's atomic writer lays it out, for a mail server to
 * read as it would in a pod:
 *
 * <pre>
 * dir/                               mode 1777 (the volume's tmpfs: world-writable, sticky)
 *   ..2026_12_03_22_00_00.123456789/ mode 0755, the files, mode {@code defaultMode}
 *   ..data -> ..2026_12_03_22_00_00.123456789
 *   sd2026a.key -> ..data/sd2026a.key   one symlink per data key
 * </pre>
 *
 * An update writes a new timestamped directory, swaps {@code ..data} with one rename, adds and
 * removes the top-level links and deletes the old directory, so a reader sees the old or the new
 * Secret and never a mix. With an {@code fsGroup} the files and directories get that group and
 * group read (the kubelet ORs 0440 into the mode: 0600 becomes 0640), the directories setgid.
 *
 * <p>{@link #mountedAtKeyDirectory} runs a command in a private mount namespace where this
 * directory is bind-mounted at {@value #MOUNT_PATH}, where the Secret's configuration files expect
 * their keys (the pod's {@code volumeMounts.mountPath}). Needs root and util-linux's unshare.
 */
public final class SecretVolume {
  public static final String MOUNT_PATH = "/etc/dkim/keys";
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("'..'yyyy_MM_dd_HH_mm_ss.");

  private final Path dir;
  private final Set<PosixFilePermission> fileMode;
  private final GroupPrincipal fsGroup;
  private final Map<String, String> current = new TreeMap<>();

  private SecretVolume(Path dir, int defaultMode, GroupPrincipal fsGroup) {
    this.dir = dir;
    this.fsGroup = fsGroup;
    this.fileMode = permissions(fsGroup == null ? defaultMode : defaultMode | 0440);
  }

  /**
   * An empty volume in {@code dir} (created).
   *
   * @param defaultMode the volume's {@code defaultMode}, e.g. {@code 0600}
   * @param fsGroup the pod's {@code securityContext.fsGroup} as a group name, or null for none
   */
  public static SecretVolume create(Path dir, int defaultMode, String fsGroup) {
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, permissions(0777));
      // The sticky bit is not a PosixFilePermission.
      chmod("1777", dir);
      GroupPrincipal group =
          fsGroup == null
              ? null
              : dir.getFileSystem()
                  .getUserPrincipalLookupService()
                  .lookupPrincipalByGroupName(fsGroup);
      if (group != null) {
        Files.getFileAttributeView(dir, PosixFileAttributeView.class).setGroup(group);
      }
      return new SecretVolume(dir, defaultMode, group);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** The data as the volume shows it now. */
  public Map<String, String> data() {
    return Map.copyOf(current);
  }

  /** Writes {@code data} (plain values) as the kubelet does on a Secret update. */
  public void write(Map<String, String> data) {
    try {
      String name =
          ZonedDateTime.now(ZoneOffset.UTC).format(TIMESTAMP)
              + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
      Path ts = Files.createDirectory(dir.resolve(name));
      for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
        Path f = ts.resolve(e.getKey());
        Files.writeString(f, e.getValue(), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(f, fileMode);
        own(f);
      }
      Files.setPosixFilePermissions(ts, permissions(0755));
      own(ts);
      if (fsGroup != null) {
        chmod("2755", ts);
      }
      Path oldTarget =
          Files.isSymbolicLink(dir.resolve("..data"))
              ? dir.resolve(Files.readSymbolicLink(dir.resolve("..data")))
              : null;
      Path tmp = dir.resolve("..data_tmp");
      Files.deleteIfExists(tmp);
      Files.createSymbolicLink(tmp, Path.of(name));
      Files.move(tmp, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
      for (String key : data.keySet()) {
        Path link = dir.resolve(key);
        if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, Path.of("..data", key));
        }
      }
      for (String key : new ArrayList<>(current.keySet())) {
        if (!data.containsKey(key)) {
          Files.deleteIfExists(dir.resolve(key));
        }
      }
      if (oldTarget != null) {
        deleteTree(oldTarget);
      }
      current.clear();
      current.putAll(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code command} run in a private mount namespace with this volume at {@value #MOUNT_PATH}
   * (created empty on the host when missing, as a mount point only).
   */
  public List<String> mountedAtKeyDirectory(List<String> command) {
    try {
      Files.createDirectories(Path.of(MOUNT_PATH));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> full = new ArrayList<>();
    full.addAll(
        List.of(
            "unshare",
            "--mount",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount --bind \"$0\" " + MOUNT_PATH + " && exec \"$@\"",
            dir.toString()));
    full.addAll(command);
    return full;
  }

  private void own(Path p) throws IOException {
    if (fsGroup != null) {
      Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setGroup(fsGroup);
    }
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    StringBuilder sb = new StringBuilder();
    String rwx = "rwxrwxrwx";
    for (int bit = 8; bit >= 0; bit--) {
      sb.append((mode & (1 << bit)) != 0 ? rwx.charAt(8 - bit) : '-');
    }
    return PosixFilePermissions.fromString(sb.toString());
  }

  private static void chmod(String mode, Path p) throws IOException {
    try {
      Process chmod = new ProcessBuilder("chmod", mode, p.toString()).inheritIO().start();
      if (chmod.waitFor() != 0) {
        throw new IOException("chmod " + mode + " " + p + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
        for (Path c : children) {
          deleteTree(c);
        }
      }
    }
    Files.deleteIfExists(p);
  }
}
