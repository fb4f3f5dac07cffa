package dev.wasiotel.wit.runtime;

import java.time.Duration;
import java.util.Objects;

/**
 * What one guest instance may take from its host, in the spirit of wasmtime's {@code StoreLimits}
 * and epoch deadlines. Exceeding a limit is a {@link WitTrap} with {@link
 * WitTrap.Reason#RESOURCE_LIMIT} (memory, tables, bytes lifted) or {@link WitTrap.Reason#DEADLINE}
 * (time) naming the limit, or a refused {@code memory.grow}/{@code table.grow} ({@code -1}) where
 * the core specification says so — never an {@code OutOfMemoryError} or a hang.
 *
 * @param maxMemoryBytes the most bytes one linear memory of the instance may have: a module
 *     declaring a larger minimum is refused at instantiation, and {@code memory.grow} beyond it
 *     returns {@code -1}
 * @param maxTableElements the most elements one table of the instance may have (same rules)
 * @param maxLiftBytesPerCall the most bytes of strings and lists one call may lift out of guest
 *     memory, counted over the whole call (aliasing values are counted each time they are lifted;
 *     an element of a list lifted into a Java collection counts at least {@value
 *     LiftBudget#MIN_ELEMENT_CHARGE} bytes): see {@link LiftBudget}
 * @param callTimeout the longest one call into the guest may run, or {@link Duration#ZERO} for no
 *     deadline
 */
public record GuestLimits(long maxMemoryBytes, long maxTableElements, long maxLiftBytesPerCall, Duration callTimeout) {

    /** A WebAssembly page. */
    public static final long PAGE_SIZE = 65_536;

    /** 4 GiB, all a 32-bit memory can address. */
    public static final long MAX_MEMORY32_BYTES = 65_536 * PAGE_SIZE;

    /** Default bytes lifted per call: 64 MiB. */
    public static final long DEFAULT_MAX_LIFT_BYTES_PER_CALL = 64L << 20;

    /** Default table size: 1,000,000 elements (wasmtime's pooling allocator allows 20,000). */
    public static final long DEFAULT_MAX_TABLE_ELEMENTS = 1_000_000;

    public GuestLimits {
        if (maxMemoryBytes < 0 || maxTableElements < 0 || maxLiftBytesPerCall < 0) {
            throw new IllegalArgumentException("limits must not be negative");
        }
        Objects.requireNonNull(callTimeout, "callTimeout");
        if (callTimeout.isNegative()) {
            throw new IllegalArgumentException("callTimeout must not be negative");
        }
    }

    /**
     * Limits that protect a host out of the box: a memory may take a quarter of the JVM's maximum
     * heap (at most 4 GiB), a table {@value #DEFAULT_MAX_TABLE_ELEMENTS} elements, a call may lift
     * 64 MiB, and calls have no deadline.
     */
    public static GuestLimits defaults() {
        return Defaults.VALUE;
    }

    /** Computed once: the JVM's maximum heap does not change. */
    private static final class Defaults {
        static final GuestLimits VALUE = new GuestLimits(
                Math.min(MAX_MEMORY32_BYTES, Runtime.getRuntime().maxMemory() / 4 / PAGE_SIZE * PAGE_SIZE),
                DEFAULT_MAX_TABLE_ELEMENTS, DEFAULT_MAX_LIFT_BYTES_PER_CALL, Duration.ZERO);
    }

    /** No limits beyond what WebAssembly itself has (for trusted guests and benchmarks). */
    public static GuestLimits unlimited() {
        return new GuestLimits(MAX_MEMORY32_BYTES, 0xFFFF_FFFFL, Long.MAX_VALUE, Duration.ZERO);
    }

    /** The memory limit in 64 KiB pages. */
    public int maxMemoryPages() {
        return (int) Math.min(65_536, maxMemoryBytes / PAGE_SIZE);
    }

    /** These limits with another memory maximum. */
    public GuestLimits withMaxMemoryBytes(long bytes) {
        return new GuestLimits(bytes, maxTableElements, maxLiftBytesPerCall, callTimeout);
    }

    /** These limits with another table maximum. */
    public GuestLimits withMaxTableElements(long elements) {
        return new GuestLimits(maxMemoryBytes, elements, maxLiftBytesPerCall, callTimeout);
    }

    /** These limits with another per-call lift budget. */
    public GuestLimits withMaxLiftBytesPerCall(long bytes) {
        return new GuestLimits(maxMemoryBytes, maxTableElements, bytes, callTimeout);
    }

    /** These limits with another call deadline ({@link Duration#ZERO}: none). */
    public GuestLimits withCallTimeout(Duration timeout) {
        return new GuestLimits(maxMemoryBytes, maxTableElements, maxLiftBytesPerCall, timeout);
    }

    /** Whether calls have a deadline. */
    public boolean hasCallTimeout() {
        return !callTimeout.isZero();
    }
}
