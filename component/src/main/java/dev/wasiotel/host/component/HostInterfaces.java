package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.calls.CallTracer;
import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import dev.wasiotel.wit.runtime.chicory.PrecompiledMachines;
import java.util.List;

/** The host interfaces of a {@link ComponentHost} and how it runs core code. */
final class HostInterfaces {
    /** The name under which a host provides world-level (freestanding) functions and resources. */
    static final String ROOT = "$root";

    private final List<HostInterface> interfaces;
    private final ExecutionMode mode;
    private final PrecompiledMachines precompiled;
    private final CallTracer tracer;

    HostInterfaces(List<HostInterface> interfaces, ExecutionMode mode) {
        this(interfaces, mode, PrecompiledMachines.none());
    }

    HostInterfaces(List<HostInterface> interfaces, ExecutionMode mode, PrecompiledMachines precompiled) {
        this(interfaces, mode, precompiled, null);
    }

    HostInterfaces(List<HostInterface> interfaces, ExecutionMode mode, PrecompiledMachines precompiled,
            CallTracer tracer) {
        this.interfaces = List.copyOf(interfaces);
        this.mode = mode;
        this.precompiled = precompiled;
        this.tracer = tracer;
    }

    /** The tracer of calls, or null when calls are not traced (then no wrapper is installed). */
    CallTracer tracer() {
        return tracer;
    }

    ExecutionMode mode() {
        return mode;
    }

    /** Machines compiled ahead of time, used whatever the mode for the modules they hold. */
    PrecompiledMachines precompiled() {
        return precompiled;
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
