package io.cdclake.codec.dms;

/**
 * What the {@code Z} on a DMS DATETIME value means for one source. DMS appends {@code Z} to every
 * DATETIME, also to zone-less source types (MySQL DATETIME, PostgreSQL timestamp, Oracle DATE and
 * TIMESTAMP), so it cannot be trusted per value.
 */
public enum DmsDateTimeMode {
  /**
   * The default: a DATETIME is a wall-clock time. The {@code Z} is dropped; {@code table-def}
   * {@code TIMESTAMP} columns become {@link io.cdclake.model.ColumnType#TIMESTAMP}
   * ({@link java.time.LocalDateTime}). A column the caller declares TIMESTAMP_TZ (a PostgreSQL
   * timestamptz, which DMS writes in UTC) takes the zone its values state; a zone-less value of such
   * a column is an error in this mode.
   */
  WALL_CLOCK,
  /**
   * Every DATETIME of this source is a UTC instant (MySQL TIMESTAMP, PostgreSQL timestamptz):
   * {@code table-def} {@code TIMESTAMP} columns become {@link io.cdclake.model.ColumnType#TIMESTAMP_TZ}
   * ({@link java.time.OffsetDateTime} at UTC), and zone-less values of a TIMESTAMP_TZ column are read as UTC.
   */
  UTC
}
