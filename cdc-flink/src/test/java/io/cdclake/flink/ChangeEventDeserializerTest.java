package io.cdclake.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cdclake.model.ChangeEvent;
import io.cdclake.model.DecodeException;
import io.cdclake.model.EventBinary;
import io.cdclake.model.MalformedInputException;
import io.cdclake.model.TransportPosition;
import io.cdclake.testsupport.GeneratedChanges;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class ChangeEventDeserializerTest {
  /** A codec for tests: each value is one event in binary form (the codec copies the message's position onto it). */
  static ChangeEventDeserializer binary() {
    return ChangeEventDeserializer.of(() -> new io.cdclake.model.ChangeDecoder() {
      @Override
      public void decode(io.cdclake.model.RawMessage m, java.util.function.Consumer<? super ChangeEvent> out) {
        ChangeEvent e = EventBinary.fromBytes(m.value());
        out.accept(m.transport() == null ? e : e.withTransport(m.transport()));
      }

      @Override
      public void decodeStream(java.io.InputStream in, String name, java.util.function.Consumer<? super ChangeEvent> out) {
        throw new UnsupportedOperationException();
      }
    });
  }

  static final class ListCollector implements Collector<ChangeEvent> {
    final List<ChangeEvent> out = new ArrayList<>();

    @Override
    public void collect(ChangeEvent e) {
      out.add(e);
    }

    @Override
    public void close() {
    }
  }

  @Test
  void kafkaLikeRecordsBecomeEventsCarryingTheirPositionAndTheAdapterShipsToTasks() throws Exception {
    ChangeEvent e = GeneratedChanges.generate(1, 1, 1).events().get(0).withTransport(null);
    ChangeEventDeserializer d = InstantiationUtil.clone(binary());
    ListCollector out = new ListCollector();
    d.deserialize(null, EventBinary.toBytes(e), Map.of("h", new byte[] {1}), "cdc.public.orders", 3, 42, out);
    assertThat(out.out).singleElement().satisfies(x -> {
      assertThat(x.transport()).isEqualTo(TransportPosition.kafka("cdc.public.orders", 3, 42));
      assertThat(x.after()).isEqualTo(e.after());
    });
  }

  @Test
  void theValueOnlySchemaProducesEventsOfTheCdcTypeAndBadBytesFailWithTheCodecsError() throws Exception {
    ChangeEvent e = GeneratedChanges.generate(2, 1, 1).events().get(0);
    DeserializationSchema<ChangeEvent> schema = InstantiationUtil.clone(binary().valueOnly("orders"));
    assertThat(schema.getProducedType()).isEqualTo(ChangeEventTypeInfo.INSTANCE);
    ListCollector out = new ListCollector();
    schema.deserialize(EventBinary.toBytes(e), out);
    assertThat(out.out).containsExactly(e);
    assertThatThrownBy(() -> schema.deserialize(new byte[] {7}, out)).isInstanceOf(MalformedInputException.class)
        .isInstanceOf(DecodeException.class);
  }
}
