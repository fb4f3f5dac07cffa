package dev.wasiotel.wit.runtime;

import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Java form of a WIT {@code result}: either {@link Ok} with the success value or {@link Err}
 * with the error value.
 *
 * <p>How the four WIT forms map (a side without a payload holds {@link Unit#INSTANCE}):
 * <table>
 *   <caption>WIT result forms</caption>
 *   <tr><th>WIT</th><th>Java</th></tr>
 *   <tr><td>{@code result}</td><td>{@code Result<Unit, Unit>}</td></tr>
 *   <tr><td>{@code result<T>}</td><td>{@code Result<T, Unit>}</td></tr>
 *   <tr><td>{@code result<_, E>}</td><td>{@code Result<Unit, E>}</td></tr>
 *   <tr><td>{@code result<T, E>}</td><td>{@code Result<T, E>}</td></tr>
 * </table>
 *
 * <p>Neither side is ever {@code null}: WIT has no null (an {@code option<T>} payload is an
 * {@link Optional}), and the factories and record constructors reject it.
 *
 * <p>Java 17 code tells the cases apart with {@code instanceof} or the helpers here:
 * <pre>{@code
 * Result<Long, String> r = ...;
 * if (r instanceof Result.Ok<Long, String> ok) { use(ok.value()); }
 * long n = r.orElseThrow(IllegalArgumentException::new);
 * }</pre>
 *
 * @param <T> the success type
 * @param <E> the error type
 */
public sealed interface Result<T, E> permits Result.Ok, Result.Err {

    /**
     * A success.
     *
     * @param value the success value, never null ({@link Unit#INSTANCE} when there is no payload)
     * @param <T> the success type
     * @param <E> the error type
     */
    record Ok<T, E>(T value) implements Result<T, E> {
        /** Rejects a null value. */
        public Ok {
            Objects.requireNonNull(value, "Result.Ok value (use Unit.INSTANCE for no payload)");
        }

        @Override
        public String toString() {
            return "Ok[" + value + "]";
        }
    }

    /**
     * A failure.
     *
     * @param error the error value, never null ({@link Unit#INSTANCE} when there is no payload)
     * @param <T> the success type
     * @param <E> the error type
     */
    record Err<T, E>(E error) implements Result<T, E> {
        /** Rejects a null error. */
        public Err {
            Objects.requireNonNull(error, "Result.Err error (use Unit.INSTANCE for no payload)");
        }

        @Override
        public String toString() {
            return "Err[" + error + "]";
        }
    }

    /** A success holding {@code value} (not null). */
    static <T, E> Result<T, E> ok(T value) {
        return new Ok<>(value);
    }

    /** A success with no payload, for {@code result} and {@code result<_, E>}. */
    static <E> Result<Unit, E> ok() {
        return new Ok<>(Unit.INSTANCE);
    }

    /** A failure holding {@code error} (not null). */
    static <T, E> Result<T, E> err(E error) {
        return new Err<>(error);
    }

    /** A failure with no payload, for {@code result} and {@code result<T>}. */
    static <T> Result<T, Unit> err() {
        return new Err<>(Unit.INSTANCE);
    }

    /** Whether this is an {@link Ok}. */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /** Whether this is an {@link Err}. */
    default boolean isErr() {
        return this instanceof Err;
    }

    /** The success value, or empty for an error. */
    default Optional<T> okValue() {
        if (this instanceof Ok<T, E> ok) {
            return Optional.of(ok.value());
        }
        return Optional.empty();
    }

    /** The error value, or empty for a success. */
    default Optional<E> errValue() {
        if (this instanceof Err<T, E> err) {
            return Optional.of(err.error());
        }
        return Optional.empty();
    }

    /** Applies {@code mapper} to a success value (its result must not be null); keeps an error. */
    default <U> Result<U, E> map(Function<? super T, ? extends U> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        if (this instanceof Ok<T, E> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return new Err<>(((Err<T, E>) this).error());
    }

    /** Applies {@code mapper} to an error value (its result must not be null); keeps a success. */
    default <F> Result<T, F> mapErr(Function<? super E, ? extends F> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        if (this instanceof Err<T, E> err) {
            return new Err<>(mapper.apply(err.error()));
        }
        return new Ok<>(((Ok<T, E>) this).value());
    }

    /** Chains a computation that may itself fail onto a success; keeps an error. */
    default <U> Result<U, E> flatMap(Function<? super T, ? extends Result<U, E>> mapper) {
        Objects.requireNonNull(mapper, "mapper");
        if (this instanceof Ok<T, E> ok) {
            return Objects.requireNonNull(mapper.apply(ok.value()), "flatMap mapper returned null");
        }
        return new Err<>(((Err<T, E>) this).error());
    }

    /** Folds both cases into one value. */
    default <R> R fold(Function<? super T, ? extends R> onOk, Function<? super E, ? extends R> onErr) {
        Objects.requireNonNull(onOk, "onOk");
        Objects.requireNonNull(onErr, "onErr");
        if (this instanceof Ok<T, E> ok) {
            return onOk.apply(ok.value());
        }
        return onErr.apply(((Err<T, E>) this).error());
    }

    /** The success value, or {@code other} for an error. */
    default T orElse(T other) {
        if (this instanceof Ok<T, E> ok) {
            return ok.value();
        }
        return other;
    }

    /**
     * The success value.
     *
     * @throws NoSuchElementException for an error; the message shows the error value, and an
     *     error that is a {@link Throwable} becomes the cause
     */
    default T orElseThrow() {
        if (this instanceof Ok<T, E> ok) {
            return ok.value();
        }
        E error = ((Err<T, E>) this).error();
        NoSuchElementException e = new NoSuchElementException("result is Err, not Ok: " + error);
        if (error instanceof Throwable cause) {
            e.initCause(cause);
        }
        throw e;
    }

    /**
     * The success value, or throws the exception {@code exceptionMapper} makes from the error.
     *
     * @throws X for an error
     */
    default <X extends Throwable> T orElseThrow(Function<? super E, ? extends X> exceptionMapper) throws X {
        Objects.requireNonNull(exceptionMapper, "exceptionMapper");
        if (this instanceof Ok<T, E> ok) {
            return ok.value();
        }
        throw exceptionMapper.apply(((Err<T, E>) this).error());
    }

    /**
     * The error value.
     *
     * @throws NoSuchElementException for a success; the message shows the success value
     */
    default E errorOrElseThrow() {
        if (this instanceof Err<T, E> err) {
            return err.error();
        }
        throw new NoSuchElementException("result is Ok, not Err: " + ((Ok<T, E>) this).value());
    }
}
