package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import dev.wasiotel.wit.runtime.engine.HostFunc;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A function GraalWasm imports that is not one of its own: a host function ({@link HostFunc}, run
 * by {@link HostFunc#invoke}) or a function of another engine. What it throws reaches the caller of
 * the guest as the polyglot host exception it becomes ({@link GraalTraps} unwraps it).
 */
final class GraalHostFunction implements ProxyExecutable {
    private final CoreFunc function;
    private final List<CoreType> params;
    private final List<CoreType> results;

    GraalHostFunction(CoreFunc function) {
        this.function = function;
        this.params = function.params();
        this.results = function.results();
    }

    @Override
    public Object execute(Value... arguments) {
        long[] args = new long[params.size()];
        for (int i = 0; i < args.length && i < arguments.length; i++) {
            args[i] = GraalValues.fromGuest(arguments[i], params.get(i));
        }
        long[] out = function instanceof HostFunc h ? h.invoke(args) : function.call(args);
        if (results.isEmpty()) {
            return null;
        }
        if (results.size() == 1) {
            return GraalValues.toGuest(out[0], results.get(0));
        }
        Object[] values = new Object[results.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = GraalValues.toGuest(out[i], results.get(i));
        }
        return ProxyArray.fromArray(values);
    }
}
