package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Generates the Java bindings of a WIT world while this class is compiled: put it on any class of a
 * host project and add the {@code dev.wasiotel:processor} annotation processor to the build. The
 * annotation lives here, in {@code runtime}, because the generated code needs {@code runtime} at
 * compile and run time anyway: a host project needs no other artifact of ours to use it, and none
 * of the generator at run time.
 *
 * <pre>{@code
 * @WitWorld("wasi:otel")
 * final class OtelHost implements Tracing { ... }
 * }</pre>
 *
 * <p>Retention is {@code CLASS} so that incremental builds (Gradle) can see it in compiled classes.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface WitWorld {

    /**
     * The world: {@code "wasi:otel"} (the package's only world), {@code "wasi:otel/imports"},
     * {@code "my:app/host"}, optionally with a version ({@code "wasi:otel/imports@0.2.0-rc.2"}).
     *
     * @return the world
     */
    String value();

    /**
     * Where the WIT package is: a folder (with its {@code deps/}) or a {@code .wit} file, relative
     * to the project's folder (the one holding {@code pom.xml} or {@code build.gradle}) unless
     * absolute. Empty means {@code src/main/wit} if the project has it, else the WIT that
     * dependencies ship under {@code META-INF/wit/} on the class path. The processor option {@code
     * -Awit.dir=PATH} overrides it for every annotation.
     *
     * @return the WIT location
     */
    String wit() default "";

    /**
     * The Java package the generated packages start with; empty means this class's package.
     *
     * @return the base package
     */
    String javaPackage() default "";

    /**
     * The {@code @unstable(feature = ...)} features that are active.
     *
     * @return feature names
     */
    String[] features() default {};

    /**
     * The string encoding the guests use, recorded as {@code <World>Bindings.ENCODING} for the
     * host to pass to the generated {@code functions(...)}.
     *
     * @return the encoding
     */
    StringEncoding encoding() default StringEncoding.UTF8;

    /**
     * Whether WIT interfaces whose bindings a dependency already has (found through its {@code
     * META-INF/wit-bindings/} index on the class path) are reused instead of generated again.
     *
     * @return true to reuse
     */
    boolean reuse() default true;

    /**
     * Read the old names {@code float32}/{@code float64} as {@code f32}/{@code f64}, as
     * wit-parser does under {@code WIT_REQUIRE_F32_F64=0} (upstream {@code wasi:observe} needs it).
     *
     * @return whether the legacy float names are accepted
     */
    boolean legacyFloatNames() default false;
}
