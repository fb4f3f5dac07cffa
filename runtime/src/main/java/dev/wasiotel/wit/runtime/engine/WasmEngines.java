package dev.wasiotel.wit.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeSet;

/** The engines on the class path, by name ({@link WasmEngineProvider}). */
public final class WasmEngines {
    /** The default engine's name. */
    public static final String DEFAULT = "chicory";

    private WasmEngines() {
    }

    /** The names of the engines on the class path, sorted. */
    public static List<String> available() {
        TreeSet<String> names = new TreeSet<>();
        for (WasmEngineProvider p : providers()) {
            names.add(p.name());
        }
        return List.copyOf(names);
    }

    /**
     * A new engine named {@code name}, with its default settings.
     *
     * @throws IllegalArgumentException if no engine on the class path has that name; the message
     *     lists the ones that are
     */
    public static WasmEngine named(String name) {
        for (WasmEngineProvider p : providers()) {
            if (p.name().equals(name)) {
                return p.create();
            }
        }
        throw new IllegalArgumentException("unknown engine \"" + name + "\"; available: "
                + String.join(", ", available()));
    }

    private static List<WasmEngineProvider> providers() {
        List<WasmEngineProvider> out = new ArrayList<>();
        ServiceLoader.load(WasmEngineProvider.class, WasmEngines.class.getClassLoader()).forEach(out::add);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != WasmEngines.class.getClassLoader()) {
            for (WasmEngineProvider p : ServiceLoader.load(WasmEngineProvider.class, context)) {
                if (out.stream().noneMatch(q -> q.getClass() == p.getClass())) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
