package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.iceberg.PipelineCounters;
import io.cdclake.model.Op;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private static final PipelineCounters COUNTERS = new PipelineCounters(Map.of(Op.INSERT, 1200L, Op.DELETE, 34L), 0, 0, 0, 0, 0, 0, 3, 1, 0);

  private static String run(boolean enabled, boolean terminal, boolean clear) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream err = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      Progress p = new Progress(err, enabled, terminal, 0);
      p.tick(() -> COUNTERS, () -> 2);
      if (clear) {
        p.clear();
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void offPrintsNothing() {
    assertThat(run(false, true, true)).isEmpty();
  }

  @Test
  void onATerminalOneLineIsRewrittenInPlaceAndClearedBeforeOtherOutput() {
    String out = run(true, true, false);
    assertThat(out).startsWith("\rcdc-lake ingest: 1,234 events, ").contains(" events/s, 2 tables, 3 commits, ").endsWith(" s\u001b[K");
    assertThat(run(true, true, true)).endsWith("\r\u001b[K");
  }

  @Test
  void forcedIntoALogItPrintsWholeLines() {
    String out = run(true, false, true);
    assertThat(out).matches("cdc-lake ingest: 1,234 events, [0-9,]+ events/s, 2 tables, 3 commits, [0-9]+ s\\R");
  }
}
