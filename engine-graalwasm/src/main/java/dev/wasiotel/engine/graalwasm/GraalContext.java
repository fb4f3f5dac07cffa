package dev.wasiotel.engine.graalwasm;

import dev.wasiotel.wit.runtime.GuestLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;

/**
 * One polyglot context of a {@link GraalWasmEngine}: the instances that link one another's
 * memories, tables and globals (the core instances of one component instance) live in one, every
 * other instance in a context of its own, so that a deadline interrupts only the late instance and
 * instances run on several threads at once. Contexts of one engine share its polyglot {@link
 * Engine}, which caches the code GraalWasm made of a module across them.
 *
 * <p>The context closes when the last instance in it is closed ({@link #release}); a context
 * nobody refers to any more is collected with its memories.
 */
final class GraalContext {
    private final Context context;
    private final AtomicInteger open;
    /** The module compiled in this context, per module and limits. */
    private final Map<Key, Value> compiled = new HashMap<>();
    private int instances;
    private volatile boolean closed;

    /** A module compiled for limits; null limits: as it is ({@link GraalModule#source}). */
    private record Key(GraalModule module, List<Long> limits) {}

    /** A new context of {@code engine}, counted in {@code open} until it is closed. */
    GraalContext(Engine engine, AtomicInteger open) {
        this.open = open;
        open.incrementAndGet();
        this.context = Context.newBuilder("wasm")
                .engine(engine)
                .allowHostAccess(org.graalvm.polyglot.HostAccess.ALL)
                .build();
    }

    /**
     * The module compiled in this context for {@code limits} (null: as it is), once per limits.
     *
     * @throws IllegalArgumentException if GraalWasm refuses the module
     */
    synchronized Value compiled(GraalModule module, GuestLimits limits) {
        checkOpen();
        Key key = new Key(module, limits == null ? List.of() : List.of(limits.maxMemoryBytes(), limits.maxTableElements()));
        Value value = compiled.get(key);
        if (value == null) {
            try {
                value = context.eval(module.source(limits));
            } catch (PolyglotException e) {
                throw new IllegalArgumentException("not a valid WebAssembly module: " + e.getMessage(), e);
            }
            compiled.put(key, value);
        }
        return value;
    }

    /** Counts one more instance living in this context. */
    synchronized void acquire() {
        checkOpen();
        instances++;
    }

    /** Counts one instance fewer; the last one closes the context (and cancels what runs in it). */
    void release() {
        synchronized (this) {
            if (closed || --instances > 0) {
                return;
            }
        }
        close();
    }

    /** Closes the context if no instance lives in it (one whose instantiation failed). */
    void closeIfUnused() {
        synchronized (this) {
            if (closed || instances > 0) {
                return;
            }
        }
        close();
    }

    /** Closes the context, cancelling any call running in it. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            compiled.clear();
        }
        open.decrementAndGet();
        try {
            context.close(true);
        } catch (PolyglotException | IllegalStateException e) {
            // cancelled a running call, or closed from inside it: the context is closed either way
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Interrupts what runs in this context; waits at most a few milliseconds (a deadline calls
     * again until the call has ended).
     */
    void interrupt() {
        try {
            context.interrupt(Duration.ofMillis(20));
        } catch (TimeoutException e) {
            // the deadline calls again
        } catch (IllegalStateException | PolyglotException e) {
            // closed, or called from inside the context
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the GraalWasm context of this instance is closed");
        }
    }
}
