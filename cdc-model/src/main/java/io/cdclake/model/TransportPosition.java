package io.cdclake.model;

import static java.util.Objects.requireNonNull;

/**
 * Where a message sits in the transport that delivered it: a Kafka topic/partition/offset, a
 * Kinesis stream/shard/sequence number, or a file and its line. This is what a host acknowledges
 * and what the committer stores as its checkpoint.
 *
 * <p>The offset is a non-negative decimal integer kept as text, because Kinesis sequence numbers
 * run to 56 digits; offsets of one stream and partition compare numerically.
 *
 * @param stream the topic, stream or file
 * @param partition the partition or shard ({@code "0"} for a file)
 * @param offset the offset, sequence number or line number, in decimal
 */
public record TransportPosition(String stream, String partition, String offset) implements Comparable<TransportPosition> {

  public TransportPosition {
    requireNonNull(stream, "stream is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(offset, "offset is null");
    if (offset.isEmpty() || offset.length() > 128) {
      throw new IllegalArgumentException("Cannot make transport position: offset must have 1 to 128 digits (length=" + offset.length() + ")");
    }
    for (int i = 0; i < offset.length(); i++) {
      char c = offset.charAt(i);
      if (c < '0' || c > '9') {
        throw new IllegalArgumentException("Cannot make transport position: offset is not a non-negative decimal integer (index=" + i + ")");
      }
    }
    // canonical form: no leading zeros, so equal offsets are equal strings
    int z = 0;
    while (z < offset.length() - 1 && offset.charAt(z) == '0') {
      z++;
    }
    offset = offset.substring(z);
  }

  public static TransportPosition kafka(String topic, int partition, long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("Cannot make Kafka position: negative offset (offset=" + offset + ")");
    }
    return new TransportPosition(topic, Integer.toString(partition), Long.toString(offset));
  }

  public static TransportPosition kinesis(String stream, String shardId, String sequenceNumber) {
    return new TransportPosition(stream, shardId, sequenceNumber);
  }

  /** A line (1-based) or record number in a file. */
  public static TransportPosition file(String path, long line) {
    return new TransportPosition(path, "0", Long.toString(line));
  }

  /** True when both name the same stream and partition. */
  public boolean samePartition(TransportPosition other) {
    return stream.equals(other.stream) && partition.equals(other.partition);
  }

  /** The offset as a long; throws when it does not fit (Kinesis sequence numbers). */
  public long offsetAsLong() {
    return Long.parseLong(offset);
  }

  /**
   * Orders positions of the same stream and partition by offset.
   *
   * @throws IllegalArgumentException for positions of different partitions
   */
  @Override
  public int compareTo(TransportPosition other) {
    if (!samePartition(other)) {
      throw new IllegalArgumentException("Cannot compare transport positions of different partitions (stream=" + stream
          + ", partition=" + partition + ", other stream=" + other.stream + ", other partition=" + other.partition + ")");
    }
    return compareOffsets(offset, other.offset);
  }

  /** Compares two canonical decimal offsets numerically. */
  public static int compareOffsets(String a, String b) {
    if (a.length() != b.length()) {
      return Integer.compare(a.length(), b.length());
    }
    return a.compareTo(b);
  }

  @Override
  public String toString() {
    return stream + "/" + partition + "@" + offset;
  }
}
