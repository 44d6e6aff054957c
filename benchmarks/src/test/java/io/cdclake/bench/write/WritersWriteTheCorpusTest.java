package io.cdclake.bench.write;

import static org.assertj.core.api.Assertions.assertThatCode;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The check every write benchmark runs before measuring: one batch leaves the rows the corpus leaves. */
class WritersWriteTheCorpusTest {
  @ParameterizedTest
  @CsvSource({"cdc-lake,false", "cdc-lake,true", "iceberg-append,false", "iceberg-append,true"})
  void oneBatchLeavesTheExpectedRows(String impl, boolean changelog) {
    try (WriteState s = new WriteState(impl, changelog)) {
      assertThatCode(s::check).doesNotThrowAnyException();
      s.batch();
    }
  }
}
