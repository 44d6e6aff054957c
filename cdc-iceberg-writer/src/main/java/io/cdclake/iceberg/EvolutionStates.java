package io.cdclake.iceberg;

import io.cdclake.schema.TableState;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableUtil;
import org.apache.iceberg.types.TypeUtil;

/** A routed table's upsert and changelog tables as schema evolution sees them (the hosts' table entries share these). */
final class EvolutionStates {
  private EvolutionStates() {
  }

  /** The upsert table, or a table to create in {@code formatVersion} when there is none yet. */
  static TableState upsert(Table upsert, int formatVersion) {
    return upsert == null ? TableState.none(formatVersion) : TableState.of(upsert, TableUtil.formatVersion(upsert));
  }

  /** The changelog table without its {@code _cdc_} columns, or a table to create in {@code formatVersion}. */
  static TableState changelog(Table changelog, int formatVersion) {
    if (changelog == null) {
      return TableState.none(formatVersion);
    }
    Schema s = changelog.schema();
    Schema base = TypeUtil.selectNot(s, Set.of(s.findField(CdcLakeProperties.CDC_OP).fieldId(),
        s.findField(CdcLakeProperties.CDC_POSITION).fieldId(), s.findField(CdcLakeProperties.CDC_COMMIT_TS).fieldId(),
        s.findField(CdcLakeProperties.CDC_TX).fieldId()));
    return TableState.of(base, TableUtil.formatVersion(changelog), changelog.properties());
  }
}
