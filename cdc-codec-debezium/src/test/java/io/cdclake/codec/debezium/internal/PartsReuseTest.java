package io.cdclake.codec.debezium.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.cdclake.model.Row;
import io.cdclake.model.TableId;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The per-thread {@link Events.Parts} the fast path reuses: reset gives back exactly a new one
 * (every field, found by reflection, so a field added later without a reset fails here), and a
 * nested read on the same thread gets its own.
 */
class PartsReuseTest {
  @Test
  void resetPartsEqualANewOneFieldByField() throws Exception {
    Events.Parts used = new Events.Parts();
    scribble(used);
    scribble(used.source);
    assertThat(used.source.connector).isNotNull();
    used.reset();
    assertSameFields(used, new Events.Parts());
    assertSameFields(used.source, new SourceInfo());
  }

  @Test
  void aNestedReadOnTheSameThreadGetsItsOwnParts() {
    Events.Parts outer = Events.Parts.acquire();
    try {
      outer.op = "c";
      Events.Parts inner = Events.Parts.acquire();
      assertThat(inner).isNotSameAs(outer);
      inner.release();
      assertThat(outer.op).isEqualTo("c");
    } finally {
      outer.release();
    }
    Events.Parts again = Events.Parts.acquire();
    try {
      assertThat(again).isSameAs(outer);
      assertThat(again.op).isNull();
    } finally {
      again.release();
    }
  }

  /** Sets every non-final instance field to a value no new object has. */
  private static void scribble(Object o) throws IllegalAccessException {
    for (Field f : o.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || Modifier.isFinal(f.getModifiers())) {
        continue;
      }
      f.setAccessible(true);
      Class<?> t = f.getType();
      if (t == long.class) {
        f.setLong(o, 42);
      } else if (t == int.class) {
        f.setInt(o, 42);
      } else if (t == boolean.class) {
        f.setBoolean(o, !f.getBoolean(o));
      } else if (t == String.class) {
        f.set(o, "x");
      } else if (t == Row.class) {
        f.set(o, Row.empty());
      } else if (t == TableId.class) {
        f.set(o, TableId.of("d", "s", "t"));
      } else if (t == Events.TxBlock.class) {
        f.set(o, new Events.TxBlock("tx", 1, 2));
      } else if (!t.isPrimitive()) {
        continue; // other references (schema, message): left null here, reset sets them null
      } else {
        throw new AssertionError("a field of an unexpected type: " + f);
      }
    }
  }

  private static void assertSameFields(Object got, Object fresh) throws IllegalAccessException {
    for (Field f : got.getClass().getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) || f.getType() == SourceInfo.class) {
        continue;
      }
      f.setAccessible(true);
      assertThat(f.get(got)).as(f.getName()).isEqualTo(f.get(fresh));
    }
  }
}
