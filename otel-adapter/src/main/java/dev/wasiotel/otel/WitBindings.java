package dev.wasiotel.otel;

import dev.wasiotel.wit.runtime.WitWorld;

/**
 * Where this module's bindings come from: the annotation processor generates them during {@code
 * javac} from the vendored WIT under {@code src/main/wit} (also shipped in the jar under {@code
 * META-INF/wit/}), as any host project would.
 *
 * <p>{@code wasi:otel@0.2.0-rc.2} is taken as on upstream main ({@code current-span-context}); the
 * rc.2 tag's {@code outer-span-context} has the same signature and is served from it by
 * {@link WasiOtel}.
 */
@WitWorld(value = "wasi:otel/imports", wit = "src/main/wit/wasi-otel", javaPackage = "dev.wasiotel.otel.bindings")
final class WitBindings {
    private WitBindings() {
    }

    /**
     * {@code wasi:observe} (the tracer) with {@code wasi:logging}; upstream still spells {@code
     * float64}. Its own copy of the shared WASI types, so that nothing depends on which world is
     * generated first.
     */
    @WitWorld(value = "wasi:observe/imports", wit = "src/main/wit/wasi-observe",
            javaPackage = "dev.wasiotel.otel.bindings.observe", legacyFloatNames = true, reuse = false)
    static final class Observe {
        private Observe() {
        }
    }
}
