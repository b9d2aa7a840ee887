package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class ReadinessTest {
  private static final TopicPartition CHANGELOG = new TopicPartition("app-api-state-changelog", 0);

  private final Readiness readiness = new Readiness();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void shouldBeReadyOnlyWhileRunning() {
    readiness.bindTo(registry);
    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.describe()).isEqualTo("not ready: Kafka Streams is CREATED");

    readiness.onChange(State.REBALANCING, State.CREATED);
    assertThat(readiness.ready()).isFalse();
    readiness.onChange(State.RUNNING, State.REBALANCING);
    assertThat(readiness.ready()).isTrue();
    assertThat(readiness.describe()).isEqualTo("ready");
    assertThat(gauge("trail.insights.ready")).isEqualTo(1);
    assertThat(registry.get("trail.insights.streams.state").tag("state", "running").gauge().value())
        .isEqualTo(1);

    readiness.onChange(State.PENDING_SHUTDOWN, State.RUNNING);
    readiness.onChange(State.NOT_RUNNING, State.PENDING_SHUTDOWN);
    assertThat(readiness.ready()).isFalse();
    assertThat(gauge("trail.insights.ready")).isZero();
    assertThat(registry.get("trail.insights.streams.state").tag("state", "running").gauge().value())
        .isZero();
    assertThat(
            registry
                .get("trail.insights.streams.state")
                .tag("state", "not_running")
                .gauge()
                .value())
        .isEqualTo(1);
  }

  @Test
  void shouldNotBeReadyWhileRestoring() {
    readiness.bindTo(registry);
    readiness.onChange(State.RUNNING, State.REBALANCING);

    readiness.onRestoreStart(CHANGELOG, "api-state", 100, 1100);
    readiness.onBatchRestored(CHANGELOG, "api-state", 400, 300);

    assertThat(readiness.ready()).isFalse();
    assertThat(readiness.describe())
        .isEqualTo("not ready: restoring 1 store partitions, 700 records to go");
    assertThat(gauge("trail.insights.restoring.partitions")).isEqualTo(1);
    assertThat(gauge("trail.insights.restore.remaining.records")).isEqualTo(700);

    readiness.onBatchRestored(CHANGELOG, "api-state", 1100, 700);
    readiness.onRestoreEnd(CHANGELOG, "api-state", 1000);

    assertThat(readiness.ready()).isTrue();
    assertThat(gauge("trail.insights.restoring.partitions")).isZero();
    assertThat(registry.get("trail.insights.restored.records").functionCounter().count())
        .isEqualTo(1000);
  }

  @Test
  void shouldStopWaitingForARestorationThatWasSuspended() {
    readiness.onChange(State.RUNNING, State.REBALANCING);
    readiness.onRestoreStart(CHANGELOG, "open-insights", 0, 10);

    readiness.onRestoreSuspended(CHANGELOG, "open-insights", 0);

    assertThat(readiness.ready()).isTrue();
  }

  @Test
  void shouldNotBeReadyWhileTheBrokerHasNotAnsweredForLongerThanTheLimit() {
    readiness.bindTo(registry);
    readiness.onChange(State.RUNNING, State.REBALANCING);
    java.util.concurrent.atomic.AtomicReference<java.time.Duration> age =
        new java.util.concurrent.atomic.AtomicReference<>(java.time.Duration.ofSeconds(10));
    readiness.watchBroker(age::get, java.time.Duration.ofSeconds(60));
    assertThat(readiness.ready()).isTrue();
    assertThat(gauge("trail.insights.broker.contact.age")).isEqualTo(10.0);

    age.set(java.time.Duration.ofSeconds(75));

    assertThat(readiness.ready()).isFalse();
    assertThat(gauge("trail.insights.ready")).isZero();
    assertThat(readiness.describe())
        .isEqualTo(
            "not ready: the Kafka cluster has not answered for 75s (limit 60s); nothing can be"
                + " committed");
    age.set(java.time.Duration.ofSeconds(1));
    assertThat(readiness.ready()).isTrue();
  }
}
