package dev.trailinsights.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RawStringsTest {
  /** Byte by byte: what {@link RawStrings#scan} must agree with. */
  private static long reference(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] == '\\') {
        return RawStrings.NOT_RAW;
      }
      if (bytes[i] == '"') {
        int length = i - start;
        return ((long) length << 32) | (RawStrings.hash(bytes, start, length) & 0xffffffffL);
      }
    }
    return RawStrings.NOT_RAW;
  }

  @Test
  void shouldFindTheClosingQuoteAtEveryPositionAndAlignment() {
    Random random = new Random(11);
    byte[] alphabet = "abcXYZ019-:/.é€\"\\".getBytes(StandardCharsets.UTF_8);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[1 + random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] =
            random.nextInt(6) == 0
                ? alphabet[random.nextInt(alphabet.length)]
                : (byte) ('a' + random.nextInt(26));
      }
      int start = random.nextInt(bytes.length);
      int end = start + random.nextInt(bytes.length - start + 1);

      assertThat(RawStrings.scan(bytes, start, end)).isEqualTo(reference(bytes, start, end));
    }
  }

  @Test
  void shouldFindTheFirstNewlineAtEveryPosition() {
    Random random = new Random(5);
    for (int round = 0; round < 20_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = random.nextInt(12) == 0 ? (byte) '\n' : (byte) (random.nextInt(256));
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      int expected = -1;
      for (int i = from; i < to; i++) {
        if (bytes[i] == '\n') {
          expected = i;
          break;
        }
      }

      assertThat(RawStrings.indexOfNewline(bytes, from, to)).isEqualTo(expected);
    }
  }

  @Test
  void shouldGiveTheSameHashToTheSameBytesWherever() {
    byte[] a = "xx\"arn:aws:iam::111122223333:user/ci-bot\"".getBytes(StandardCharsets.UTF_8);
    byte[] b =
        "\"arn:aws:iam::111122223333:user/ci-bot\"yyyyyyyyyy".getBytes(StandardCharsets.UTF_8);

    long inA = RawStrings.scan(a, 3, a.length);
    long inB = RawStrings.scan(b, 1, b.length);

    assertThat(inA).isEqualTo(inB);
    assertThat(inA >>> 32).isEqualTo(37);
  }

  @Test
  void shouldNotReadAStringWithAnEscapeOrWithoutAnEnd() {
    byte[] escaped = "\"Mozilla \\\"quoted\\\"\"".getBytes(StandardCharsets.UTF_8);
    byte[] open = "\"no end in sight".getBytes(StandardCharsets.UTF_8);

    assertThat(RawStrings.scan(escaped, 1, escaped.length)).isEqualTo(RawStrings.NOT_RAW);
    assertThat(RawStrings.scan(open, 1, open.length)).isEqualTo(RawStrings.NOT_RAW);
  }
}
