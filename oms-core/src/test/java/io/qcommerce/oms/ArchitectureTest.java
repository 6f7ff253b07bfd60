package io.qcommerce.oms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The layering of oms-core, checked on its compiled classes: values and ports at the bottom, use cases above,
 * the facade on top, and nothing of a driver or a framework anywhere.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.qcommerce.oms");

    @Test
    void packagesDependOnEachOtherWithoutACycle() {
        slices().matching("io.qcommerce.oms.(**)").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void theCoreImportsNoDriverAndNoFramework() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.lettuce..",
                        "io.netty..",
                        "reactor..",
                        "com.mongodb..",
                        "org.bson..",
                        "org.springframework..",
                        "jakarta..",
                        "io.micrometer..",
                        "redis..",
                        "org.apache.kafka..")
                .check(CORE);
    }

    @Test
    void useCasesDependOnPortsNotOnAdapters() {
        noClasses()
                .that()
                .resideInAPackage("io.qcommerce.oms.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.qcommerce.oms.memory..")
                .check(CORE);
    }

    @Test
    void apiAndSpiDoNotReachTheUseCases() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.qcommerce.oms", "io.qcommerce.oms.internal")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.qcommerce.oms.internal")
                .check(CORE);
    }
}
