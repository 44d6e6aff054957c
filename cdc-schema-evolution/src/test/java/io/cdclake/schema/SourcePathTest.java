package io.cdclake.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.Column;
import io.cdclake.model.ColumnState;
import io.cdclake.model.ColumnType;
import io.cdclake.model.Op;
import io.cdclake.model.Row;
import io.cdclake.model.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The source-specific paths: Debezium TOAST placeholders, DMS partial deletes, partial updates, renamed columns. */
class SourcePathTest {
  private static final TableSchema PG = TableSchema.of(List.of(Column.required("id", ColumnType.LONG),
      Column.optional("name", ColumnType.STRING), Column.optional("description", ColumnType.STRING),
      Column.optional("doc", ColumnType.JSON)), List.of("id"));
  private static final TableConfig KEYED = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null,
      null, null, null);

  @Test
  void debeziumToastPlaceholderStaysUnchangedSoTheWriterKeepsTheStoredValue() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDebezium());
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.debezium(Op.INSERT, 10, Row.of("id", 1L), null,
        Row.of("id", 1L, "name", "a", "description", "a long TOASTed text", "doc", "{\"k\": 1}"), PG));
    Row after = Row.builder().put("id", 1L).put("name", "b").putUnchanged("description").putUnchanged("doc").build();
    Reconciliation rec = t.apply(Events.debezium(Op.UPDATE, 20, Row.of("id", 1L), null, after, PG));

    assertThat(rec.update()).isNull();
    assertThat(rec.event().after().state("description")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(rec.event().after().state("doc")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(t.rows().get(List.of(1L))).containsEntry("name", "b").containsEntry("description", "a long TOASTed text")
        .containsEntry("doc", "{\"k\": 1}");
  }

  @Test
  void debeziumAfterImageWithoutAColumnTheTableHasIsFullSoTheColumnIsNull() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, TableConfig.DEFAULT, ReconcileOptions.forDebezium());
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.debezium(Op.INSERT, 10, Row.of("id", 1L), null, Row.of("id", 1L, "name", "a", "description", "d", "doc", null), PG));
    TableSchema older = TableSchema.of(List.of(Column.required("id", ColumnType.LONG), Column.optional("name", ColumnType.STRING)),
        List.of("id"));
    Reconciliation rec = t.apply(Events.debezium(Op.UPDATE, 20, Row.of("id", 1L), null, Row.of("id", 1L, "name", "b"), older));
    assertThat(rec.event().after().state("description")).isEqualTo(ColumnState.NULL);
    assertThat(t.rows().get(List.of(1L))).containsEntry("description", null);
  }

  @Test
  void dmsPartialDeleteIsCoercedButNeverFilledAndChangesNoSchema() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(false));
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 5L, "name", "a", "qty", 3L), null));
    t.apply(Events.dms(Op.INSERT, 2, Row.of("id", 6L, "name", "b", "qty", 4L), null));
    // PostgreSQL with REPLICA IDENTITY DEFAULT: the delete carries only the key, and DMS sends the number as text here
    Reconciliation rec = t.apply(Events.dms(Op.DELETE, 3, Row.of("id", "5"), null));

    assertThat(rec.update()).isNull();
    assertThat(rec.event().before()).isEqualTo(Row.of("id", 5L));
    assertThat(rec.event().before().state("qty")).isEqualTo(ColumnState.OMITTED);
    assertThat(rec.event().key()).isEqualTo(Row.of("id", 5L));
    assertThat(t.rows()).containsOnlyKeys(List.of(6L));
  }

  @Test
  void dmsPartialDeleteWithExplicitNullsKeepsThemAsNullsWithoutTypingNewColumns() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(true));
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 5L, "name", "a"), null));
    Reconciliation rec = t.apply(Events.dms(Op.DELETE, 2, Row.of("id", 5L, "name", null, "notes", null), null));
    assertThat(rec.update()).isNull();
    assertThat(rec.event().before()).isEqualTo(Row.of("id", 5L, "name", null));
    assertThat(r.untypedColumns()).containsExactly("notes");
    assertThat(t.rows()).isEmpty();
  }

  @Test
  void oraclePartialUpdateKeepsTheColumnsItDidNotSend() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDmsOracle());
    TableModel t = TableModel.icebergTable(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "name", "a", "qty", 3L), null));
    Reconciliation rec = t.apply(Events.dms(Op.UPDATE, 2, Row.of("id", 1L, "qty", 4L), null));
    assertThat(rec.event().after().state("name")).isEqualTo(ColumnState.UNCHANGED);
    assertThat(t.rows().get(List.of(1L))).containsEntry("name", "a").containsEntry("qty", 4L);
    // inserts stay full: an omitted column of a new row is NULL
    Reconciliation ins = t.apply(Events.dms(Op.INSERT, 3, Row.of("id", 2L, "qty", 1L), null));
    assertThat(ins.event().after().state("name")).isEqualTo(ColumnState.NULL);
  }

  @Test
  void aTableConfigCanDeclareASchemalessSourcePartial() {
    TableConfig partial = new TableConfig(null, "orders", List.of("id"), null, List.of(), 2, null, null, null, null, null, null, null,
        Map.of(), null, ImageMode.PARTIAL);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, partial, ReconcileOptions.defaults());
    assertThat(r.afterImageMode(Op.UPDATE)).isEqualTo(ImageMode.PARTIAL);
    assertThat(r.afterImageMode(Op.INSERT)).isEqualTo(ImageMode.FULL);
    TableModel t = TableModel.inMemory(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "name", "a"), null));
    t.apply(Events.dms(Op.UPDATE, 2, Row.of("id", 1L), null));
    assertThat(t.rows().get(List.of(1L))).containsEntry("name", "a");
  }

  @Test
  void omittedRequiredStringColumnInAFullImageIsTheEmptyStringDmsLeftOut() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, new TableConfig(null, "orders", List.of("id", "code"), null, List.of(), 2,
        null, null, null, null, null, null, null), ReconcileOptions.forDms(false));
    TableModel t = TableModel.inMemory(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 1L, "code", "A"), null));
    Reconciliation rec = t.apply(Events.dms(Op.INSERT, 2, Row.of("id", 2L), null));
    assertThat(rec.event().after().get("code")).isEqualTo("");
  }

  @Test
  void columnNamesMapSourceNamesToIcebergNamesInImagesSchemasAndKeys() {
    TableConfig mapped = new TableConfig(null, "orders", List.of(), null, List.of(), 2, null, null, null, null, null, null, null,
        Map.of("ID", "id", "Full Name", "full_name"), null, null);
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, mapped, ReconcileOptions.forDebezium());
    TableSchema source = TableSchema.of(List.of(Column.required("ID", ColumnType.INT), Column.optional("Full Name", ColumnType.STRING)),
        List.of("ID"));
    TableModel t = TableModel.inMemory(r);
    Reconciliation rec = t.apply(Events.debezium(Op.INSERT, 1, Row.of("ID", 1), null, Row.of("ID", 1, "Full Name", "Ada"), source));
    assertThat(Schemas.shape(t.schema())).isEqualTo("{id:int!, full_name:string}");
    assertThat(rec.event().key()).isEqualTo(Row.of("id", 1));
    assertThat(rec.event().after()).isEqualTo(Row.of("id", 1, "full_name", "Ada"));
    assertThat(r.sourceSchema().primaryKey()).containsExactly("id");
  }

  @Test
  void truncateAndTombstoneNeverChangeTheSchemaAndCoerceTheKnownKeyColumns() {
    SchemaReconciler r = SchemaReconciler.create(Events.TABLE, KEYED, ReconcileOptions.forDms(false));
    TableModel t = TableModel.inMemory(r);
    t.apply(Events.dms(Op.INSERT, 1, Row.of("id", 1L), null));
    Reconciliation tomb = r.reconcile(io.cdclake.model.ChangeEvent.builder(Op.TOMBSTONE).table(Events.TABLE)
        .key(Row.of("id", "1", "other", "z")).build(), t.schema());
    assertThat(tomb.update()).isNull();
    assertThat(tomb.event().key()).isEqualTo(Row.of("id", 1L, "other", "z"));
    Reconciliation trunc = r.reconcile(io.cdclake.model.ChangeEvent.builder(Op.TRUNCATE).table(Events.TABLE).build(), t.schema());
    assertThat(trunc.update()).isNull();
  }
}
