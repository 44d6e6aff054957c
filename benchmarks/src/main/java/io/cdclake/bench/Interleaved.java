package io.cdclake.bench;

import io.cdclake.bench.decode.Impl;
import io.cdclake.bench.decode.Suites;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A development aid next to JMH: runs a few implementations of one decode suite in the same JVM,
 * alternating in short slices, and prints each one's median rate and its median ratio to the
 * first. On a machine shared with other work the load hits every implementation alike, so the
 * ratios stay meaningful where separate runs would not. Not a substitute for the JMH suites.
 *
 * <p>{@code Interleaved <format id> <impl>[,<impl>...] [rounds] [sliceMillis]}, e.g.
 * {@code Interleaved debezium-json floor,cdc-lake 40 100}.
 */
public final class Interleaved {
  private Interleaved() {}

  public static void main(String[] args) throws Exception {
    Format f = Arrays.stream(Format.values()).filter(x -> x.id().equals(args[0])).findFirst().orElseThrow();
    String[] names = args[1].split(",");
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    long slice = (args.length > 3 ? Long.parseLong(args[3]) : 100) * 1_000_000L;
    Corpus corpus = Corpus.generate(Suites.CORPUS_EVENTS);
    byte[][] messages = corpus.messages(f);
    List<Impl> impls = new ArrayList<>();
    for (String n : names) {
      Impl impl = Suites.create(f, n);
      impl.check(corpus, messages);
      impls.add(impl);
    }
    // warm-up: each for a few seconds
    for (Impl impl : impls) {
      run(impl, messages, 3_000_000_000L);
    }
    double[][] rates = new double[impls.size()][rounds];
    for (int r = 0; r < rounds; r++) {
      for (int i = 0; i < impls.size(); i++) {
        int k = (i + r) % impls.size(); // rotate the order so no one always runs first
        rates[k][r] = run(impls.get(k), messages, slice);
      }
    }
    System.out.printf("%s, %d rounds of %d ms, load %s%n", f.id(), rounds, slice / 1_000_000, Machine.load());
    for (int i = 0; i < impls.size(); i++) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = rates[i][r] / rates[0][r];
      }
      System.out.printf("  %-22s %,12.0f events/s   x %-8s %.3f (p25 %.3f, p75 %.3f)%n", names[i], median(rates[i]), names[0], median(ratio),
          pct(ratio, 0.25), pct(ratio, 0.75));
    }
  }

  static Object sink;

  private static double run(Impl impl, byte[][] messages, long nanos) throws Exception {
    long start = System.nanoTime();
    long deadline = start + nanos;
    long n = 0;
    int i = 0;
    Object s = null;
    long now;
    do {
      for (int k = 0; k < 64; k++) {
        s = impl.decode(messages[i]);
        i = i + 1 == messages.length ? 0 : i + 1;
      }
      n += 64;
      now = System.nanoTime();
    } while (now < deadline);
    sink = s;
    return n * 1e9 / (now - start);
  }

  private static double median(double[] v) {
    return pct(v, 0.5);
  }

  private static double pct(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
  }
}
