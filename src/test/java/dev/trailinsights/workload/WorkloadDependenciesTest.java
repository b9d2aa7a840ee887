package dev.trailinsights.workload;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class WorkloadDependenciesTest {
  @Test
  void shouldDependOnlyOnTheJdkJacksonAndTheModels() {
    classes()
        .that()
        .resideInAPackage("dev.trailinsights.workload..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "com.fasterxml.jackson..",
            "dev.trailinsights.workload..",
            "dev.trailinsights.insight..",
            "dev.trailinsights.config..")
        .because(
            "generation and evaluation run without a broker or a detector; feed their output to"
                + " replay, the topology or a producer from the cli package")
        .check(
            new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.trailinsights.workload"));
  }
}
