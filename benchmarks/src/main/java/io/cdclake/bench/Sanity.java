package io.cdclake.bench;

import io.cdclake.bench.decode.Suites;
import io.cdclake.bench.decode.Tally;

/** Runs every decode implementation over the corpus before anything is measured. */
final class Sanity {
  private Sanity() {}

  static void checkAll(Corpus corpus) throws Exception {
    System.out.println("sanity check (each implementation decodes the whole corpus; counts compared with the generator's):");
    System.out.println("  expected " + corpus.expected());
    for (Format f : Format.values()) {
      for (String name : Suites.implementations(f)) {
        Tally t = Suites.create(f, name).check(corpus, corpus.messages(f));
        System.out.printf("  %-22s %-22s ok: %s%n", f.id(), name, t);
      }
    }
  }
}
