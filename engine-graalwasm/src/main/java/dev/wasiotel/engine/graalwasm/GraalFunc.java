package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.engine.CoreFunc;
import java.util.List;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/** A function exported by a GraalWasm instance. */
final class GraalFunc implements CoreFunc, GraalExtern {
    private static final long[] NONE = new long[0];

    private final Value function;
    private final GraalContext context;
    private final Running running;
    private final String name;
    private final List<CoreType> params;
    private final List<CoreType> results;

    GraalFunc(Value function, GraalContext context, Running running, String name, ModuleInfo.Signature signature) {
        this.function = function;
        this.context = context;
        this.running = running;
        this.name = name;
        this.params = signature.params();
        this.results = signature.results();
    }

    @Override
    public Value value() {
        return function;
    }

    @Override
    public GraalContext context() {
        return context;
    }

    @Override
    public List<CoreType> params() {
        return params;
    }

    @Override
    public List<CoreType> results() {
        return results;
    }

    @Override
    public long[] call(long... args) {
        if (args.length != params.size()) {
            throw new IllegalArgumentException(name + " takes " + params.size() + " arguments, got " + args.length);
        }
        if (context.isClosed()) {
            throw new IllegalStateException(name + ": the instance is closed");
        }
        Value result;
        running.enter(context);
        try {
            result = function.execute(GraalValues.toGuest(args, params));
        } catch (PolyglotException e) {
            throw GraalTraps.translate(e, name);
        } catch (StackOverflowError e) {
            throw GraalTraps.stackExhausted(name, e);
        } finally {
            running.exit();
        }
        if (results.isEmpty()) {
            return NONE;
        }
        return GraalValues.fromGuest(result, results);
    }

    @Override
    public String toString() {
        return name + " " + signature();
    }
}
