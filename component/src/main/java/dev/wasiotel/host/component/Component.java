package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentDecoder;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachineException;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngines;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A decoded component whose core modules are parsed: load once, instantiate many times. Immutable.
 */
public final class Component {
    private final ComponentBinary binary;
    private final Map<Integer, EngineModule> modules = new HashMap<>();
    /** Modules parsed again for a host whose engine differs from the one this was loaded for. */
    private final Map<String, Map<Integer, EngineModule>> reparsed = new ConcurrentHashMap<>();

    private Component(ComponentBinary binary, WasmEngine engine) {
        this.binary = binary;
        parseModules(binary, engine);
    }

    /**
     * Decodes a component binary and parses its core modules.
     *
     * @throws ComponentFormatException if the binary or one of its core modules is malformed
     */
    public static Component load(byte[] bytes) {
        return load(bytes, PrecompiledMachines.none());
    }

    /**
     * Decodes a component binary and parses its core modules; a module whose machine {@code
     * precompiled} holds is parsed from the jar's copy stripped of the code that machine runs, which
     * for a large guest saves most of the time and memory of parsing (see {@link
     * ChicoryHost#parse(byte[], PrecompiledMachines)}). Instantiate it with a host given the same
     * machines ({@link ComponentHost.Builder#precompiled}).
     *
     * @throws ComponentFormatException if the binary or one of its core modules is malformed
     * @throws dev.wasiotel.wit.runtime.chicory.PrecompiledMachineException if a stripped module in
     *     the jar is
     */
    public static Component load(byte[] bytes, PrecompiledMachines precompiled) {
        return load(bytes, WasmEngines.defaultOr(() -> new ChicoryEngine(ExecutionMode.INTERPRETER, precompiled)));
    }

    /**
     * Decodes a component binary and parses its core modules with {@code engine}: instantiate it
     * with a host on the same engine ({@link ComponentHost.Builder#engine}); a host on another
     * engine parses the modules again, once.
     *
     * @throws ComponentFormatException if the binary or one of its core modules is malformed
     */
    public static Component load(byte[] bytes, WasmEngine engine) {
        return new Component(ComponentDecoder.decode(bytes.clone()), engine);
    }

    /**
     * How many of the component's core modules run on machines compiled ahead of time (see {@link
     * ComponentHost.Builder#precompiled} and {@link
     * dev.wasiotel.wit.runtime.chicory.ExecutionMode#COMPILER}); known once an instance was made.
     */
    public long precompiledCoreModules() {
        return modules.values().stream().filter(EngineModule::isPrecompiled).count();
    }

    /** The SHA-256 of each core module's bytes (lower-case hex), in binary order, nested components' too. */
    public java.util.List<String> coreModuleSha256s() {
        return modules.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(e -> e.getValue().sha256())
                .toList();
    }

    ComponentBinary binary() {
        return binary;
    }

    /** The module parsed for {@code engine}: as loaded, or parsed again for another engine. */
    EngineModule parsed(Definition.CoreModuleDef module, WasmEngine engine) {
        EngineModule loaded = modules.get(module.start());
        if (loaded == null || engine.accepts(loaded)) {
            return loaded;
        }
        Map<Integer, EngineModule> forEngine = reparsed.computeIfAbsent(engine.name(), name -> {
            Map<Integer, EngineModule> parsed = new HashMap<>();
            parseModules(binary, engine, parsed);
            return parsed;
        });
        return forEngine.get(module.start());
    }

    private void parseModules(ComponentBinary component, WasmEngine engine) {
        parseModules(component, engine, modules);
    }

    private static void parseModules(ComponentBinary component, WasmEngine engine, Map<Integer, EngineModule> modules) {
        for (Definition def : component.definitions()) {
            if (def instanceof Definition.CoreModuleDef m) {
                try {
                    modules.put(m.start(), engine.parse(component.moduleBytes(m)));
                } catch (PrecompiledMachineException e) {
                    throw e; // the jar's fault, not the component's
                } catch (RuntimeException | StackOverflowError e) {
                    // the engine's parser is not ours: whatever it throws on bad bytes is a format error here.
                    throw new ComponentFormatException(m.offset(), "the core module is invalid: " + e.getMessage(), e);
                }
            } else if (def instanceof Definition.NestedComponent c) {
                parseModules(c.component(), engine, modules);
            }
        }
    }
}
