package dev.wasiotel.host.component;

import dev.wasiotel.host.component.ResolvedType.FuncType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.CoreMemory;

/** An entry of a component's function index space. */
sealed interface Func {

    /** Its type. */
    FuncType type();

    /**
     * A function the host implements, imported through an instance.
     *
     * @param hostInterface the host interface serving it
     * @param name its name in the interface ({@code f}, {@code [method]r.m}, ...)
     * @param type its type
     */
    record HostFunc(HostInterface hostInterface, String name, FuncType type) implements Func {
    }

    /**
     * A core function lifted by {@code canon lift}.
     *
     * @param core the core function
     * @param memory the memory option, or null
     * @param realloc the realloc option, or null
     * @param postReturn the post-return option, or null
     * @param encoding the string encoding
     * @param type its type
     * @param state the component instance it belongs to
     */
    record LiftedFunc(CoreFunc core, CoreMemory memory, CoreFunc realloc, CoreFunc postReturn,
            StringEncoding encoding, FuncType type, InstanceState state) implements Func {
    }
}
