package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.chicory.ExecutionMode;
import java.util.List;

/** The host interfaces of a {@link ComponentHost} and how it runs core code. */
final class HostInterfaces {
    /** The name under which a host provides world-level (freestanding) functions and resources. */
    static final String ROOT = "$root";

    private final List<HostInterface> interfaces;
    private final ExecutionMode mode;

    HostInterfaces(List<HostInterface> interfaces, ExecutionMode mode) {
        this.interfaces = List.copyOf(interfaces);
        this.mode = mode;
    }

    ExecutionMode mode() {
        return mode;
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
