package io.cdclake.bench.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.bench.Corpus;
import io.cdclake.bench.Format;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The sanity check every benchmark runs before measuring, here for every suite and implementation. */
class BaselinesDecodeTheCorpusTest {
  private static final Corpus CORPUS = Corpus.generate(500);

  @ParameterizedTest
  @EnumSource(Format.class)
  void everyImplementationDecodesEveryEvent(Format f) throws Exception {
    for (String name : Suites.implementations(f)) {
      Tally t = Suites.create(f, name).check(CORPUS, CORPUS.messages(f));
      if (!name.equals("floor")) {
        assertThat(t.events()).as(f.id() + " " + name).isEqualTo(500);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theCheckRejectsAnImplementationThatDropsEvents(Format f) throws Exception {
    for (String name : Suites.implementations(f)) {
      Impl real = Suites.create(f, name);
      Impl lossy = new Impl() {
        private int n;

        @Override
        public String name() {
          return real.name();
        }

        @Override
        public Object decode(byte[] message) throws Exception {
          // drops every tenth message, as a transform that returns null would
          return n++ % 10 == 0 ? null : real.decode(message);
        }

        @Override
        public void tally(Object result, Tally t) {
          if (result != null) {
            real.tally(result, t);
          }
        }

        @Override
        public boolean mainImageOnly() {
          return real.mainImageOnly();
        }
      };
      if (!name.equals("floor")) {
        assertThatThrownBy(() -> lossy.check(CORPUS, CORPUS.messages(f))).as(f.id() + " " + name).isInstanceOf(IllegalStateException.class);
      }
    }
  }
}
