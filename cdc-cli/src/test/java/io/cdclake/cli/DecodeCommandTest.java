package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
  private static final String INSERT = "{\"before\":null,\"after\":{\"id\":1,\"v\":\"a\"},\"source\":{\"connector\":\"postgresql\",\"db\":\"d\","
      + "\"schema\":\"s\",\"table\":\"t\",\"ts_ms\":1700000000000,\"lsn\":100,\"txId\":7},\"op\":\"c\",\"ts_ms\":1700000000001}";
  private static final String UNKNOWN_OP = INSERT.replace("\"op\":\"c\"", "\"op\":\"x\"");
  private static final String TRUNCATED = INSERT.substring(0, 40);

  static Path resource(String name) {
    try {
      return Paths.get(DecodeCommandTest.class.getResource("/decode/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The golden file holds the exact output for the fixture; run with {@code -Dcdclake.updateGolden=true}
   * to rewrite it after an intended change of the output format (then review the diff).
   */
  @Test
  void debeziumFixtureDecodesToTheGoldenOutput() throws IOException {
    // from stdin, so the transport positions of bare lines name "stdin", not a machine's path
    byte[] input = Files.readAllBytes(resource("debezium.ndjson"));
    CliRun r = CliRun.run(input, "decode", "--format", "debezium-json", "-");

    assertThat(r.exitCode()).as(r.err()).isZero();
    Path golden = Paths.get("src/test/resources/decode/debezium.expected.ndjson");
    if (Boolean.getBoolean("cdclake.updateGolden")) {
      Files.writeString(golden, r.out(), StandardCharsets.UTF_8);
    }
    assertThat(r.out()).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    assertThat(r.summary()).isEqualTo(
        "cdc-lake decode: 12 lines, 11 events (UPDATE 2, DELETE 2, SNAPSHOT_READ 2, TRUNCATE 1, TOMBSTONE 1, TX_BEGIN 1, TX_END 1, MESSAGE 1), 1 skipped, 0 errors");
  }

  @Test
  void badLineStopsTheRunWithItsLineNumberAndPrintsNothingForIt() {
    CliRun r = CliRun.run(INSERT + "\n" + TRUNCATED + "\n" + INSERT + "\n", "decode", "--format", "debezium-json");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(r.outLines()).hasSize(1).allSatisfy(l -> assertThat(l).startsWith("{\"op\":\"INSERT\""));
    assertThat(r.errLines()).hasSize(2);
    assertThat(r.errLines().get(0)).startsWith("cdc-lake decode: line 2: Cannot ").contains("input stdin/0@2");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 2 lines, 1 event (INSERT 1), 0 skipped, 1 error; stopped at the first error (--skip-errors goes on)");
  }

  @Test
  void skipErrorsCountsBadLinesAndGoesOn() {
    CliRun r = CliRun.run(INSERT + "\n" + TRUNCATED + "\n" + UNKNOWN_OP + "\n" + INSERT + "\n", "decode", "--format", "debezium-json",
        "--skip-errors", "-");

    assertThat(r.exitCode()).isZero();
    assertThat(r.outLines()).hasSize(2);
    assertThat(r.errLines()).hasSize(3);
    assertThat(r.errLines().get(0)).startsWith("cdc-lake decode: line 2: ");
    assertThat(r.errLines().get(1)).startsWith("cdc-lake decode: line 3: ").contains("op");
    assertThat(r.summary()).isEqualTo("cdc-lake decode: 4 lines, 2 events (INSERT 2), 0 skipped, 2 errors");
  }

  @Test
  void errorMessagesNeverCarryRowValues() {
    String secret = INSERT.replace("\"v\":\"a\"", "\"v\":\"SECRET-VALUE\"").replace("\"op\":\"c\"", "\"op\":\"x\"");
    CliRun r = CliRun.run(secret + "\n", "decode", "--format", "debezium-json");

    assertThat(r.exitCode()).isEqualTo(Main.EXIT_DECODE_ERRORS);
    assertThat(r.err()).contains("line 1").doesNotContain("SECRET-VALUE");
  }

  @Test
  void invalidUtf8IsAnErrorOfItsLineOnly() {
    byte[] bad = {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}', '\n'};
    byte[] good = (INSERT + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[good.length + bad.length + good.length];
    System.arraycopy(good, 0, input, 0, good.length);
    System.arraycopy(bad, 0, input, good.length, bad.length);
    System.arraycopy(good, 0, input, good.length + bad.length, good.length);

    CliRun r = CliRun.run(input, "decode", "--format", "debezium-json", "--skip-errors");

    assertThat(r.outLines()).hasSize(2);
    assertThat(r.errLines().get(0)).isEqualTo("cdc-lake decode: line 2: Cannot read input line: not valid UTF-8 (input=stdin)");
  }

  @Test
  void readsStdinWithoutFileArgumentAndFilesByPath(@TempDir Path dir) throws IOException {
    CliRun fromStdin = CliRun.run(INSERT + "\n", "decode", "--format", "debezium-json");
    Path file = dir.resolve("in.ndjson");
    Files.writeString(file, INSERT + "\r\n");
    CliRun fromFile = CliRun.run("", "decode", "--format", "debezium-json", file.toString());

    assertThat(fromStdin.exitCode()).isZero();
    assertThat(fromStdin.out()).contains("\"transport\":{\"stream\":\"stdin\",\"partition\":\"0\",\"offset\":\"1\"}");
    assertThat(fromFile.out()).isEqualTo(fromStdin.out().replace("\"stream\":\"stdin\"", "\"stream\":\"" + file.toString().replace("\\", "\\\\") + "\""));
  }

  @Test
  void wrapperLinesGiveKeyHeadersAndKafkaPosition() {
    String wrapped = "{\"topic\":\"cdc.s.t\",\"partition\":3,\"offset\":99,\"key\":{\"id\":1},\"headers\":{\"h\":\"x\"},\"value\":" + INSERT + "}";
    String asString = "{\"key\":\"{\\\"id\\\":1}\",\"value\":" + quote(INSERT) + "}";
    String tombstone = "{\"topic\":\"cdc.s.t\",\"partition\":3,\"offset\":100,\"key\":{\"id\":1},\"value\":null}";

    CliRun r = CliRun.run(wrapped + "\n" + asString + "\n" + tombstone + "\n", "decode", "--format", "debezium-json");

    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.outLines().get(0)).contains("\"key\":{\"id\":1}").contains("\"transport\":{\"stream\":\"cdc.s.t\",\"partition\":\"3\",\"offset\":\"99\"}");
    assertThat(r.outLines().get(1)).contains("\"key\":{\"id\":1}").contains("\"transport\":{\"stream\":\"stdin\",\"partition\":\"0\",\"offset\":\"2\"}");
    assertThat(r.outLines().get(2)).startsWith("{\"op\":\"TOMBSTONE\",\"table\":null,\"key\":{\"id\":1},\"before\":null,\"after\":null");
  }

  @Test
  void unknownFormatMissingFileAndMissingRegistryAreUsageErrors(@TempDir Path dir) {
    CliRun unknown = CliRun.run("", "decode", "--format", "nope");
    CliRun missing = CliRun.run("", "decode", "--format", "debezium-json", dir.resolve("absent.ndjson").toString());
    CliRun noRegistry = CliRun.run("", "decode", "--format", "debezium-avro");
    CliRun noFormat = CliRun.run("", "decode");

    assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(unknown.err()).contains("unknown format (format=nope, known: debezium-json, debezium-avro");
    assertThat(missing.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(missing.err()).contains("no such file");
    assertThat(noRegistry.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noRegistry.err()).contains("--registry");
    assertThat(noFormat.exitCode()).isEqualTo(Main.EXIT_USAGE);
    assertThat(noFormat.err()).contains("--format");
  }

  private static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
