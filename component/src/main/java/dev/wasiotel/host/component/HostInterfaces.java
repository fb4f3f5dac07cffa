package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.chicory.ChicoryEngine;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.List;

/** The host interfaces of a {@link ComponentHost} and the engine it runs core code on. */
final class HostInterfaces {
    /** The name under which a host provides world-level (freestanding) functions and resources. */
    static final String ROOT = "$root";

    private final List<HostInterface> interfaces;
    private final WasmEngine engine;
    private final CallTracer tracer;

    HostInterfaces(List<HostInterface> interfaces, ExecutionMode mode) {
        this(interfaces, new ChicoryEngine(mode, dev.wasiotel.wit.runtime.chicory.PrecompiledMachines.none()));
    }

    HostInterfaces(List<HostInterface> interfaces, WasmEngine engine) {
        this(interfaces, engine, null);
    }

    HostInterfaces(List<HostInterface> interfaces, WasmEngine engine, CallTracer tracer) {
        this.interfaces = List.copyOf(interfaces);
        this.engine = engine;
        this.tracer = tracer;
    }

    /** The tracer of calls, or null when calls are not traced (then no wrapper is installed). */
    CallTracer tracer() {
        return tracer;
    }

    /** The engine core modules run on. */
    WasmEngine engine() {
        return engine;
    }

    /** The host interface that serves an import named {@code name}: compatible, and newest. */
    HostInterface find(String name) {
        HostInterface best = null;
        for (HostInterface i : interfaces) {
            if (Semver.compatible(name, i.name())
                    && (best == null || Semver.compare(Semver.version(i.name()), Semver.version(best.name())) > 0)) {
                best = i;
            }
        }
        return best;
    }
}
