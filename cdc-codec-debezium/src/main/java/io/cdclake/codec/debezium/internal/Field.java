package io.cdclake.codec.debezium.internal;

import io.cdclake.model.ColumnType;

/** One compiled field: its name, how to convert its value, and its canonical type. Immutable. */
final class Field {
  static final int MILLIS = 1;
  static final int MICROS = 2;
  static final int NANOS = 3;
  /** DECIMAL unit: strings are base64 of the unscaled value (Connect Decimal, decimal.handling.mode=precise). */
  static final int DEC_BASE64 = 10;
  /** DECIMAL unit: strings are decimal text. */
  static final int DEC_TEXT = 11;
  /** DECIMAL unit: numbers (or text) rounded half-up to the scale (decimal.handling.mode=double). */
  static final int DEC_DOUBLE = 12;
  /** BINARY unit: base64 (bytes and base64 modes). */
  static final int BIN_BASE64 = 20;
  static final int BIN_BASE64_URL = 21;
  static final int BIN_HEX = 22;

  final String name;
  final Conv conv;
  final ColumnType type;
  final boolean optional;
  final String sourceType;
  /** DECIMAL: the scale, or -1 to keep the value's own scale. */
  final int scale;
  /** TIME / TIMESTAMP / TIMESTAMP_TZ: unit of integer values. */
  final int unit;
  /** LIST element or MAP value. */
  final Field element;
  /** MAP key. */
  final Field mapKey;
  /** STRUCT fields. */
  final Struct struct;
  /** the schema's default value in the canonical class, or null. */
  final Object defaultValue;

  Field(String name, Conv conv, ColumnType type, boolean optional, String sourceType, int scale, int unit,
      Field element, Field mapKey, Struct struct, Object defaultValue) {
    this.name = name == null ? null : name.intern();
    this.conv = conv;
    this.type = type;
    this.optional = optional;
    this.sourceType = sourceType;
    this.scale = scale;
    this.unit = unit;
    this.element = element;
    this.mapKey = mapKey;
    this.struct = struct;
    this.defaultValue = defaultValue;
  }

  static Field simple(String name, Conv conv, ColumnType type) {
    return new Field(name, conv, type, true, null, -1, MICROS, null, null, null, null);
  }

  static final Field DYNAMIC = simple(null, Conv.DYNAMIC, null);

  Field withName(String newName) {
    return new Field(newName, conv, type, optional, sourceType, scale, unit, element, mapKey, struct, defaultValue);
  }

  Field withDefault(Object value) {
    return new Field(name, conv, type, optional, sourceType, scale, unit, element, mapKey, struct, value);
  }
}
