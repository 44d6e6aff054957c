package io.cdclake.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the throwaway database servers ({@link PostgresServer}, {@link MariaDbServer}) share: processes, owners, ports, clean-up. */
final class LocalServers {
  static final String HOST = "127.0.0.1";

  private LocalServers() {
  }

  static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /**
   * Gives {@code p} to the OS user the server runs as (when the tests run as root).
   *
   * @param product the server, for the error ("PostgreSQL")
   * @param debianPackage the package that creates the user, for the error
   */
  static void chown(Path p, String osUser, String product, String debianPackage) throws IOException {
    UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
    try {
      Files.setOwner(p, lookup.lookupPrincipalByName(osUser));
    } catch (java.nio.file.attribute.UserPrincipalNotFoundException e) {
      throw new IllegalStateException("Cannot start " + product + " as root: there is no " + osUser + " user to run it as;"
          + " run bin/ensure-test-deps (the Debian " + debianPackage + " package creates it)", e);
    }
  }

  /**
   * Runs a command to its end as {@code osUser} when we are root (else as ourselves), in UTC and a UTF-8 C
   * locale; a non-zero exit or no exit within {@code timeout} throws with the tail of its output.
   */
  static void runAs(String osUser, List<String> command, Duration timeout) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", osUser, "--"));
    }
    cmd.addAll(command);
    String name = Path.of(command.get(0)).getFileName().toString();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().put("TZ", "UTC");
    Path out = null;
    try {
      out = Files.createTempFile("cdclake-" + name + "-", ".log");
      pb.redirectOutput(out.toFile());
      Process p = pb.start();
      if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("Cannot run " + name + ": no exit within " + timeout.toSeconds() + " s");
      }
      if (p.exitValue() != 0) {
        throw new IllegalStateException("Cannot run " + name + ": exit code " + p.exitValue() + "; output:\n"
            + tail(Files.readString(out, StandardCharsets.UTF_8)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run " + name + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot run " + name + ": interrupted", e);
    } finally {
      if (out != null) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException ignored) {
          // a temp file left behind is harmless
        }
      }
    }
  }

  /** The last 30 lines of a log. */
  static String tail(String text) {
    String[] lines = text.split("\n");
    int from = Math.max(0, lines.length - 30);
    return String.join("\n", Arrays.asList(lines).subList(from, lines.length));
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    }
  }

  /** Best effort: a leftover temp folder must not fail a test. */
  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
