package dev.trailinsights.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The shipped alerting rules are valid ({@code promtool check rules}) and behave as their unit
 * tests say ({@code promtool test rules}: each alert fires on its input and not before).
 */
class AlertRulesIT {
  private static final Path DIR = Path.of("docker/observability/prometheus");

  private record Result(int exit, String output) {}

  private static Result promtool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(PrometheusProcess.binary("promtool").toString());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(p.exitValue(), out);
  }

  @Test
  void shouldPassPromtoolCheckRules() throws Exception {
    Result r = promtool("check", "rules", "rules.yml");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS: 10 rules found");
  }

  @Test
  void shouldFireTheAlertsOfTheRuleUnitTests() throws Exception {
    Result r = promtool("test", "rules", "rules-test.yml");

    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output()).contains("SUCCESS");
  }

  @Test
  void shouldFailARuleUnitTestThatExpectsTheWrongAlert(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    Path rules = DIR.resolve("rules.yml").toAbsolutePath();
    Path test = tmp.resolve("wrong-test.yml");
    java.nio.file.Files.writeString(
        test,
        "rule_files:\n  - "
            + rules
            + "\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
            + "      - series: 'trail_insights_open_insights{instance=\"a\",job=\"j\"}'\n"
            + "        values: '0x5'\n    alert_rule_test:\n      - eval_time: 3m\n"
            + "        alertname: TrailInsightsInsightOpen\n        exp_alerts:\n"
            + "          - exp_labels:\n              severity: info\n"
            + "              instance: a\n              job: j\n");

    Result r = promtool("test", "rules", test.toString());

    assertThat(r.exit()).as(r.output()).isNotZero();
    assertThat(r.output()).contains("FAILED");
  }
}
