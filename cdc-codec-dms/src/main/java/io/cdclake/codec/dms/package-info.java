/**
 * AWS DMS into canonical change events: {@link io.cdclake.codec.dms.DmsJsonDecoder} for the JSON that
 * DMS writes to Kinesis Data Streams and Kafka (also inside Kinesis Lambda events and
 * {@code get-records} output), {@link io.cdclake.codec.dms.DmsS3CsvDecoder} and
 * {@link io.cdclake.codec.dms.DmsS3ParquetDecoder} for the files of an S3 target, and
 * {@link io.cdclake.codec.dms.DmsS3Files} for their names and order. Everything in
 * {@code io.cdclake.codec.dms.internal} is implementation.
 */
package io.cdclake.codec.dms;
