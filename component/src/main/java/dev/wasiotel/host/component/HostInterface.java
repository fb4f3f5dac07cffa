package dev.wasiotel.host.component;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One interface the host implements, e.g. {@code wasi:otel/tracing@0.2.0-rc.2}: its host functions
 * for each string encoding a component may ask for (generated {@code <Iface>Host.functions(impl,
 * encoding)}). Definitions are made once per encoding and cached.
 */
final class HostInterface {
    private final String name;
    private final Function<StringEncoding, List<HostFunctionDef>> functions;
    private final Map<StringEncoding, Map<String, HostFunctionDef>> byEncoding = new EnumMap<>(StringEncoding.class);

    HostInterface(String name, Function<StringEncoding, List<HostFunctionDef>> functions) {
        this.name = Objects.requireNonNull(name, "name");
        this.functions = Objects.requireNonNull(functions, "functions");
    }

    /** The interface name with its version. */
    String name() {
        return name;
    }

    /** The definition of function {@code function} for {@code encoding}, or null. */
    synchronized HostFunctionDef function(String function, StringEncoding encoding) {
        Map<String, HostFunctionDef> defs = byEncoding.get(encoding);
        if (defs == null) {
            defs = new HashMap<>();
            for (HostFunctionDef def : functions.apply(encoding)) {
                defs.put(def.name(), def);
            }
            byEncoding.put(encoding, defs);
        }
        return defs.get(function);
    }
}
