package io.cdclake.bench.decode;

import io.cdclake.bench.Corpus;

/**
 * One way of decoding one message of a suite's format. {@link #decode} is what the benchmark
 * measures; {@link #tally} interprets its result for the sanity check. Instances are used by one
 * thread.
 */
public interface Impl {
  /** The report name: floor, cdc-lake, flink, kafka-connect-iceberg or jackson-tree. */
  String name();

  /** Decodes one message; the result is consumed by the benchmark. */
  Object decode(byte[] message) throws Exception;

  /** Adds what {@code result} holds to the tally. */
  void tally(Object result, Tally t);

  /** Whether the implementation keeps one image per event (after, or before for deletes) rather than both. */
  default boolean mainImageOnly() {
    return false;
  }

  /**
   * Decodes the whole corpus and checks the counts: a baseline that silently does nothing is worse
   * than none. Throws {@link IllegalStateException} naming the difference.
   */
  default Tally check(Corpus corpus, byte[][] messages) throws Exception {
    Tally t = new Tally();
    for (byte[] m : messages) {
      tally(decode(m), t);
    }
    Corpus.Expected x = corpus.expected();
    if (name().equals("floor")) {
      if (t.tokens < x.values + x.events() * 10) {
        throw new IllegalStateException(name() + " saw too few tokens: " + t);
      }
      return t;
    }
    boolean ok = t.inserts == x.inserts && t.updates == x.updates && t.deletes == x.deletes;
    if (mainImageOnly()) {
      ok &= t.images == x.events() && t.values == x.mainValues;
    } else {
      ok &= t.images == x.images && t.values == x.values;
    }
    if (!ok) {
      throw new IllegalStateException(name() + " did not decode the corpus: saw " + t + ", expected " + x);
    }
    return t;
  }
}
