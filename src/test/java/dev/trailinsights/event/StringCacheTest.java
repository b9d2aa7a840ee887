package dev.trailinsights.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StringCacheTest {
  private static String get(StringCache cache, String s) {
    char[] padded = ("<" + s + ">").toCharArray();
    return cache.get(padded, 1, s.length());
  }

  @Test
  void shouldReturnTheSameInstanceForARepeatedValue() {
    StringCache cache = new StringCache(64, 32);

    String first = get(cache, "ec2.amazonaws.com");

    assertThat(get(cache, "ec2.amazonaws.com")).isSameAs(first).isEqualTo("ec2.amazonaws.com");
    assertThat(get(cache, "")).isEmpty();
  }

  @Test
  void shouldAlwaysReturnTheRightValueWhenEntriesCollideOrAreEvicted() {
    StringCache cache = new StringCache(16, 32);
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < 1000; i++) {
        String value = "Api" + i;
        assertThat(get(cache, value)).isEqualTo(value);
      }
    }
  }

  @Test
  void shouldKeepTwoValuesThatShareASlot() {
    StringCache cache = new StringCache(2, 32);

    String a = get(cache, "DescribeInstances");
    String b = get(cache, "AssumeRole");

    assertThat(get(cache, "DescribeInstances")).isSameAs(a);
    assertThat(get(cache, "AssumeRole")).isSameAs(b);
  }

  @Test
  void shouldNotCacheValuesLongerThanTheLimit() {
    StringCache cache = new StringCache(16, 4);

    String first = get(cache, "longer");

    assertThat(get(cache, "longer")).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void shouldRejectASizeThatIsNotAPowerOfTwo() {
    assertThatThrownBy(() -> new StringCache(100, 8)).isInstanceOf(IllegalArgumentException.class);
  }
}
