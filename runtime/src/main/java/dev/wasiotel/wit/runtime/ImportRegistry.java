package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;
import java.util.List;
import java.util.function.Function;

/**
 * Where a host registers its implementations of the interfaces a component imports, one interface
 * at a time: what generated {@code <World>Linker.addToHost} fills in one call (wasmtime's {@code
 * add_to_linker}). A component host implements it ({@code ComponentHost.Builder} does); generated
 * code needs nothing more of the host, so it stays independent of the engine.
 */
public interface ImportRegistry {

    /**
     * Provides the interface a component imports as {@code interfaceName} (e.g. {@code
     * "wasi:otel/tracing@0.2.0-rc.2"}; {@code "$root"} for world-level functions), with its host
     * functions for each string encoding the component's lowerings ask for.
     *
     * @param interfaceName the import's name
     * @param functions the host functions lifting and lowering strings in the given encoding
     * @return this registry
     * @throws IllegalArgumentException if an interface of that name was already provided
     */
    ImportRegistry provide(String interfaceName, Function<StringEncoding, List<HostFunctionDef>> functions);
}
