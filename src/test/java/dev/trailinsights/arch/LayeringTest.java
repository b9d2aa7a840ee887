package dev.trailinsights.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package rules of docs/architecture.md: one detection core with no Kafka in it, arrows
 * pointing down only. Each rule's message says how to fix a violation.
 */
class LayeringTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.trailinsights");
  }

  @Test
  void shouldKeepKafkaOutOfTheDetectionCore() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.trailinsights.stats..",
            "dev.trailinsights.detect..",
            "dev.trailinsights.event..",
            "dev.trailinsights.insight..",
            "dev.trailinsights.history..",
            "dev.trailinsights.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.apache.kafka..")
        .because(
            "the core is driven by replay, score and the topology alike; move Kafka code to"
                + " dev.trailinsights.topology or dev.trailinsights.runtime and pass plain values in")
        .check(classes);
  }

  @Test
  void shouldKeepStatisticsFreeOfEverythingButTheJdkAndCommonsMath() {
    classes()
        .that()
        .resideInAPackage("dev.trailinsights.stats..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", "dev.trailinsights.stats..", "org.apache.commons.math3..")
        .because(
            "statistics are small pure classes; pass numbers in instead of importing the caller's"
                + " types")
        .check(classes);
  }

  @Test
  void shouldNotLetTheCoreDependOnItsDrivers() {
    noClasses()
        .that()
        .resideInAnyPackage(
            "dev.trailinsights.stats..",
            "dev.trailinsights.detect..",
            "dev.trailinsights.event..",
            "dev.trailinsights.insight..",
            "dev.trailinsights.history..",
            "dev.trailinsights.config..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.trailinsights.cli..",
            "dev.trailinsights.console..",
            "dev.trailinsights.runtime..",
            "dev.trailinsights.topology..",
            "dev.trailinsights.forward..",
            "dev.trailinsights.workload..")
        .because(
            "arrows point down only: drivers call the core; give the core an interface (like"
                + " detect.SeenIds) and implement it in the driver")
        .check(classes);
  }

  @Test
  void shouldKeepTheInsightModelFreeOfDetectionInternals() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.trailinsights.insight..", "dev.trailinsights.event..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.trailinsights.detect..", "dev.trailinsights.stats..")
        .because("the record models sit below detection; move shared types down into them")
        .check(classes);
  }

  @Test
  void shouldKeepMetricsBelowTheRuntimeAndTheCommands() {
    noClasses()
        .that()
        .resideInAPackage("dev.trailinsights.metrics..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.trailinsights.runtime..", "dev.trailinsights.cli..")
        .because(
            "the runtime hands its parts to metrics, not the other way round; declare what metrics"
                + " reads as an interface in dev.trailinsights.metrics (like MonitoredApp) or pass"
                + " plain values")
        .check(classes);
  }
}
