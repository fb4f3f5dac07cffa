package dev.wasiotel.wit.runtime;

/**
 * The body of a host function at the core WebAssembly level: flat core values in, flat core values
 * out. Generated bindings implement this to lift the arguments from guest memory, call the typed
 * host interface and lower the results.
 *
 * <p>Values travel as {@code long}s, one per core parameter or result, by {@link
 * dev.wasiotel.wit.abi.CoreType}:
 *
 * <ul>
 *   <li>{@code i32}: the 32-bit value as a Java {@code int} widened to {@code long} (sign-extended),
 *       so {@code (int) args[i]} is the value; unsigned readers use {@link
 *       Integer#toUnsignedLong(int)}.
 *   <li>{@code i64}: the 64-bit value itself.
 *   <li>{@code f32}: the raw IEEE-754 bits as an {@code int} widened to {@code long}: read with
 *       {@code Float.intBitsToFloat((int) args[i])}, write with {@code
 *       Float.floatToRawIntBits(x)}. NaN payloads are preserved.
 *   <li>{@code f64}: the raw bits: {@code Double.longBitsToDouble(args[i])} and {@code
 *       Double.doubleToRawLongBits(x)}.
 * </ul>
 *
 * <p>For results of type {@code i32} and {@code f32} only the low 32 bits count. A function with no
 * results may return {@code null} or an empty array; otherwise the array must have exactly one
 * entry per declared result.
 *
 * <p>To reject bad guest data, throw {@link WitTrap}: it reaches the caller of {@link
 * GuestInstance#call} unchanged.
 */
@FunctionalInterface
public interface CoreFunction {

    /**
     * Runs the host function.
     *
     * @param ctx the calling guest instance: its memory, {@code cabi_realloc} and host state
     * @param args the core arguments, one per declared parameter (see the class comment)
     * @return the core results, one per declared result; {@code null} or empty when there are none
     */
    long[] call(GuestContext ctx, long[] args);
}
