package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;

/**
 * A component whose imports have been matched against a {@link ComponentHost} once, ready to be
 * instantiated many times (wasmtime's {@code InstancePre}): each {@link #instantiate()} only runs
 * the component's definitions, without decoding, validating or linking again. Core modules are
 * parsed once in the {@link Component} and, with {@link
 * dev.wasiotel.wit.runtime.chicory.ExecutionMode#COMPILER}, compiled once for all instances. What
 * each instance gets anew: its memories, tables, globals, resource tables and call guard.
 *
 * <p>Thread-safe: instances may be made concurrently, e.g. one per request of a server.
 */
public final class PreparedComponent {
    private final Component component;
    private final HostInterfaces interfaces;
    private final GuestLimits limits;

    PreparedComponent(Component component, HostInterfaces interfaces, GuestLimits limits) {
        this.component = component;
        this.interfaces = interfaces;
        this.limits = limits;
    }

    /** The component this was prepared from. */
    public Component component() {
        return component;
    }

    /**
     * A new instance: the component's definitions run in order (start functions with the call
     * deadline), under the host's limits.
     *
     * @throws LinkException for an import whose type is only known once code has run and that the
     *     host does not serve; or ({@link LinkException#isOverLimits}) a core module declaring more
     *     memory or table than the limits allow
     * @throws dev.wasiotel.host.component.binary.ComponentFormatException if the component's
     *     definitions are inconsistent
     * @throws dev.wasiotel.wit.runtime.WitTrap if core code traps during instantiation
     */
    public ComponentInstance instantiate() {
        InstanceState state = new InstanceState(limits, interfaces.engine());
        Instantiator instantiator = new Instantiator(component, interfaces, state, false);
        // start functions run here: a call like any other, with the deadline
        Scope scope = state.guard().call("instantiation", () -> instantiator.run(component.binary(), null, null));
        if (!instantiator.problems().isEmpty()) {
            // imports whose types were only known once code had run
            throw new LinkException(instantiator.problems());
        }
        return new ComponentInstance(scope.exportsByFullName(), state, interfaces.tracer(), instantiator.liftedPaths());
    }
}
