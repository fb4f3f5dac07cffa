package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.EngineModule;
import dev.wasiotel.wit.runtime.engine.Imports;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import dev.wasiotel.wit.runtime.engine.WasmEngineProvider;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test engine, {@code test-engine}: Chicory's interpreter behind the engine interface, counting
 * what the component layer asks of it. Found by {@link dev.wasiotel.wit.runtime.engine.WasmEngines}
 * through this module's test resources.
 */
public final class CountingEngine implements WasmEngine {
    final AtomicInteger parsed = new AtomicInteger();
    final AtomicInteger instantiated = new AtomicInteger();
    private final ChicoryEngine chicory = ChicoryEngine.interpreter();

    /** The provider of {@code test-engine}. */
    public static final class Provider implements WasmEngineProvider {
        @Override
        public String name() {
            return "test-engine";
        }

        @Override
        public WasmEngine create() {
            return new CountingEngine();
        }
    }

    @Override
    public String name() {
        return "test-engine";
    }

    @Override
    public EngineModule parse(byte[] bytes) {
        parsed.incrementAndGet();
        return new Counted(chicory.parse(bytes));
    }

    @Override
    public boolean accepts(EngineModule module) {
        return module instanceof Counted;
    }

    @Override
    public void checkLimits(EngineModule module, GuestLimits limits) {
        chicory.checkLimits(((Counted) module).inner(), limits);
    }

    @Override
    public EngineInstance instantiate(EngineModule module, Imports imports, GuestLimits limits) {
        instantiated.incrementAndGet();
        return chicory.instantiate(((Counted) module).inner(), imports, limits);
    }

    /** A module this engine parsed: only it accepts it. */
    private record Counted(EngineModule inner) implements EngineModule {
        @Override
        public String sha256() {
            return inner.sha256();
        }

        @Override
        public java.util.List<dev.wasiotel.wit.runtime.engine.CoreImportDesc> imports() {
            return inner.imports();
        }

        @Override
        public java.util.List<dev.wasiotel.wit.runtime.engine.CoreExportDesc> exports() {
            return inner.exports();
        }
    }
}
