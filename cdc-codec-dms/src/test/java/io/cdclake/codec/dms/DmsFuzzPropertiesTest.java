package io.cdclake.codec.dms;

import io.cdclake.codec.dms.testing.DmsSampleLoader;
import io.cdclake.model.Column;
import io.cdclake.model.ColumnType;
import io.cdclake.model.DecodeException;
import io.cdclake.model.TableSchema;
import io.cdclake.model.testing.SharedSamples;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;

/**
 * Mutations of the real samples raise nothing but {@link DecodeException} subclasses
 * (RELIABILITY.md item 21): no NullPointerException, IllegalArgumentException, StackOverflowError
 * or anything else escapes a decoder. Skipped when {@code ../shared} is absent (every try would be
 * rejected, and jqwik fails a property whose tries are all rejected as exhausted).
 */
@AddLifecycleHook(DmsFuzzPropertiesTest.SkipWithoutSamples.class)
class DmsFuzzPropertiesTest {
  /** Skips the properties when there are no samples to mutate. */
  static final class SkipWithoutSamples implements SkipExecutionHook {
    @Override
    public SkipResult shouldBeSkipped(LifecycleContext context) {
      return SharedSamples.rootOrNull() == null ? SkipResult.skip("../shared is absent: sample fuzzing skipped") : SkipResult.doNotSkip();
    }
  }

  private static final List<byte[]> JSON = new ArrayList<>();
  private static final List<byte[]> CSV = new ArrayList<>();

  static {
    Path root = SharedSamples.rootOrNull();
    if (root != null) {
      for (Path p : SharedSamples.samplesIn("dms")) {
        String n = p.getFileName().toString();
        byte[] b = SharedSamples.read(p);
        if (n.endsWith(".py")) {
          DmsSampleLoader.pythonLiterals(b).values().forEach(v -> JSON.add(v.getBytes(StandardCharsets.UTF_8)));
        } else if (n.endsWith(".csv")) {
          CSV.add(b);
        } else {
          JSON.add(DmsSampleLoader.stripLicence(b));
        }
      }
      // the Kinesis wrapper forms, so that mutations reach base64 and record handling too
      String msg = new String(JSON.get(1), StandardCharsets.UTF_8);
      JSON.add(("{\"Records\": [" + DmsJsonDecoderTest.lambdaRecord(msg, "4959033827149025660855969253836157109592157598913658")
          + "]}").getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final TableSchema LOOSE = TableSchema.of(List.of(Column.required("id", ColumnType.INT),
      Column.optional("a", ColumnType.STRING), Column.optional("b", ColumnType.TIMESTAMP), Column.optional("c", ColumnType.decimal(9, 2))),
      List.of("id"));

  private static final DmsJsonDecoder PLAIN = DmsJsonDecoder.builder().keyColumns(t -> List.of("id")).beforeImageColumns("BI_", "").build();
  private static final DmsJsonDecoder TYPED = DmsJsonDecoder.builder().schemas(t -> LOOSE).partitionIncludeSchemaTable(true)
      .maxNestingDepth(16).build();
  private static final DmsS3CsvDecoder CSV_DECODER = DmsS3CsvDecoder.builder()
      .schemas(t -> TableSchema.of(List.of(Column.required("id", ColumnType.INT), Column.optional("a", ColumnType.STRING),
          Column.optional("b", ColumnType.STRING), Column.optional("d", ColumnType.STRING), Column.optional("e", ColumnType.STRING)),
          List.of("id")))
      .build();

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  /** Applies 1 to 4 random mutations: byte flips, deletions, duplications, insertions of JSON-ish bytes, truncation. */
  static byte[] mutate(byte[] in, Random r) {
    byte[] b = in.clone();
    int n = 1 + r.nextInt(4);
    byte[] alphabet = "{}[]\":,0123456789.eE+-nulltruefalse \\/\u00e9".getBytes(StandardCharsets.UTF_8);
    for (int k = 0; k < n && b.length > 1; k++) {
      int i = r.nextInt(b.length);
      switch (r.nextInt(6)) {
        case 0 -> b[i] = (byte) r.nextInt(256);
        case 1 -> b[i] = alphabet[r.nextInt(alphabet.length)];
        case 2 -> {
          int len = Math.min(b.length - i, 1 + r.nextInt(16));
          byte[] c = new byte[b.length - len];
          System.arraycopy(b, 0, c, 0, i);
          System.arraycopy(b, i + len, c, i, b.length - i - len);
          b = c;
        }
        case 3 -> {
          int len = Math.min(b.length - i, 1 + r.nextInt(32));
          byte[] c = new byte[b.length + len];
          System.arraycopy(b, 0, c, 0, i + len);
          System.arraycopy(b, i, c, i + len, b.length - i);
          b = c;
        }
        case 4 -> {
          byte[] ins = new byte[1 + r.nextInt(8)];
          for (int j = 0; j < ins.length; j++) {
            ins[j] = alphabet[r.nextInt(alphabet.length)];
          }
          byte[] c = new byte[b.length + ins.length];
          System.arraycopy(b, 0, c, 0, i);
          System.arraycopy(ins, 0, c, i, ins.length);
          System.arraycopy(b, i, c, i + ins.length, b.length - i);
          b = c;
        }
        default -> b = Arrays.copyOf(b, i);
      }
    }
    return b;
  }

  private static void onlyDecodeExceptions(Runnable r) {
    try {
      r.run();
    } catch (DecodeException expected) {
      // the documented failure
    }
  }

  @Property(tries = 1500)
  void mutatedJsonSamplesRaiseOnlyDecodeExceptions(@ForAll("seeds") long seed) {
    Assume.that(!JSON.isEmpty());
    Random r = new Random(seed);
    byte[] m = mutate(JSON.get(r.nextInt(JSON.size())), r);
    for (DmsJsonDecoder d : List.of(PLAIN, TYPED)) {
      onlyDecodeExceptions(() -> d.decode(m));
      onlyDecodeExceptions(() -> d.decodeStream(new ByteArrayInputStream(m), "fuzz", e -> { }));
      onlyDecodeExceptions(() -> d.parseTableDef(m));
    }
  }

  @Property(tries = 500)
  void mutatedCsvSamplesRaiseOnlyDecodeExceptions(@ForAll("seeds") long seed) {
    Assume.that(!CSV.isEmpty());
    Random r = new Random(seed);
    byte[] m = mutate(CSV.get(r.nextInt(CSV.size())), r);
    for (String name : List.of("b/s/t/20240101-1200000000.csv", "b/s/t/LOAD00000001.csv", "cdc/CDC_TXN-20240101.csv")) {
      onlyDecodeExceptions(() -> CSV_DECODER.decodeStream(new ByteArrayInputStream(m), name, e -> { }));
    }
  }
}
