package dev.wasiotel.wit.runtime.engine;

/**
 * Makes a {@link WasmEngine} of one name: what {@link WasmEngines} finds with {@link
 * java.util.ServiceLoader} (listed in {@code META-INF/services/dev.wasiotel.wit.runtime.engine.WasmEngineProvider}),
 * so that a host need not depend on an opt-in engine's module.
 */
public interface WasmEngineProvider {

    /** The engine's name, e.g. {@code graalwasm}. */
    String name();

    /** A new engine with its default settings. */
    WasmEngine create();
}
