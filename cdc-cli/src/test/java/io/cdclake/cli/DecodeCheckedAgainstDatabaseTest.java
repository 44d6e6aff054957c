package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.testing.SharedSamples;
import io.cdclake.testsupport.CapturedStream;
import io.cdclake.testsupport.DatabaseState;
import io.cdclake.testsupport.DebeziumCapture;
import io.cdclake.testsupport.DebeziumCapture.JsonForm;
import io.cdclake.testsupport.PostgresServer;
import io.cdclake.testsupport.Workload;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cdc-lake decode} on a real capture (PostgreSQL + Debezium, the standard workload, JSON with
 * schema as {@code {"key":…,"value":…}} lines), its output checked against the database with the
 * shared tool {@code ../shared/tools/check-against-db.py}. Skips when {@code ../shared} or
 * {@code python3} is absent.
 *
 * <p>The STATE_DIR leaves out what the tool cannot compare (it is not ours to change): text[]
 * columns (it reads every array as integers) and the keyless table {@code no_key} (its replay keys
 * keyless rows by their content, so two equal rows collapse into one). The Java integration test
 * {@code PostgresDebeziumDecodeIT} compares those value by value.
 */
@EnabledIf(value = "toolAndPythonPresent", disabledReason = "../shared/tools/check-against-db.py or python3 is absent")
class DecodeCheckedAgainstDatabaseTest {
  @RegisterExtension static final PostgresServer PG = PostgresServer.create();

  static boolean toolAndPythonPresent() {
    Path tool = tool();
    return tool != null && Files.isRegularFile(tool) && hasPython3();
  }

  private static Path tool() {
    Path shared = SharedSamples.rootOrNull();
    return shared == null ? null : shared.resolve("tools/check-against-db.py");
  }

  @Test
  void decodeOutputMatchesTheDatabasePerCheckAgainstDb(@TempDir Path dir) throws Exception {
    Path tool = tool();

    CapturedStream stream = DebeziumCapture.of(PG).run(Workload.standard());
    Path input = dir.resolve("capture.ndjson");
    stream.writeNdjson(input, JsonForm.WITH_SCHEMA);
    Path events = dir.resolve("events.jsonl");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream out = new PrintStream(Files.newOutputStream(events), false, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"decode", "--format", "debezium-json", "--skip-errors", input.toString()}, InputStream.nullInputStream(), out, e);
    }
    String decodeErr = err.toString(StandardCharsets.UTF_8);

    Path state = dir.resolve("state");
    try (Connection c = PG.connect()) {
      DatabaseState.writeCheckStateDir(c, "public", state, (table, column) -> !table.equals("no_key") && !column.equals("c_text_arr"));
    }
    Process p = new ProcessBuilder("python3", tool.toString(), "decode", events.toString(), state.toString()).redirectErrorStream(true).start();
    String report = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    List<String> lines = report.lines().toList();
    System.out.println("DecodeCheckedAgainstDatabaseTest: " + stream.describeTimings() + "\n  decode: "
        + decodeErr.lines().reduce((a, b) -> b).orElse("") + "\n  check-against-db.py: " + String.join("\n  ", lines));

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(p.exitValue()).as("check-against-db.py exit code; its report:\n%s", report).isZero();
    soft.assertThat(lines).as("check-against-db.py report").last().asString().contains(" 0 cells differ");
    soft.assertThat(code).as("decode exit code").isZero();
    soft.assertThat(decodeErr).as("decode errors").contains(" 0 errors");
    soft.assertAll();
  }

  private static boolean hasPython3() {
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
