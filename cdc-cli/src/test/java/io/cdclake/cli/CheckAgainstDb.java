package io.cdclake.cli;

import io.cdclake.model.testing.SharedSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/** Runs {@code ../shared/tools/check-against-db.py}; tests skip when {@code ../shared} or {@code python3} is absent. */
final class CheckAgainstDb {
  private CheckAgainstDb() {}

  /** What the tool printed and its exit code. */
  record Result(int exitCode, String report) {
    List<String> lines() {
      return report.lines().toList();
    }
  }

  static boolean available() {
    Path tool = tool();
    return tool != null && Files.isRegularFile(tool) && hasPython3();
  }

  static Path tool() {
    Path shared = SharedSamples.rootOrNull();
    return shared == null ? null : shared.resolve("tools/check-against-db.py");
  }

  /** The tool's path, or skips the test (JUnit assumption) when it or python3 is absent. */
  static Path toolOrSkip() {
    Assumptions.assumeTrue(available(), "../shared/tools/check-against-db.py or python3 is absent");
    return tool();
  }

  static Result run(Path tool, String mode, Path ours, Path stateDir) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("python3", tool.toString(), mode, ours.toString(), stateDir.toString()).redirectErrorStream(true).start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("check-against-db.py did not finish in 120 s");
    }
    return new Result(p.exitValue(), report);
  }

  static boolean hasPython3() {
    try {
      Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
