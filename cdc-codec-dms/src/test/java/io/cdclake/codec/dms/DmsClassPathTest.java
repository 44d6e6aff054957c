package io.cdclake.codec.dms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import io.cdclake.model.ChangeEvent;
import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The JSON and CSV decoders run with only cdc-model, cdc-codec-json and jackson-core on the class path: Parquet and
 * Hadoop are optional dependencies that only {@link DmsS3ParquetDecoder} needs.
 */
class DmsClassPathTest {

  @Test
  void jsonAndCsvDecodersNeedNeitherParquetNorHadoop() throws Exception {
    URL codec = DmsJsonDecoder.class.getProtectionDomain().getCodeSource().getLocation();
    URL model = ChangeEvent.class.getProtectionDomain().getCodeSource().getLocation();
    URL jackson = JsonFactory.class.getProtectionDomain().getCodeSource().getLocation();
    URL json = io.cdclake.codec.json.internal.FastJson.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader minimal = new URLClassLoader(new URL[] {codec, model, json, jackson}, ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> minimal.loadClass("org.apache.parquet.hadoop.ParquetFileReader")).isInstanceOf(ClassNotFoundException.class);
      assertThatThrownBy(() -> minimal.loadClass("org.apache.hadoop.conf.Configuration")).isInstanceOf(ClassNotFoundException.class);

      Class<?> decoderClass = minimal.loadClass(DmsJsonDecoder.class.getName());
      Object decoder = decoderClass.getMethod("create").invoke(null);
      String msg = DmsJsonDecoderTest.data("insert", "{\"id\": 1}", "");
      List<?> events = (List<?>) decoderClass.getMethod("decode", byte[].class).invoke(decoder, (Object) msg.getBytes(StandardCharsets.UTF_8));
      assertThat(events).hasSize(1);
      assertThat(events.get(0).toString()).contains("INSERT public.foo");

      Class<?> csv = minimal.loadClass(DmsS3CsvDecoder.class.getName());
      Object builder = csv.getMethod("builder").invoke(null);
      builder = builder.getClass().getMethod("addColumnName", boolean.class).invoke(builder, true);
      Object csvDecoder = builder.getClass().getMethod("build").invoke(builder);
      int[] count = {0};
      Consumer<Object> out = e -> count[0]++;
      csv.getMethod("decodeStream", java.io.InputStream.class, String.class, Consumer.class).invoke(csvDecoder,
          new ByteArrayInputStream("Op,id\nI,1\n".getBytes(StandardCharsets.UTF_8)), "s/t/20240101-0000000000.csv", out);
      assertThat(count[0]).isEqualTo(1);
    }
  }
}
