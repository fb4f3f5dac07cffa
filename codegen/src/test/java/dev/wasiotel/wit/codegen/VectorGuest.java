package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.Realloc;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A guest made of a vector case's memory, for driving generated glue without a Wasm engine: as a
 * {@link GuestContext} it is what generated host functions lift from; as a {@link GuestInstance}
 * each {@link #call} records the core arguments the generated caller passes and answers the core
 * results the test set, the way a guest would return them.
 */
final class VectorGuest implements GuestContext, GuestInstance {
    private final ByteArrayMemory memory;
    private final Realloc realloc;
    private final Map<Class<?>, Object> attachments = new HashMap<>();
    /** What the next {@link #call} returns. */
    long[] results = new long[0];
    /** Each call's export name and arguments. */
    final List<String> calls = new ArrayList<>();
    final List<long[]> arguments = new ArrayList<>();
    /** When set, each {@link #call} runs it with its arguments and returns what it returns, as the guest's code would. */
    java.util.function.UnaryOperator<long[]> onCall;
    /** The export names post-return was called for. */
    final List<String> postReturns = new ArrayList<>();

    VectorGuest(ByteArrayMemory memory, Realloc realloc) {
        this.memory = memory;
        this.realloc = realloc;
        attachments.put(GuestInstance.class, this);
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public Realloc realloc() {
        if (realloc == null) {
            return (oldPtr, oldSize, align, newSize) -> {
                throw new IllegalStateException("this case gives the guest no cabi_realloc");
            };
        }
        return realloc;
    }

    @Override
    public <T> T attachment(Class<T> key) {
        return key.cast(attachments.get(key));
    }

    @Override
    public <T> void putAttachment(Class<T> key, T value) {
        attachments.put(key, value);
    }

    @Override
    public Call beginCall(String exportName) {
        return () -> { };
    }

    @Override
    public long[] call(String exportName, long... args) {
        calls.add(exportName);
        arguments.add(args.clone());
        return onCall != null ? onCall.apply(args.clone()) : results.clone();
    }

    @Override
    public void callPostReturn(String exportName, long[] results) {
        postReturns.add(exportName);
    }

    @Override
    public void callDestructor(String exportName, int rep) {
        calls.add(exportName);
    }

    @Override
    public GuestContext context() {
        return this;
    }

    @Override
    public boolean hasExport(String name) {
        return true;
    }

    @Override
    public boolean isPoisoned() {
        return false;
    }
}
