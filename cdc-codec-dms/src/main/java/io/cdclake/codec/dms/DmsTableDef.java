package io.cdclake.codec.dms;

import static java.util.Objects.requireNonNull;

import io.cdclake.model.TableId;
import io.cdclake.model.TableSchema;

/**
 * A DMS {@code table-def} read from a file: the schema, and the table when the file was a whole
 * control message (its {@code metadata} names the table).
 *
 * @param table the table the control message names, or null for a bare table-def
 * @param schema the columns (source order, canonical types, DMS type names in {@code sourceType}) and key
 */
public record DmsTableDef(TableId table, TableSchema schema) {
  public DmsTableDef {
    requireNonNull(schema, "schema is null");
  }
}
