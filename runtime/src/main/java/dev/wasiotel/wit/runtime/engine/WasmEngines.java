package dev.wasiotel.wit.runtime.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/** The engines on the class path, by name ({@link WasmEngineProvider}). */
public final class WasmEngines {
    /** The default engine's name, unless {@value #DEFAULT_PROPERTY} names another. */
    public static final String DEFAULT = "chicory";

    /**
     * The system property naming the engine hosts take by default ({@link #defaultName}), e.g.
     * {@code -Dwasiotel.engine=graalwasm} to run a program or a test suite unchanged on GraalWasm.
     */
    public static final String DEFAULT_PROPERTY = "wasiotel.engine";

    /** One engine per name, for every host of the JVM that takes the default ({@link #defaultOr}). */
    private static final Map<String, WasmEngine> SHARED = new ConcurrentHashMap<>();

    private WasmEngines() {
    }

    /** The name of the default engine: the system property {@value #DEFAULT_PROPERTY}, else {@value #DEFAULT}. */
    public static String defaultName() {
        String name = System.getProperty(DEFAULT_PROPERTY);
        return name == null || name.isBlank() ? DEFAULT : name.trim();
    }

    /**
     * The default engine: {@code chicory} made as the caller says (with its execution mode and
     * machines), or the engine {@link #defaultName} names, one instance per JVM shared by every
     * caller (its code caches too).
     *
     * @throws IllegalArgumentException if no engine on the class path has the default name
     */
    public static WasmEngine defaultOr(Supplier<WasmEngine> chicory) {
        String name = defaultName();
        if (name.equals(DEFAULT)) {
            return chicory.get();
        }
        return SHARED.computeIfAbsent(name, WasmEngines::named);
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
