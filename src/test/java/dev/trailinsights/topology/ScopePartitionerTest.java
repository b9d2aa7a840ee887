package dev.trailinsights.topology;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

class ScopePartitionerTest {
  private static final List<String> APIS =
      List.of(
          "ec2.amazonaws.com|RunInstances",
          "ec2.amazonaws.com|TerminateInstances",
          "iam.amazonaws.com|CreateAccessKey",
          "s3.amazonaws.com|PutBucketPolicy",
          "sts.amazonaws.com|AssumeRole",
          "lambda.amazonaws.com|UpdateFunctionCode20150331v2");
  private static final List<String> REGIONS =
      List.of("us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "");
  private final ScopePartitioner partitioner = new ScopePartitioner();

  private static List<String> scopes() {
    List<String> scopes = new ArrayList<>();
    for (int a = 0; a < 20; a++) {
      for (String region : REGIONS) {
        scopes.add(
            String.format("%012d", 111_122_223_333L * (a + 1) % 1_000_000_000_000L) + "|" + region);
      }
    }
    return scopes;
  }

  @Test
  void shouldKeepEveryApiOfAnAccountAndRegionOnOnePartition() {
    for (int partitions : new int[] {1, 3, 4, 12, 50}) {
      for (String scope : scopes()) {
        Set<Integer> seen = new HashSet<>();
        for (String api : APIS) {
          seen.addAll(
              partitioner.partitions("t", scope + "|" + api, null, partitions).orElseThrow());
        }
        assertThat(seen).as(scope + " over " + partitions).hasSize(1);
        assertThat(seen.iterator().next()).isBetween(0, partitions - 1);
      }
    }
  }

  @Test
  void shouldPlaceAScopeWhereTheDefaultPartitionerPlacesItAsAKey() {
    // input keyed by account|region and the repartition topic then agree, partition for partition
    for (String scope : scopes()) {
      assertThat(ScopePartitioner.partition(scope + "|" + APIS.get(0), 6))
          .isEqualTo(BuiltInPartitioner.partitionForKey(scope.getBytes(UTF_8), 6));
    }
  }

  @Test
  void shouldSpreadAccountsAndRegionsOverPartitions() {
    int[] perPartition = new int[4];
    for (String scope : scopes()) {
      perPartition[ScopePartitioner.partition(scope + "|" + APIS.get(1), 4)]++;
    }

    for (int n : perPartition) {
      assertThat(n).isGreaterThan(scopes().size() / 8);
    }
  }
}
