package io.cdclake.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's Flink job is the compiled example class, verbatim. */
class ReadmeExampleTest {
  @Test
  void readmeQuotesTheCompiledFlinkJob() throws Exception {
    List<String> source = Files.readAllLines(Path.of("src/test/java/io/cdclake/flink/example/FlinkJob.java"));
    List<String> quoted = source.subList(source.indexOf("  // README:begin") + 1, source.indexOf("  // README:end")).stream()
        .map(l -> l.startsWith("  ") ? l.substring(2) : l).toList();
    List<String> readme = Files.readAllLines(Path.of("../README.md"));
    int start = readme.indexOf("<!-- cdc-flink example: src/test/java/io/cdclake/flink/example/FlinkJob.java -->") + 2;
    int end = readme.subList(start, readme.size()).indexOf("```") + start;
    assertThat(start).isGreaterThan(1);
    assertThat(readme.subList(start, end)).containsExactlyElementsOf(quoted);
    assertThat(quoted.size()).isLessThanOrEqualTo(16);
  }
}
