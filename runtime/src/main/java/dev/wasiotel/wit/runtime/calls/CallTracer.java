package dev.wasiotel.wit.runtime.calls;

import dev.wasiotel.wit.runtime.GuestContext;

/**
 * What a host tells about the calls it runs, when asked to trace them: for each call site it
 * links, the host asks once for a {@link Probe} (null: the site is not traced, and gets no
 * wrapper); around each call of a traced site it {@linkplain Probe#start starts} a {@link Call}
 * on the calling thread and {@linkplain Call#end ends} it when the call returns or fails. Calls of
 * one guest instance nest strictly (an instance runs one call at a time), so an implementation can
 * keep the open calls of an instance as a stack in its attachments.
 */
public interface CallTracer {

    /**
     * The probe for calls at {@code site}, or null to leave the site untraced. Asked when the host
     * links the site (instantiation), never per call.
     */
    Probe probe(CallSite site);

    /** Starts the calls of one site. */
    @FunctionalInterface
    interface Probe {
        /**
         * A call at the probe's site begins.
         *
         * @param instance the calling instance for an import or a cross-component call, the called
         *     one for an export: its attachments are where per-instance state lives
         * @return the call, to end exactly once; never null
         */
        Call start(GuestContext instance);
    }

    /** One call in progress. */
    @FunctionalInterface
    interface Call {
        /**
         * The call ended.
         *
         * @param argumentBytes the bytes of its arguments: their flat core values (4 bytes per
         *     i32/f32, 8 per i64/f64) plus what the callee read from the caller's memory; -1 if unknown
         * @param resultBytes the bytes of its results, counted the same way (what the callee wrote
         *     into the caller's memory); -1 if unknown
         * @param failure what the call threw (a {@link dev.wasiotel.wit.runtime.WitTrap} for a
         *     trap), or null if it returned
         */
        void end(long argumentBytes, long resultBytes, Throwable failure);

        /**
         * Whether {@link #end} uses the byte counts. A host may then skip counting them (and pass
         * -1): an unsampled span, which records nothing, should not pay for counting every memory
         * access of the call.
         */
        default boolean countsBytes() {
            return true;
        }
    }
}
