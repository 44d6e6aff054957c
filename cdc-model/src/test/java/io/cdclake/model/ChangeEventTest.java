package io.cdclake.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChangeEventTest {
  private static final TableId T = TableId.of("db", "public", "t");

  @Test
  void insertWithoutAfterImageIsRejected() {
    assertThatThrownBy(() -> ChangeEvent.builder(Op.INSERT).table(T).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after is required");
  }

  @Test
  void deleteNeedsAKeyOrABeforeImage() {
    assertThatThrownBy(() -> ChangeEvent.builder(Op.DELETE).table(T).build()).isInstanceOf(IllegalArgumentException.class);
    assertThat(ChangeEvent.builder(Op.DELETE).table(T).key(Row.of("id", 1)).build().before()).isNull();
  }

  @Test
  void onlySchemaChangeEventsCarrySchemaChanges() {
    SchemaChange drop = new SchemaChange(SchemaChange.Kind.DROP_TABLE, T, null, null, List.of());
    assertThatThrownBy(() -> ChangeEvent.builder(Op.TRUNCATE).table(T).schemaChanges(List.of(drop)).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(ChangeEvent.builder(Op.SCHEMA_CHANGE).schemaChanges(List.of(drop)).ddl("DROP TABLE t").build().schemaChanges())
        .containsExactly(drop);
  }

  @Test
  void toBuilderCopiesEveryField() {
    ChangeEvent e = ChangeEvent.builder(Op.UPDATE).table(T).key(Row.of("id", 1)).before(Row.of("id", 1, "v", "a"))
        .after(Row.of("id", 1, "v", "b")).position(SourcePosition.of("postgresql", new String[] {"lsn"}, 5))
        .transport(TransportPosition.kafka("t", 0, 1)).commitTime(java.time.Instant.EPOCH).processedTime(java.time.Instant.EPOCH)
        .transaction(Transaction.of("77", 1, 1)).snapshot(false).build();
    assertThat(e.toBuilder().build()).isEqualTo(e);
    assertThat(e.withTransport(TransportPosition.kafka("t", 0, 2))).isNotEqualTo(e);
  }

  @Test
  void decodeExceptionMessageCarriesWhereButNotValues() {
    DecodeException ex = new InvalidEventException("Cannot decode operation: unknown code (op=x)", 17, "$.payload.op", T, "op");
    ex.atInput("events.json:3");
    assertThat(ex.getMessage()).isEqualTo(
        "Cannot decode operation: unknown code (op=x) [input events.json:3, offset 17, path $.payload.op, table db.public.t, field op]");
    assertThat(ex).isInstanceOf(DecodeException.class).isInstanceOf(RuntimeException.class);
  }

  @Test
  void unknownSchemaChangeShapesAreRejected() {
    assertThatThrownBy(() -> new SchemaChange(SchemaChange.Kind.RENAME_TABLE, T, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SchemaChange.ColumnChange(SchemaChange.ColumnChange.Kind.ADD, "c", null, null))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
