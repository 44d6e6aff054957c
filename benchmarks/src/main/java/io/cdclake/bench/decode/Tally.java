package io.cdclake.bench.decode;

import io.cdclake.bench.Corpus;

/** What one implementation saw while decoding the corpus: checked against {@link Corpus.Expected} before measuring. */
public final class Tally {
  public long inserts;
  public long updates;
  public long deletes;
  public long images;
  public long values;
  /** Tokens, for the floor. */
  public long tokens;

  void op(char c) {
    switch (c) {
      case 'I' -> inserts++;
      case 'U' -> updates++;
      case 'D' -> deletes++;
      default -> throw new IllegalStateException("unexpected op " + c);
    }
  }

  public long events() {
    return inserts + updates + deletes;
  }

  @Override
  public String toString() {
    return "events=" + events() + " (I " + inserts + ", U " + updates + ", D " + deletes + "), images=" + images + ", values=" + values
        + ", tokens=" + tokens;
  }
}
