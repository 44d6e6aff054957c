package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.cli.examples.OrdersExample;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The bundled sample stream {@code examples/orders.debezium.ndjson} is exactly what
 * {@link OrdersExample} generates (run with {@code -Dcdclake.updateExamples=true} to rewrite it
 * after changing the generator), and it decodes cleanly.
 */
class OrdersExampleTest {
  static final Path SAMPLE = Path.of("..", "examples", "orders.debezium.ndjson");

  @Test
  void committedSampleIsTheGeneratorsOutput() throws IOException {
    String generated = OrdersExample.generate();
    if (Boolean.getBoolean("cdclake.updateExamples")) {
      Files.createDirectories(SAMPLE.getParent());
      Files.writeString(SAMPLE, generated, StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(SAMPLE, StandardCharsets.UTF_8)).isEqualTo(generated);
  }

  @Test
  void sampleDecodesWithoutErrors() {
    CliRun r = CliRun.run("", "decode", "--format", "debezium-json", SAMPLE.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.summary()).isEqualTo(
        "cdc-lake decode: 23 lines, 23 events (INSERT 5, UPDATE 5, DELETE 3, SNAPSHOT_READ 7, TOMBSTONE 3), 0 skipped, 0 errors");
  }
}
