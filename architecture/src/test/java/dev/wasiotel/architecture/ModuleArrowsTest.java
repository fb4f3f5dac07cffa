package dev.wasiotel.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency arrows of {@code DESIGN.md} section 1, as they stand, checked on the main classes
 * of every module (tests may cross them: codegen's tests run generated code on {@code runtime}).
 * The modules {@code component}, {@code wasi} and {@code host} share the package root
 * {@code dev.wasiotel.host} (their packages predate the split), so their arrows are drawn on
 * packages: {@code host.component} and {@code host.wasi} are the two lower modules, the rest is the
 * command line.
 * A class that imports across a forbidden arrow fails the build here, naming the class, the line
 * and the class it must not use.
 *
 * <p>Generated bindings need no exception: they live under the package of the module that
 * generates them ({@code dev.wasiotel.host.wasi.bindings}, {@code dev.wasiotel.otel.bindings}) and
 * use only {@code runtime} and {@code abi}, which both modules may use.
 */
@AnalyzeClasses(packages = "dev.wasiotel", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleArrowsTest {
    private static final String ABI = "dev.wasiotel.wit.abi..";
    private static final String PARSER = "dev.wasiotel.wit.parser..";
    private static final String RUNTIME = "dev.wasiotel.wit.runtime..";
    private static final String CODEGEN = "dev.wasiotel.wit.codegen..";
    private static final String PROCESSOR = "dev.wasiotel.wit.processor..";
    private static final String MAVEN = "dev.wasiotel.wit.maven..";
    private static final String OTEL = "dev.wasiotel.otel..";
    private static final String GUEST_PLUGIN = "dev.wasiotel.guest..";
    private static final String HOST = "dev.wasiotel.host..";
    /** Module component: the component engine (decoder, instantiation, typed linking, dynamic calls). */
    private static final String COMPONENT = "dev.wasiotel.host.component..";
    /** Module wasi: WASI 0.2, with its generated bindings ({@code dev.wasiotel.host.wasi.bindings}). */
    private static final String WASI = "dev.wasiotel.host.wasi..";
    /**
     * Module host: the command line and what only it needs ({@code cli}, {@code run}, {@code compile},
     * {@code console}, and whatever joins them): everything under {@code dev.wasiotel.host} that is
     * neither the component engine nor WASI.
     */
    private static final DescribedPredicate<JavaClass> CLI = resideInAPackage(HOST)
            .and(DescribedPredicate.not(resideInAnyPackage(COMPONENT, WASI)))
            .as("are in module host (the command line)");
    private static final String CHICORY = "com.dylibso..";
    private static final String ENGINE = "dev.wasiotel.wit.runtime.engine..";
    private static final String RUNTIME_CHICORY = "dev.wasiotel.wit.runtime.chicory..";
    private static final String HOST_COMPILE = "dev.wasiotel.host.compile..";
    private static final String HOST_COMPONENT = "dev.wasiotel.host.component..";
    private static final String HOST_WASI = "dev.wasiotel.host.wasi..";

    @ArchTest
    static final ArchRule abiDependsOnlyOnTheJdk = classes().that().resideInAPackage(ABI)
            .should().onlyDependOnClassesThat().resideInAnyPackage(ABI, "java..")
            .because("the canonical ABI model is shared by the generator and the run-time side and depends on nothing");

    @ArchTest
    static final ArchRule theFunctionSplitterDependsOnlyOnTheJdk = classes()
            .that().resideInAPackage("dev.wasiotel.wit.runtime.split..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("dev.wasiotel.wit.runtime.split..", "java..")
            .because("the splitter reads and writes modules itself, before any engine sees them");

    @ArchTest
    static final ArchRule parserDependsOnNothingOfOurs = noClasses().that().resideInAPackage(PARSER)
            .should().dependOnClassesThat(oursExcept(PARSER))
            .because("wit-parser is the bottom of the generator side");

    @ArchTest
    static final ArchRule generatorUsesOnlyParserAndAbi = noClasses().that().resideInAnyPackage(CODEGEN, PROCESSOR, MAVEN)
            .should().dependOnClassesThat(oursExcept(CODEGEN, PROCESSOR, MAVEN, PARSER, ABI))
            .orShould().dependOnClassesThat().resideInAPackage(CHICORY)
            .because("the generator and its front ends (processor, Maven plugin) carry no runtime and no Chicory");

    @ArchTest
    static final ArchRule generatorFrontEndsAreLeaves = noClasses().that().resideOutsideOfPackages(PROCESSOR, MAVEN)
            .should().dependOnClassesThat().resideInAnyPackage(PROCESSOR, MAVEN)
            .because("nothing builds on the annotation processor or the Maven plugin");

    @ArchTest
    static final ArchRule runtimeUsesOnlyAbi = noClasses().that().resideInAPackage(RUNTIME)
            .should().dependOnClassesThat(oursExcept(RUNTIME, ABI))
            .because("runtime is what generated code needs: the ABI model and nothing else of ours");

    @ArchTest
    static final ArchRule otelAdapterUsesOnlyTheRunTimeSide = noClasses().that().resideInAPackage(OTEL)
            .should().dependOnClassesThat(oursExcept(OTEL, RUNTIME, ABI))
            .because("the adapter implements generated interfaces on runtime; it knows neither the host nor the generator");

    @ArchTest
    static final ArchRule componentEngineUsesOnlyRuntime = noClasses().that().resideInAPackage(COMPONENT)
            .should().dependOnClassesThat(oursExcept(COMPONENT, RUNTIME, ABI))
            .because("the component engine builds on runtime (core linking, the ABI model) and knows neither WASI,"
                    + " the command line, the adapter nor the generator: hosts give it their interfaces");

    @ArchTest
    static final ArchRule wasiUsesOnlyRuntime = noClasses().that().resideInAPackage(WASI)
            .should().dependOnClassesThat(oursExcept(WASI, RUNTIME, ABI))
            .orShould().dependOnClassesThat().resideInAPackage(CHICORY)
            .because("WASI is generated bindings implemented on runtime: it knows neither the component engine,"
                    + " the command line nor the Wasm engine, so any host (core or component) can link it");

    @ArchTest
    static final ArchRule onlyTheGuestPluginBuildsOnTheCli = noClasses().that(DescribedPredicate.not(CLI))
            .and().resideOutsideOfPackage(GUEST_PLUGIN)
            .should().dependOnClassesThat(CLI)
            .because("the command line (module host) is the top of the run-time side; only the Maven plugin"
                    + " that compiles guests (what `wasi-otel compile` does) builds on it");

    @ArchTest
    static final ArchRule theGuestPluginIsALeaf = noClasses().that().resideOutsideOfPackage(GUEST_PLUGIN)
            .should().dependOnClassesThat().resideInAPackage(GUEST_PLUGIN)
            .because("nothing builds on the Maven plugin that compiles guests");

    @ArchTest
    static final ArchRule theEngineLayerIsEngineFree = noClasses().that().resideInAPackage(ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(CHICORY, RUNTIME_CHICORY)
            .because("the engine interface (issue 12) is what every engine implements: no engine's types in it");

    @ArchTest
    static final ArchRule onlyTheChicoryAdapterAndTheGuestCompilerUseChicory = noClasses()
            .that().resideOutsideOfPackages(RUNTIME_CHICORY, HOST_COMPILE)
            .should().dependOnClassesThat().resideInAPackage(CHICORY)
            .because("Chicory is one engine behind the engine interface; `wasi-otel compile` runs its build-time compiler");

    @ArchTest
    static final ArchRule componentInstantiationRunsOnTheEngineInterface = noClasses()
            .that().resideInAnyPackage(HOST_COMPONENT, HOST_WASI)
            .and().doNotHaveFullyQualifiedName("dev.wasiotel.host.component.Component")
            .and().doNotHaveFullyQualifiedName("dev.wasiotel.host.component.ComponentHost")
            .and().doNotHaveFullyQualifiedName("dev.wasiotel.host.component.ComponentHost$Builder")
            .and().doNotHaveFullyQualifiedName("dev.wasiotel.host.component.HostInterfaces")
            .should().dependOnClassesThat().resideInAPackage(RUNTIME_CHICORY)
            .because("the component layer and WASI run unchanged on any engine; only the defaults"
                    + " (Chicory's mode and precompiled machines) are configured where a component is loaded and a host built");

    /** Our classes outside the given packages. */
    private static DescribedPredicate<JavaClass> oursExcept(String... allowed) {
        return resideInAPackage("dev.wasiotel..").and(DescribedPredicate.not(resideInAnyPackage(allowed)))
                .as("are ours but outside " + String.join(", ", allowed));
    }
}
