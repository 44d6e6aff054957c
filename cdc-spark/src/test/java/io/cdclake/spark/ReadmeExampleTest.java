package io.cdclake.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Spark job is the compiled example class, verbatim. */
class ReadmeExampleTest {
  @Test
  void readmeQuotesTheCompiledSparkJob() throws Exception {
    List<String> source = Files.readAllLines(Path.of("src/test/java/io/cdclake/spark/example/SparkJob.java"));
    List<String> quoted = source.subList(source.indexOf("  // README:begin") + 1, source.indexOf("  // README:end")).stream()
        .map(l -> l.startsWith("  ") ? l.substring(2) : l).toList();
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    int start = readme.indexOf("<!-- cdc-spark example: src/test/java/io/cdclake/spark/example/SparkJob.java -->") + 2;
    int end = readme.subList(start, readme.size()).indexOf("```") + start;
    assertThat(start).isGreaterThan(1);
    assertThat(readme.subList(start, end)).containsExactlyElementsOf(quoted);
    assertThat(quoted.size()).isLessThanOrEqualTo(16);
  }
}
