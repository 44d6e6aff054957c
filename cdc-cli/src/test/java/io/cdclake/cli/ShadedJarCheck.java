package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
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
 * The packaged CLI ({@code cdc-cli/target/cdc-lake.jar}, run by {@code bin/cdc-lake}) in separate
 * processes, after {@code package} (failsafe's integration-test phase, so {@code bin/test} runs it):
 * the shaded jar finds Iceberg's, Hadoop's and the JDBC driver's services, the README's main-job
 * command works from another folder with the default {@code ./warehouse}, a second run is a no-op,
 * and the real PostgreSQL capture that {@code PostgresDebeziumIngestIT} left in {@code target/e2e/}
 * gives the same tables through the jar as in-process.
 */
class ShadedJarCheck {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path JAR = Path.of("target", "cdc-lake.jar").toAbsolutePath();

  @TempDir
  Path dir;

  private record Run(int exitCode, String out, String err) {}

  private Run run(Path cwd, String... command) throws IOException, InterruptedException {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("%s finished", List.of(command)).isTrue();
    return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
  }

  private Run jar(Path cwd, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    return run(cwd, cmd.toArray(new String[0]));
  }

  private static String golden(String name) throws IOException {
    return Files.readString(Path.of("src/test/resources/show/" + name), StandardCharsets.UTF_8);
  }

  @Test
  void theReadmeMainJobWorksThroughTheLauncherFromAnotherFolder() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "the shaded jar is built by package");
    String launcher = ROOT.resolve("bin/cdc-lake").toString();
    String sample = ROOT.resolve("examples/orders.debezium.ndjson").toString();
    Path cwd = Files.createDirectories(dir.resolve("user"));

    Run ingest = run(cwd, launcher, "ingest", "--format", "debezium-json", sample);
    Run show = run(cwd, launcher, "show", "--table", "inventory.orders");

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    assertThat(ingest.err()).as("no library noise on stderr").doesNotContain("WARN").doesNotContain("INFO");
    assertThat(ingest.err().lines().reduce((a, b) -> b).orElse("")).isEqualTo(IngestAndShowTest.SAMPLE_SUMMARY);
    assertThat(Files.isRegularFile(cwd.resolve("warehouse/catalog.db"))).as("the default ./warehouse").isTrue();
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(show.out()).isEqualTo(golden("orders.csv"));
    assertThat(jar(cwd, "show", "--table", "inventory.customers", "--format", "json").out()).isEqualTo(golden("customers.json"));
    assertThat(jar(cwd, "show").out()).isEqualTo(golden("tables.csv"));

    Run again = jar(cwd, "ingest", "--format", "debezium-json", sample);
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains(" 0 commits, ");
  }

  @Test
  void theRealCaptureGivesTheSameTablesThroughTheJar() throws Exception {
    Assumptions.assumeTrue(Files.isRegularFile(JAR), "the shaded jar is built by package");
    Path e2e = Path.of("target", "e2e").toAbsolutePath();
    Assumptions.assumeTrue(Files.isRegularFile(e2e.resolve("tables.txt")), "PostgresDebeziumIngestIT ran in this build");

    Run ingest = jar(dir, "ingest", "--format", "debezium-json", "--warehouse", "wh", e2e.resolve("capture.ndjson").toString());

    assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    // every table's row count, and the rows of the two richest tables (every type; no key, duplicate rows): a JVM per show is slow
    List<String> tables = Files.readAllLines(e2e.resolve("tables.txt"));
    assertThat(tables).isNotEmpty();
    Run list = jar(dir, "show", "--warehouse", "wh", "--format", "json");
    assertThat(list.out().lines()).hasSize(tables.size());
    for (String table : tables) {
      long rows = Files.readString(e2e.resolve(table + ".json"), StandardCharsets.UTF_8).lines().count();
      assertThat(list.out()).contains("{\"table\":\"" + table + "\",\"rows\":" + rows + "}");
    }
    List<String> rich = tables.stream().filter(t -> t.endsWith(".all_types") || t.endsWith(".no_key")).toList();
    assertThat(rich).hasSize(2);
    for (String table : rich) {
      Run show = jar(dir, "show", "--warehouse", "wh", "--table", table, "--format", "json");
      assertThat(show.exitCode()).as(show.err()).isZero();
      assertThat(show.out()).as(table).isEqualTo(Files.readString(e2e.resolve(table + ".json"), StandardCharsets.UTF_8));
    }
    System.out.printf("ShadedJarCheck: %d tables of the real capture through the jar; %s%n", tables.size(),
        ingest.err().lines().reduce((a, b) -> b).orElse(""));
  }
}
