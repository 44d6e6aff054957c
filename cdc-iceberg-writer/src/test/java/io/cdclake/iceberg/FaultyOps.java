package io.cdclake.iceberg;

import java.util.function.IntFunction;
import org.apache.iceberg.BaseTable;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.TableOperations;
import org.apache.iceberg.encryption.EncryptionManager;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.LocationProvider;

/** Real table operations with injected commit faults: the function gets the commit number (from 1) and says what happens. */
final class FaultyOps implements TableOperations {
  enum Fault { NONE, FAIL, UNKNOWN_BEFORE, UNKNOWN_AFTER }

  private final TableOperations real;
  private final IntFunction<Fault> plan;
  int commits;

  FaultyOps(TableOperations real, IntFunction<Fault> plan) {
    this.real = real;
    this.plan = plan;
  }

  static Table wrap(Table table, IntFunction<Fault> plan) {
    return new BaseTable(new FaultyOps(((HasTableOperations) table).operations(), plan), table.name());
  }

  @Override
  public TableMetadata current() {
    return real.current();
  }

  @Override
  public TableMetadata refresh() {
    return real.refresh();
  }

  @Override
  public void commit(TableMetadata base, TableMetadata metadata) {
    commits++;
    switch (plan.apply(commits)) {
      case FAIL -> throw new org.apache.iceberg.exceptions.CommitFailedException("injected conflict %d", commits);
      case UNKNOWN_BEFORE -> throw new org.apache.iceberg.exceptions.CommitStateUnknownException(new RuntimeException("injected, not committed"));
      case UNKNOWN_AFTER -> {
        real.commit(base, metadata);
        throw new org.apache.iceberg.exceptions.CommitStateUnknownException(new RuntimeException("injected, committed"));
      }
      default -> real.commit(base, metadata);
    }
  }

  @Override
  public FileIO io() {
    return real.io();
  }

  @Override
  public EncryptionManager encryption() {
    return real.encryption();
  }

  @Override
  public String metadataFileLocation(String fileName) {
    return real.metadataFileLocation(fileName);
  }

  @Override
  public LocationProvider locationProvider() {
    return real.locationProvider();
  }

  @Override
  public TableOperations temp(TableMetadata uncommittedMetadata) {
    return real.temp(uncommittedMetadata);
  }

  @Override
  public long newSnapshotId() {
    return real.newSnapshotId();
  }

  @Override
  public boolean requireStrictCleanup() {
    return real.requireStrictCleanup();
  }
}
