package io.cdclake.codec.dms;

/** How BYTES/BLOB/RAW values are written as text (JSON strings, CSV fields). */
public enum DmsBinaryEncoding {
  /** Hexadecimal, with or without a {@code 0x} prefix (DMS's form; {@code NoHexPrefix} drops the prefix). The default. */
  HEX,
  /** Standard base64 (as some pipelines re-encode binary). */
  BASE64
}
