package io.cdclake.cli;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.PositionOutputStream;

/**
 * The FileIO of the CLI's embedded catalog: local files through {@code java.nio}, without Hadoop's
 * local file system. Hadoop's {@code RawLocalFileSystem} sets the permissions of every file and
 * folder it creates by running {@code chmod} in a new process when its native library is absent
 * (as here), which made process starts the largest cost of a commit (about 12 per table commit).
 * Locations are those Iceberg writes for a {@code file:} warehouse ({@code file:/…}, {@code file:///…})
 * or plain paths; the files are the same ones {@code HadoopFileIO} reads and writes, so either can
 * open a warehouse the other wrote.
 */
public final class LocalFileIO implements FileIO {
  private static final long serialVersionUID = 1L;

  /** For {@code io-impl} (Iceberg loads it by its no-argument constructor). */
  public LocalFileIO() {}

  static File file(String location) {
    String path = location.startsWith("file:") ? location.substring("file:".length()) : location;
    return new File(path).getAbsoluteFile();
  }

  @Override
  public InputFile newInputFile(String path) {
    return new Input(path, file(path));
  }

  @Override
  public OutputFile newOutputFile(String path) {
    return new Output(path, file(path));
  }

  @Override
  public void deleteFile(String path) {
    try {
      Files.deleteIfExists(file(path).toPath());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete file: " + e.getClass().getSimpleName() + " (path=" + path + ")", e);
    }
  }

  private static final class Output implements OutputFile {
    private final String location;
    private final File file;

    Output(String location, File file) {
      this.location = location;
      this.file = file;
    }

    @Override
    public PositionOutputStream create() {
      return open(false);
    }

    @Override
    public PositionOutputStream createOrOverwrite() {
      return open(true);
    }

    private PositionOutputStream open(boolean overwrite) {
      try {
        Files.createDirectories(file.getParentFile().toPath());
        OutputStream out = overwrite ? new FileOutputStream(file)
            : Files.newOutputStream(file.toPath(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new Counting(new BufferedOutputStream(out, 1 << 16));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        throw new AlreadyExistsException("File already exists: %s", location);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create file: " + e.getClass().getSimpleName() + " (path=" + location + ")", e);
      }
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public InputFile toInputFile() {
      return new Input(location, file);
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** Reads through Iceberg's local input file; the location stays as given (the catalog compares metadata locations as text). */
  private static final class Input implements InputFile {
    private final String location;
    private final File file;
    private final InputFile local;

    Input(String location, File file) {
      this.location = location;
      this.file = file;
      this.local = org.apache.iceberg.Files.localInput(file);
    }

    @Override
    public long getLength() {
      return file.length();
    }

    @Override
    public org.apache.iceberg.io.SeekableInputStream newStream() {
      return local.newStream();
    }

    @Override
    public String location() {
      return location;
    }

    @Override
    public boolean exists() {
      return file.exists();
    }

    @Override
    public String toString() {
      return location;
    }
  }

  /** A buffered stream that counts the bytes written (Parquet and Avro writers ask for the position). */
  private static final class Counting extends PositionOutputStream {
    private final OutputStream out;
    private long pos;

    Counting(OutputStream out) {
      this.out = out;
    }

    @Override
    public long getPos() {
      return pos;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      pos++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      pos += len;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }
}
