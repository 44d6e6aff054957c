package io.cdclake.model.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the shared sample corpus ({@code ../shared} next to the checkout). Tests read samples from
 * there and skip when it is absent; the samples are never copied into the project.
 *
 * <p>The location comes from the system property {@code cdclake.shared} (the root pom sets it),
 * else the first {@code shared} folder found beside the working directory or one of its parents.
 */
public final class SharedSamples {
  private SharedSamples() {}

  /** The shared folder, or null when there is none. */
  public static Path rootOrNull() {
    String prop = System.getProperty("cdclake.shared");
    if (prop != null && Files.isDirectory(Paths.get(prop, "formats"))) {
      return Paths.get(prop).toAbsolutePath().normalize();
    }
    for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolveSibling("shared");
      if (Files.isDirectory(candidate.resolve("formats"))) {
        return candidate.normalize();
      }
    }
    return null;
  }

  /** The shared folder; skips the calling test when absent. */
  public static Path root() {
    Path root = rootOrNull();
    assumeTrue(root != null, "../shared is absent: sample tests skipped");
    return root;
  }

  /** A sample file under {@code formats/samples/}; skips the calling test when absent. */
  public static Path sample(String relative) {
    Path p = root().resolve("formats/samples").resolve(relative);
    assumeTrue(Files.isRegularFile(p), "sample absent: " + relative);
    return p;
  }

  /** Every regular file under {@code formats/samples/<folder>} except SOURCES.md, sorted; skips when absent. */
  public static List<Path> samplesIn(String folder) {
    Path dir = root().resolve("formats/samples").resolve(folder);
    assumeTrue(Files.isDirectory(dir), "sample folder absent: " + folder);
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().equals("SOURCES.md")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
