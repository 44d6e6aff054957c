package io.cdclake.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.LogicalMessage;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.SourcePosition;
import io.cdclake.model.TableId;
import io.cdclake.model.Transaction;
import io.cdclake.model.TransportPosition;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventJsonTest {

  @Test
  void valuesFollowTheDocumentedForms() {
    assertThat(EventJson.valueToJson(42)).isEqualTo("42");
    assertThat(EventJson.valueToJson(9007199254740993L)).isEqualTo("9007199254740993");
    assertThat(EventJson.valueToJson(1.5f)).isEqualTo("1.5");
    assertThat(EventJson.valueToJson(0.1d)).isEqualTo("0.1");
    assertThat(EventJson.valueToJson(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(EventJson.valueToJson(Float.NEGATIVE_INFINITY)).isEqualTo("\"-Infinity\"");
    assertThat(EventJson.valueToJson(new BigDecimal("1E+3"))).isEqualTo("\"1000\"");
    assertThat(EventJson.valueToJson(new BigDecimal("0.00000000000000000001"))).isEqualTo("\"0.00000000000000000001\"");
    assertThat(EventJson.valueToJson(new BigDecimal("1.50"))).isEqualTo("\"1.50\"");
    assertThat(EventJson.valueToJson(LocalDate.of(1969, 12, 31))).isEqualTo("\"1969-12-31\"");
    assertThat(EventJson.valueToJson(LocalTime.of(10, 15))).isEqualTo("\"10:15:00\"");
    assertThat(EventJson.valueToJson(LocalTime.of(23, 59, 59, 999_999_000))).isEqualTo("\"23:59:59.999999\"");
    assertThat(EventJson.valueToJson(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000))).isEqualTo("\"2024-02-29T13:14:15.123456\"");
    assertThat(EventJson.valueToJson(OffsetDateTime.of(2024, 2, 29, 11, 14, 15, 0, ZoneOffset.UTC))).isEqualTo("\"2024-02-29T11:14:15Z\"");
    assertThat(EventJson.valueToJson(OffsetDateTime.of(2024, 2, 29, 13, 14, 15, 0, ZoneOffset.ofHours(2)))).isEqualTo("\"2024-02-29T13:14:15+02:00\"");
    assertThat(EventJson.valueToJson(UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"))).isEqualTo("\"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11\"");
    assertThat(EventJson.valueToJson(new byte[] {0, (byte) 0xff, 0x10})).isEqualTo("\"AP8Q\"");
    assertThat(EventJson.valueToJson("{\"a\": 1}")).isEqualTo("\"{\\\"a\\\": 1}\"");
    assertThat(EventJson.valueToJson(Arrays.asList(1, null, 3))).isEqualTo("[1,null,3]");
    assertThat(EventJson.valueToJson(Map.of("k", "v"))).isEqualTo("{\"k\":\"v\"}");
    assertThat(EventJson.valueToJson(Row.of("x", 1, "y", null))).isEqualTo("{\"x\":1,\"y\":null}");
  }

  @Test
  void textFormMatchesTheJsonWithoutQuotes() {
    assertThat(EventJson.valueToText(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(EventJson.valueToText(OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isEqualTo("2024-01-01T00:00:00Z");
    assertThat(EventJson.valueToText(new byte[] {1})).isEqualTo("AQ==");
    assertThat(EventJson.valueToText(null)).isNull();
    assertThat(EventJson.valueToText(Arrays.asList("a", "b"))).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void rowImagesShowNullUnchangedAndLeaveOmittedOut() {
    Row after = Row.builder().put("id", 1).putNull("gone").putUnchanged("big").build();
    ChangeEvent e = ChangeEvent.builder(Op.UPDATE).table(TableId.of("db", "public", "t")).key(Row.of("id", 1)).after(after)
        .position(SourcePosition.of("postgresql", new String[] {"lastCommitLsn", "lsn"}, new long[] {10, 12}, "[\"10\",\"12\"]"))
        .commitTime(Instant.parse("2024-01-01T10:00:00.123456Z")).transaction(Transaction.of("753", 2, 1))
        .transport(TransportPosition.kafka("cdc.public.t", 0, 5)).build();

    assertThat(EventJson.toJson(e)).isEqualTo("{\"op\":\"UPDATE\",\"table\":\"db.public.t\",\"key\":{\"id\":1},\"before\":null,"
        + "\"after\":{\"id\":1,\"gone\":null,\"big\":{\"unchanged\":true}},"
        + "\"position\":{\"kind\":\"postgresql\",\"parts\":{\"lastCommitLsn\":10,\"lsn\":12},\"text\":\"[\\\"10\\\",\\\"12\\\"]\"},"
        + "\"commit_ts\":\"2024-01-01T10:00:00.123456Z\",\"tx\":{\"id\":\"753\",\"total_order\":2,\"collection_order\":1},"
        + "\"snapshot\":false,\"processed_ts\":null,\"transport\":{\"stream\":\"cdc.public.t\",\"partition\":\"0\",\"offset\":\"5\"}}");
  }

  @Test
  void nonRowEventsKeepTheSameLeadingFields() {
    ChangeEvent end = ChangeEvent.builder(Op.TX_END).transaction(new Transaction("753", -1, -1, 3, Map.of("public.t", 3L))).build();
    ChangeEvent msg = ChangeEvent.builder(Op.MESSAGE).message(new LogicalMessage("note", "hi".getBytes(StandardCharsets.UTF_8), false)).build();

    assertThat(EventJson.toJson(end)).isEqualTo("{\"op\":\"TX_END\",\"table\":null,\"key\":null,\"before\":null,\"after\":null,\"position\":null,"
        + "\"commit_ts\":null,\"tx\":{\"id\":\"753\",\"event_count\":3,\"events_per_table\":{\"public.t\":3}},\"snapshot\":false,"
        + "\"processed_ts\":null,\"transport\":null}");
    assertThat(EventJson.toJson(msg)).endsWith("\"transport\":null,\"message\":{\"prefix\":\"note\",\"content\":\"aGk=\",\"transactional\":false}}");
  }
}
