package io.cdclake.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.Op;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CorpusTest {
  private final Corpus corpus = Corpus.generate(2000);

  @Test
  void sameSeedGivesTheSameBytes() {
    Corpus again = Corpus.generate(2000);
    for (Format f : Format.values()) {
      assertThat(Arrays.deepEquals(again.messages(f), corpus.messages(f))).as(f.id()).isTrue();
    }
  }

  @Test
  void opsAreSixtyThirtyTenWithBeforeImagesOnUpdatesAndDeletes() {
    Corpus.Expected x = corpus.expected();
    assertThat(x.inserts / 2000.0).isBetween(0.56, 0.64);
    assertThat(x.updates / 2000.0).isBetween(0.26, 0.34);
    assertThat(x.deletes / 2000.0).isBetween(0.07, 0.13);
    for (ChangeEvent e : corpus.events()) {
      assertThat(e.before() != null).isEqualTo(e.op() != Op.INSERT);
    }
  }

  @Test
  void aboutTenPercentOfNonKeyValuesAreNull() {
    long nonKey = 0;
    long nulls = 0;
    for (ChangeEvent e : corpus.events()) {
      var r = e.op() == Op.DELETE ? e.before() : e.after();
      assertThat(r.size()).isEqualTo(20);
      for (int i = 0; i < r.size(); i++) {
        if (!r.name(i).equals("id")) {
          nonKey++;
          nulls += r.value(i) == null ? 1 : 0;
        }
      }
    }
    assertThat((double) nulls / nonKey).isBetween(0.07, 0.13);
  }

  @Test
  void messageSizesAreRealistic() {
    double with = corpus.bytesPerEvent(Format.DEBEZIUM_JSON_SCHEMA);
    double without = corpus.bytesPerEvent(Format.DEBEZIUM_JSON);
    System.out.printf("bytes/event: %s%n", Arrays.stream(Format.values()).map(f -> f.id() + "=" + Math.round(corpus.bytesPerEvent(f)))
        .toList());
    assertThat(with).isBetween(3000.0, 9000.0);
    assertThat(without).isBetween(700.0, 2000.0);
    assertThat(with - without).as("the schema block is most of a message with schema").isGreaterThan(with * 0.6);
    assertThat(corpus.bytesPerEvent(Format.DEBEZIUM_AVRO)).isLessThan(without);
    assertThat(corpus.bytesPerEvent(Format.DMS_JSON)).isLessThan(without);
  }
}
