package dev.wasiotel.wit.runtime;

import java.util.Objects;

/**
 * Finds the host implementation that serves one guest instance: generated {@code
 * <Interface>Host.functionsPerInstance} call it on every call, with the calling instance, so one
 * set of host functions can serve many instances, each with its own state. A factory typically
 * creates that state on an instance's first call and keeps it in the instance's attachments
 * ({@link GuestContext#attachment(Class, java.util.function.Supplier)}).
 *
 * @param <T> the host interface served
 */
@FunctionalInterface
public interface PerInstance<T> {

    /**
     * The implementation serving {@code guest}'s call. Called once per host function call, on the
     * calling thread, so it should be cheap (an attachment lookup, not a new object per call).
     *
     * @param guest the calling guest instance
     * @return the implementation; not null
     */
    T forInstance(GuestContext guest);

    /** One implementation for every instance: what {@code functions(impl, encoding)} uses. */
    static <T> PerInstance<T> shared(T impl) {
        Objects.requireNonNull(impl, "impl");
        return guest -> impl;
    }
}
