package dev.wasiotel.wit.abi.plan;

import dev.wasiotel.wit.abi.CoreType;

/**
 * How one flat value travels in a variant's joined slot (the spec's {@code join}): a value of
 * core type {@code value} carried in a slot of core type {@code slot}. Flat values are held as raw
 * bits in a {@code long} (i32 and f32 in the low 32 bits, zero above; f64 as its bits), so of the
 * spec's conversions only "wrap an i64 slot to a 32-bit value" changes bits: f32 and i32 share
 * their bits, and an i64 slot read as f64 is a reinterpretation. Lowering zero-extends a 32-bit
 * value into an i64 slot, which the raw-bits form already is.
 *
 * @param slot the core type the value arrives in (the joined slot, or its own type outside variants)
 * @param value the core type the value itself flattens to
 */
public record Bitcast(CoreType slot, CoreType value) {
    private static final Bitcast[] NONE = new Bitcast[CoreType.values().length];

    static {
        for (CoreType t : CoreType.values()) {
            NONE[t.ordinal()] = new Bitcast(t, t);
        }
    }

    /** A value carried in its own type. */
    public static Bitcast none(CoreType type) {
        return NONE[type.ordinal()];
    }

    /** Whether reading the value out of its slot changes bits (a 32-bit value in an i64 slot). */
    public boolean wraps() {
        return slot == CoreType.I64 && (value == CoreType.I32 || value == CoreType.F32);
    }

    /** The value's raw bits, read out of its slot's raw bits. */
    public long lift(long raw) {
        return wraps() ? raw & 0xffff_ffffL : raw;
    }

    /** The slot's raw bits for the value's raw bits (32-bit values are already zero-extended). */
    public long lower(long raw) {
        return raw;
    }
}
