package dev.wasiotel.wit.runtime.calls;

import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestInstance;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The traced call sequences of one guest instance: a generated caller's {@link
 * GuestInstance#beginCall} of a traced export becomes one {@link CallTracer.Call} from the
 * beginning to {@link GuestInstance.Call#close()}, so the export's span covers lowering the
 * arguments, the call, lifting the results and the post-return, as the dynamic path's does. The
 * steps lower and lift through the sequence's {@linkplain GuestInstance#context(GuestInstance.Call)
 * context}, which counts the bytes for the span; the caller reports a failure with {@link
 * GuestInstance.Call#failed}. The core call inside such a sequence is not traced again ({@link
 * #covers}).
 *
 * <p>Touched only by the thread that holds the instance (its guard hands the instance from one
 * thread to the next), so it needs no locking. Instances make one only when a tracer is given.
 */
public final class TracedSequences {
    /** The innermost open traced sequence of this instance, or null. */
    private Sequence innermost;

    /**
     * Makes {@code sequence}, just begun by the instance's guard for export {@code exportName}, a
     * traced call of {@code probe}.
     *
     * @param instance the instance's context: the one the probe is given, and the one the steps'
     *     context counts the bytes of
     * @param flatParams the bytes of the export's flat core parameters
     * @param flatResults the bytes of its flat core results
     * @return the sequence to hand to the caller; closing it ends the call, then {@code sequence}
     */
    public GuestInstance.Call begin(GuestInstance.Call sequence, String exportName, CallTracer.Probe probe,
            GuestContext instance, long flatParams, long flatResults) {
        CallTracer.Call call;
        try {
            call = probe.start(instance);
        } catch (RuntimeException | Error e) {
            sequence.close();
            throw e;
        }
        CountingContext counted = call.countsBytes() ? new CountingContext(instance) : null;
        innermost = new Sequence(sequence, exportName, call, counted, flatParams, flatResults, innermost);
        return innermost;
    }

    /** Whether a call of {@code exportName} is a step of the innermost open traced sequence, which traces it. */
    public boolean covers(String exportName) {
        return innermost != null && innermost.exportName.equals(exportName);
    }

    /**
     * Runs {@code step}, the core call of the innermost open sequence ({@link #covers}), and records
     * its failure on the sequence, also if the caller does not report it.
     */
    public <T> T step(Supplier<T> step) {
        Sequence sequence = innermost;
        try {
            return step.get();
        } catch (RuntimeException | Error e) {
            sequence.failed(e);
            throw e;
        }
    }

    /** The context the steps of {@code call} lower and lift through: its counting one if it has one. */
    public static GuestContext context(GuestInstance.Call call, GuestContext untraced) {
        return call instanceof Sequence s && s.counted != null ? s.counted : untraced;
    }

    /** One traced sequence: ends its call, then its guard's sequence. */
    private final class Sequence implements GuestInstance.Call {
        private final GuestInstance.Call sequence;
        private final String exportName;
        private final CallTracer.Call call;
        /** Counts the bytes of the steps; null if the call does not use them. */
        private final CountingContext counted;
        private final long flatParams;
        private final long flatResults;
        private final Sequence outer;
        private final Thread thread = Thread.currentThread();
        private Throwable failure;
        private boolean closed;

        Sequence(GuestInstance.Call sequence, String exportName, CallTracer.Call call, CountingContext counted,
                long flatParams, long flatResults, Sequence outer) {
            this.sequence = sequence;
            this.exportName = Objects.requireNonNull(exportName, "exportName");
            this.call = call;
            this.counted = counted;
            this.flatParams = flatParams;
            this.flatResults = flatResults;
            this.outer = outer;
        }

        @Override
        public void failed(Throwable failure) {
            if (this.failure == null) {
                this.failure = failure;
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            if (Thread.currentThread() != thread) {
                sequence.close(); // refuses: a sequence is closed on the thread that began it
                return;
            }
            closed = true;
            innermost = outer;
            try {
                // the host wrote the arguments and read the results
                if (counted == null) {
                    call.end(-1, -1, failure);
                } else {
                    call.end(flatParams + counted.bytesWritten(),
                            failure == null ? flatResults + counted.bytesRead() : -1, failure);
                }
            } finally {
                // after the span: the instance's call-end listeners run when the guard lets go
                sequence.close();
            }
        }
    }
}
