package io.cdclake.bench.decode;

import io.cdclake.bench.Corpus;
import io.cdclake.bench.Format;

/** What every decode benchmark holds: the corpus in one format, one implementation, a cursor. */
final class DecodeState {
  private static Corpus corpus;

  final byte[][] messages;
  final Impl impl;
  private int next;

  DecodeState(Format f, String name) throws Exception {
    Corpus c = corpus();
    this.messages = c.messages(f);
    this.impl = Suites.create(f, name);
    // before measuring: the implementation must really decode the corpus
    impl.check(c, messages);
  }

  static synchronized Corpus corpus() {
    if (corpus == null) {
      corpus = Corpus.generate(Suites.CORPUS_EVENTS);
    }
    return corpus;
  }

  /** Decodes the next message of the corpus (one event per call). */
  Object decodeNext() throws Exception {
    int i = next;
    next = i + 1 == messages.length ? 0 : i + 1;
    return impl.decode(messages[i]);
  }
}
