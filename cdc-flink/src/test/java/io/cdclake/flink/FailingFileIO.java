package io.cdclake.flink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.hadoop.HadoopFileIO;
import org.apache.iceberg.io.OutputFile;

/** Iceberg's Hadoop file IO that fails once, when the writers create their n-th data file (set by the test). */
public class FailingFileIO extends HadoopFileIO {
  static final AtomicInteger DATA_FILES_BEFORE_FAILURE = new AtomicInteger(Integer.MAX_VALUE);
  static final AtomicInteger FAILURES = new AtomicInteger();

  @Override
  public OutputFile newOutputFile(String path) {
    if (path.endsWith(".parquet") && path.contains("/data/") && DATA_FILES_BEFORE_FAILURE.decrementAndGet() == 0) {
      FAILURES.incrementAndGet();
      throw new UncheckedIOException(new IOException("injected failure writing a data file"));
    }
    return super.newOutputFile(path);
  }
}
