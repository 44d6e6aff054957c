package io.cdclake.flink.internal;

import io.cdclake.iceberg.WriteResult;
import java.io.Serializable;
import java.util.List;

/** What one writer subtask produced for one checkpoint. */
public record WriterResults(int subtask, List<WriteResult> results) implements Serializable {
  public WriterResults {
    results = List.copyOf(results);
  }
}
