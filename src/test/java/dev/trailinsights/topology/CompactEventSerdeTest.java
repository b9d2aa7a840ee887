package dev.trailinsights.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trailinsights.detect.CompactEvent;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class CompactEventSerdeTest {
  private final CompactEventSerde serde = new CompactEventSerde();

  private byte[] encode(CompactEvent e) {
    return serde.serializer().serialize("events-by-api-repartition", e);
  }

  private CompactEvent decode(byte[] bytes) {
    return serde.deserializer().deserialize("events-by-api-repartition", bytes);
  }

  @Test
  void shouldRoundTripEveryField() {
    CompactEvent e =
        new CompactEvent(
            1_772_409_631_000L,
            true,
            true,
            "Client.UnauthorizedOperation",
            "arn:aws:sts::111122223333:assumed-role/Admin/zoë",
            "aws-cli/2.15.0 Python/3.11 — ünïcode",
            -4_035_287_460_736_902_873L);

    assertThat(decode(encode(e))).isEqualTo(e);
  }

  @Test
  void shouldRoundTripAbsentStringsAndFlagsOff() {
    CompactEvent e = new CompactEvent(0L, false, false, null, null, null, 0L);

    assertThat(decode(encode(e))).isEqualTo(e);
    CompactEvent calls = new CompactEvent(60_000L, true, false, null, "", "", 7L);
    assertThat(decode(encode(calls))).isEqualTo(calls);
  }

  @Test
  void shouldKeepATypicalEventUnderOneHundredAndFiftyBytes() {
    CompactEvent e =
        new CompactEvent(
            1_772_409_631_000L,
            true,
            false,
            null,
            "arn:aws:iam::111122223333:user/alice",
            "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
            42L);

    assertThat(encode(e)).hasSizeLessThan(150);
  }

  @Test
  void shouldPassNullThrough() {
    assertThat(encode(null)).isNull();
    assertThat(decode(null)).isNull();
  }

  @Test
  void shouldRefuseAnUnknownVersion() {
    byte[] bytes = encode(new CompactEvent(60_000L, true, false, null, "a", "b", 1L));
    bytes[0] = (byte) (CompactEventSerde.VERSION + 1);

    assertThatThrownBy(() -> decode(bytes))
        .isInstanceOf(SerializationException.class)
        .hasMessage("unknown compact event version " + (CompactEventSerde.VERSION + 1));
  }

  @Test
  void shouldRefuseATruncatedEvent() {
    byte[] bytes = encode(new CompactEvent(60_000L, true, false, "Throttling", "a", "b", 1L));

    assertThatThrownBy(() -> decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("corrupt compact event");
    assertThatThrownBy(() -> decode(new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("corrupt compact event");
  }
}
