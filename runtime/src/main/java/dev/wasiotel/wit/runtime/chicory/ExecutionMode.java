package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import java.util.function.Function;

/** How core code runs. */
public enum ExecutionMode {
    /** Chicory's interpreter: starts at once, runs slowest. */
    INTERPRETER,
    /**
     * Chicory's run-time compiler to JVM bytecode: a module is compiled the first time it is
     * instantiated (costly for a large module), and every later instance of the same parsed
     * module reuses the compiled code, which runs much faster. A module compiled at build time
     * (Chicory's build-time compiler, announced under {@link ChicoryModule#PRECOMPILED_INDEX}) is
     * used as it is, without compiling. Needs {@code com.dylibso.chicory:compiler} on the class path.
     */
    COMPILER;

    Function<Instance, Machine> machineFactory(ChicoryModule module) {
        return machineFactory(module, PrecompiledMachines.none());
    }

    /**
     * The machine of {@code module}: its machine in {@code precompiled} if there is one (in either
     * mode), else as this mode says.
     */
    Function<Instance, Machine> machineFactory(ChicoryModule module, PrecompiledMachines precompiled) {
        Function<Instance, Machine> ahead = module.precompiledIn(precompiled);
        if (ahead != null) {
            return ahead;
        }
        if (this == INTERPRETER) {
            return InterpreterMachine::new;
        }
        try {
            return module.compiled();
        } catch (NoClassDefFoundError e) {
            throw new IllegalStateException("execution mode COMPILER needs com.dylibso.chicory:compiler"
                    + " on the class path", e);
        }
    }
}
