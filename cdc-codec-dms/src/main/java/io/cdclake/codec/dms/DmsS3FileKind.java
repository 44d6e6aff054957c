package io.cdclake.codec.dms;

/** The kinds of files DMS writes to an S3 target, told apart by name. */
public enum DmsS3FileKind {
  /** A full-load file: {@code LOAD00000001.csv} (hexadecimal counter), optionally {@code SEGMENTn_}-prefixed. Rows are snapshot reads. */
  LOAD,
  /** A CDC file: {@code yyyyMMdd-HHmmssSSSS.csv}. Rows are changes, ordered by file name and then by line. */
  CDC,
  /** A transaction file ({@code PreserveTransactions}): {@code CDC_TXN-<yyyyMMddHHmmssSSS>.csv}, rows {@code op,table,schema,values...}. */
  CDC_TXN
}
