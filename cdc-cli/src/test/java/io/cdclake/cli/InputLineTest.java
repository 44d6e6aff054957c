package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.RawMessage;
import io.cdclake.model.TransportPosition;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class InputLineTest {

  /** Pieces of lines: whitespace (ASCII, Unicode, and not-whitespace look-alikes), braces, names (wrapper and other), values. */
  @Provide
  Arbitrary<String> lines() {
    Arbitrary<String> piece = Arbitraries.of(" ", "\t", "\u000B", "\u001F", "\u3000", "\u2003", "\u00A0", "{", "}", "\"", ":", ",",
        "\"value\"", "\"payload\"", "\"offset\"", "\"key\"", "\"schema\"", "\"after\"", "\"v\\u0061lue\"", "\"é\"", "1", "null",
        "{\"op\":\"c\"}", "\"eyJhIjoxfQ==\"", "é", "x");
    return piece.list().ofMaxSize(14).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void theLinesBytesParseExactlyAsItsText(@ForAll("lines") String line, @ForAll boolean binary) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    assertThat(InputLine.isBlank(bytes)).isEqualTo(line.isBlank());
    RawMessage fromText = null;
    RuntimeException textError = null;
    try {
      fromText = InputLine.parse(line, 7, "in", binary);
    } catch (RuntimeException e) {
      textError = e;
    }
    if (textError != null) {
      RuntimeException expected = textError;
      assertThatThrownBy(() -> InputLine.parse(bytes, 7, "in", binary)).isInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
      return;
    }
    RawMessage fromBytes = InputLine.parse(bytes, 7, "in", binary);
    assertThat(fromBytes.value()).isEqualTo(fromText.value());
    assertThat(fromBytes.key()).isEqualTo(fromText.key());
    assertThat(fromBytes.topic()).isEqualTo(fromText.topic());
    assertThat(fromBytes.transport()).isEqualTo(fromText.transport());
    assertThat(fromBytes.headers().keySet()).isEqualTo(fromText.headers().keySet());
  }

  private static String text(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  @Test
  void debeziumSchemaAndPayloadIsABareMessageNotAWrapper() {
    String line = "{\"schema\":{\"type\":\"struct\"},\"payload\":{\"op\":\"c\"}}";
    RawMessage m = InputLine.parse(line, 3, "in.ndjson", false);

    assertThat(text(m.value())).isEqualTo(line);
    assertThat(m.key()).isNull();
    assertThat(m.transport()).isEqualTo(TransportPosition.file("in.ndjson", 3));
  }

  @Test
  void flattenedRowWithAColumnNamedValueIsBare() {
    String line = "{\"id\":1,\"value\":\"x\"}";
    assertThat(text(InputLine.parse(line, 1, "stdin", false).value())).isEqualTo(line);
  }

  @Test
  void wrapperIsRecognisedWhateverTheFirstFieldLooksLike() {
    // spaces before the first name, and a name written with an escape, read as JSON reads them
    RawMessage spaced = InputLine.parse("{ \t\"offset\":5,\"value\":{\"op\":\"c\"}}", 1, "in", false);
    RawMessage escaped = InputLine.parse("{\"v\\u0061lue\":{\"op\":\"d\"},\"offset\":6}", 2, "in", false);

    assertThat(text(spaced.value())).isEqualTo("{\"op\":\"c\"}");
    assertThat(spaced.transport()).isEqualTo(new TransportPosition("in", "0", "5"));
    assertThat(text(escaped.value())).isEqualTo("{\"op\":\"d\"}");
  }

  @Test
  void debeziumEnvelopeWithoutSchemaIsBareEvenWhenMalformedLater() {
    String line = "{\"before\":null,\"after\":{\"id\":1},\"op\":\"c\",\"value\":";
    assertThat(text(InputLine.parse(line, 1, "in", false).value())).isEqualTo(line);
  }

  @Test
  void kafkaDumpLineKeepsTheEmbeddedJsonExactly() {
    String value = "{\"op\":\"c\",\"after\":{\"n\":1.50E+2,\"big\":12345678901234567890}}";
    String line = "{\"key\":{\"id\" : 1},\"value\":" + value + ",\"topic\":\"t\",\"partition\":2,\"offset\":\"17\",\"headers\":{\"a\":\"x\",\"b\":null,\"c\":{\"k\":1}}}";
    RawMessage m = InputLine.parse(line, 9, "stdin", false);

    assertThat(text(m.value())).isEqualTo(value);
    assertThat(text(m.key())).isEqualTo("{\"id\" : 1}");
    assertThat(m.topic()).isEqualTo("t");
    assertThat(m.transport()).isEqualTo(new TransportPosition("t", "2", "17"));
    assertThat(text(m.headers().get("a"))).isEqualTo("x");
    assertThat(m.headers()).containsKey("b");
    assertThat(m.headers().get("b")).isNull();
    assertThat(text(m.headers().get("c"))).isEqualTo("{\"k\":1}");
  }

  @Test
  void kcatJsonLineWithPayloadStringAndHeaderArray() {
    String line = "{\"topic\":\"t\",\"partition\":0,\"offset\":5,\"tstype\":\"create\",\"ts\":1,\"broker\":0,\"headers\":[\"h\",\"v\"],"
        + "\"key\":\"{\\\"id\\\":1}\",\"payload\":\"{\\\"op\\\":\\\"d\\\"}\"}";
    RawMessage m = InputLine.parse(line, 1, "stdin", false);

    assertThat(text(m.value())).isEqualTo("{\"op\":\"d\"}");
    assertThat(text(m.key())).isEqualTo("{\"id\":1}");
    assertThat(text(m.headers().get("h"))).isEqualTo("v");
    assertThat(m.transport().offset()).isEqualTo("5");
  }

  @Test
  void nullValueIsATombstone() {
    RawMessage m = InputLine.parse("{\"key\":{\"id\":1},\"value\":null}", 4, "stdin", false);
    assertThat(m.isTombstone()).isTrue();
    assertThat(m.transport()).isEqualTo(TransportPosition.file("stdin", 4));
  }

  @Test
  void binaryFormatsReadBase64() {
    RawMessage bare = InputLine.parse("AAAAAAc=", 1, "stdin", true);
    RawMessage wrapped = InputLine.parse("{\"value\":\"AAAAAAc=\",\"key\":\"AQ==\"}", 2, "stdin", true);

    assertThat(bare.value()).containsExactly(0, 0, 0, 0, 7);
    assertThat(wrapped.value()).containsExactly(0, 0, 0, 0, 7);
    assertThat(wrapped.key()).containsExactly(1);
    assertThatThrownBy(() -> InputLine.parse("{\"value\":\"%%%\"}", 3, "stdin", true))
        .isInstanceOf(InputLine.BadLineException.class).hasMessageContaining("field=value");
  }

  @Test
  void badWrapperFieldsAreNamed() {
    assertThatThrownBy(() -> InputLine.parse("{\"value\":{},\"offset\":-1}", 1, "stdin", false))
        .isInstanceOf(InputLine.BadLineException.class).hasMessageContaining("field=offset");
    assertThatThrownBy(() -> InputLine.parse("{\"value\":{},\"topic\":5}", 1, "stdin", false))
        .isInstanceOf(InputLine.BadLineException.class).hasMessageContaining("field=topic");
  }

  @Test
  void invalidJsonIsHandedToTheDecoderAsIs() {
    String line = "{\"value\": {";
    assertThat(text(InputLine.parse(line, 1, "stdin", false).value())).isEqualTo(line);
  }
}
