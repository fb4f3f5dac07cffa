package dev.wasiotel.wit.runtime.calls;

import java.util.Objects;

/**
 * One place calls cross: a guest export, a host import, or a call between two inner instances of
 * a composed component. Core modules name their imports and exports the same way, with the core
 * import module as the interface.
 *
 * @param kind the boundary crossed
 * @param interfaceName the interface with its version ({@code wasi:io/streams@0.2.0}), the core
 *     import module of a core module's import, or null for a world-level function and a core
 *     module's export
 * @param function the function's name in its interface ({@code [method]descriptor.read}), or
 *     the core name
 * @param instance the path of the calling component instance ({@code /} for the outermost, {@code
 *     /1} for the second component instance it creates, {@code /1/0} nested in that), or {@code
 *     core} for a core module; for an export, the instance that lifted it
 * @param callee for a cross-component call, the path of the instance that lifted the function;
 *     null otherwise
 */
public record CallSite(CallKind kind, String interfaceName, String function, String instance, String callee) {

    /** The instance of a core module, as {@link #instance} names it. */
    public static final String CORE = "core";

    /** Checks for nulls where none is allowed. */
    public CallSite {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(instance, "instance");
    }

    /**
     * {@code interface#function} with the interface's version left out ({@code
     * wasi:cli/run#run}), or the function alone: the name of the call's span.
     */
    public String spanName() {
        return interfaceName == null ? function : unversioned(interfaceName) + "#" + function;
    }

    /** {@code interface#function} with the version, or the function alone: what filters match. */
    public String qualifiedName() {
        return interfaceName == null ? function : interfaceName + "#" + function;
    }

    /** {@code ns:pkg/iface} of {@code ns:pkg/iface@1.2.3}. */
    static String unversioned(String interfaceName) {
        int at = interfaceName.indexOf('@');
        return at < 0 ? interfaceName : interfaceName.substring(0, at);
    }
}
