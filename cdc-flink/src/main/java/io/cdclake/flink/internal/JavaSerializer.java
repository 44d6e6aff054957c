package io.cdclake.flink.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Committables and writer results in Java serialization (what {@link io.cdclake.iceberg.WriteResult}
 * and Iceberg's files support), resolved with the task's user-code class loader. Version 1.
 */
public final class JavaSerializer<T extends Serializable> implements SimpleVersionedSerializer<T>, Serializable {
  private static final long serialVersionUID = 1L;
  private final Class<T> type;

  public JavaSerializer(Class<T> type) {
    this.type = type;
  }

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(T obj) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(obj);
    }
    return bytes.toByteArray();
  }

  @Override
  public T deserialize(int version, byte[] serialized) throws IOException {
    if (version != 1) {
      throw new IOException("Cannot read " + type.getSimpleName() + ": unknown serializer version (version=" + version + ")");
    }
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (ObjectInputStream in = new LoaderObjectInputStream(new ByteArrayInputStream(serialized), loader)) {
      return type.cast(in.readObject());
    } catch (ClassNotFoundException e) {
      throw new IOException("Cannot read " + type.getSimpleName() + ": class not found (class=" + e.getMessage() + ")", e);
    }
  }

  private static final class LoaderObjectInputStream extends ObjectInputStream {
    private final ClassLoader loader;

    LoaderObjectInputStream(InputStream in, ClassLoader loader) throws IOException {
      super(in);
      this.loader = loader;
    }

    @Override
    protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
      if (loader != null) {
        try {
          return Class.forName(desc.getName(), false, loader);
        } catch (ClassNotFoundException e) {
          // primitives and JDK classes: the default resolution
        }
      }
      return super.resolveClass(desc);
    }
  }
}
