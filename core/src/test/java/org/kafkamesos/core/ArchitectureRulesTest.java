package org.kafkamesos.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.time.Clock;
import java.time.InstantSource;

/**
 * The import rules between the layers, as tests: the pure parts (the placement engine, core's model and its
 * functional core) see no transport, no store, no threads and no clock; only the Mesos shell and the local Mesos
 * cluster see Mesos types; no two packages depend on each other. A rule that is broken fails the build naming the
 * class and the dependency that broke it.
 */
@AnalyzeClasses(packages = "org.kafkamesos", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureRulesTest {

    /** The code that must stay a pure function of its input: no Mesos, no store, no threads, no clock. */
    private static final String[] PURE = {"org.kafkamesos.placement..", "org.kafkamesos.core.model..",
            "org.kafkamesos.core.scheduler.."};

    @ArchTest
    static final ArchRule pureCode_seesNoMesosTypes = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAPackage("org.apache.mesos..")
            .because("the Mesos shell (core.mesos) translates protobuf types at the edge");

    @ArchTest
    static final ArchRule pureCode_usesNoThreads = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAPackage("java.util.concurrent..")
            .orShould().dependOnClassesThat().areAssignableTo(Thread.class)
            .because("one event loop owns the orchestrator, and the placement engine owns no thread");

    @ArchTest
    static final ArchRule pureCode_readsNoClock = classes().that().resideInAnyPackage(PURE)
            .should(notReadTheWallClock())
            .because("time is injected (an Instant argument, an InstantSource), so that tests run in simulated time");

    @ArchTest
    static final ArchRule pureCode_seesNoStateStore = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAPackage("org.kafkamesos.state..")
            .because("the shell (KafkaCluster) persists each reaction before its actions go out");

    @ArchTest
    static final ArchRule pureCode_bindsNoLogging = noClasses().that().resideInAnyPackage(PURE)
            .should().dependOnClassesThat().resideInAnyPackage("java.util.logging..", "org.apache.logging..",
                    "org.apache.log4j..", "ch.qos.logback..", "org.slf4j.simple..")
            .because("library code logs through slf4j-api only, and the pure core not at all");

    @ArchTest
    static final ArchRule onlyTheMesosShellAndTheLocalCluster_seeMesosTypes = noClasses()
            .that().resideInAPackage("org.kafkamesos.core..")
            .and().resideOutsideOfPackages("org.kafkamesos.core.mesos..", "org.kafkamesos.core.local..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.mesos..")
            .because("core.mesos is the protobuf shell; the rest of core speaks the domain's types");

    @ArchTest
    static final ArchRule model_dependsOnNoOtherPartOfCore = noClasses().that().resideInAPackage("org.kafkamesos.core.model..")
            .should().dependOnClassesThat().resideInAnyPackage("org.kafkamesos.core", "org.kafkamesos.core.scheduler..",
                    "org.kafkamesos.core.store..", "org.kafkamesos.core.mesos..", "org.kafkamesos.core.local..",
                    "org.kafkamesos.core.http..", "org.kafkamesos.core.kafka..", "org.kafkamesos.core.rebalance..")
            .because("the model is the vocabulary every other package of core shares");

    @ArchTest
    static final ArchRule scheduler_dependsOnTheModelOnly = noClasses().that().resideInAPackage("org.kafkamesos.core.scheduler..")
            .should().dependOnClassesThat().resideInAnyPackage("org.kafkamesos.core", "org.kafkamesos.core.store..",
                    "org.kafkamesos.core.mesos..", "org.kafkamesos.core.local..", "org.kafkamesos.core.http..",
                    "org.kafkamesos.core.kafka..", "org.kafkamesos.core.rebalance..")
            .because("the functional core knows nothing of the shells around it");

    @ArchTest
    static final ArchRule packages_haveNoCycles = slices().matching("org.kafkamesos.(**)").should().beFreeOfCycles();

    /**
     * Calls that read the wall clock or the system's time, what an injected {@code InstantSource} stands for:
     * {@code System.currentTimeMillis()}, {@code System.nanoTime()}, {@code InstantSource.system()},
     * {@code Clock.system*()} and the {@code now()} of every {@code java.time} type.
     */
    private static ArchCondition<JavaClass> notReadTheWallClock() {
        return new ArchCondition<>("not read the wall clock") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (JavaMethodCall call : item.getMethodCallsFromSelf()) {
                    if (readsTheClock(call)) {
                        events.add(SimpleConditionEvent.violated(call, call.getDescription()));
                    }
                }
            }
        };
    }

    private static boolean readsTheClock(JavaMethodCall call) {
        String owner = call.getTargetOwner().getName();
        String name = call.getName();
        if (owner.equals(System.class.getName())) {
            return name.equals("currentTimeMillis") || name.equals("nanoTime");
        }
        if (owner.equals(InstantSource.class.getName()) || owner.equals(Clock.class.getName())) {
            return name.startsWith("system");
        }
        // Instant.now(), LocalDateTime.now(), ...: every java.time type reads the system clock in now()
        return owner.startsWith("java.time.") && name.equals("now");
    }

}
