package dev.wasiotel.wit.abi.plan;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import java.util.Arrays;
import java.util.List;

/**
 * How a value of one {@link AbiType} travels as flat core values (parameters and results passed in
 * registers), decided once: how many values, where each starts, which core type each arrives in
 * and the {@link Bitcast} between a variant's joined slot and a payload's own value. Positions are
 * relative to the node's first value. Built by {@link Plans}; immutable.
 */
public sealed interface FlatPlan {

    /** How many flat values the value takes. */
    int width();

    /**
     * A primitive other than {@code string}, in one flat value. The same lifting checks and
     * lowering range checks as {@link MemoryPlan.Scalar}.
     *
     * @param kind which primitive
     * @param cast its core type and the slot it arrives in
     */
    record Scalar(AbiType.Prim kind, Bitcast cast) implements FlatPlan {
        @Override
        public int width() {
            return 1;
        }
    }

    /**
     * A {@code string}: pointer then length. @param ptr the pointer's slot @param length the length's slot
     */
    record Str(Bitcast ptr, Bitcast length) implements FlatPlan {
        @Override
        public int width() {
            return 2;
        }
    }

    /**
     * A {@code list<T>} (or map): pointer then length; the elements are in memory.
     *
     * @param list how the list's elements sit in memory
     * @param ptr the pointer's slot
     * @param length the length's slot
     */
    record ListOf(MemoryPlan.ListOf list, Bitcast ptr, Bitcast length) implements FlatPlan {
        @Override
        public int width() {
            return 2;
        }
    }

    /**
     * {@code list<T, N>}: N elements one after the other. Inside a variant elements may arrive in
     * different slots, so each has its own plan (equal plans are shared).
     *
     * @param elements N element plans (do not modify; {@link #element} reads one)
     * @param starts where element i starts
     * @param width total flat values
     */
    record FixedList(FlatPlan[] elements, int[] starts, int width) implements FlatPlan {
        /** Copies the arrays. */
        public FixedList {
            elements = elements.clone();
            starts = starts.clone();
        }

        /** Element {@code i}'s plan. */
        public FlatPlan element(int i) {
            return elements[i];
        }

        /** Where element {@code i} starts. */
        public int start(int i) {
            return starts[i];
        }

        /** N. */
        public int length() {
            return elements.length;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof FixedList f && Arrays.equals(f.elements, elements);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(elements);
        }
    }

    /**
     * A record or tuple: its fields' values one after the other.
     *
     * @param fields in order
     * @param starts where field i starts (do not modify; {@link #start} reads one)
     * @param width total flat values
     * @param tuple whether it is a tuple
     */
    record RecordOf(List<FlatPlan> fields, int[] starts, int width, boolean tuple) implements FlatPlan {
        /** Copies the list and array. */
        public RecordOf {
            fields = List.copyOf(fields);
            starts = starts.clone();
        }

        /** Where field {@code i} starts. */
        public int start(int i) {
            return starts[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RecordOf r && r.fields.equals(fields) && r.tuple == tuple;
        }

        @Override
        public int hashCode() {
            return fields.hashCode();
        }
    }

    /**
     * A variant, enum, option or result: the discriminant (an i32) at 0, then the joined payload
     * slots from 1. Each case's payload plan reads its values out of those slots with the bitcasts
     * of the spec's {@code join}; lowering writes zero into the slots a case leaves unused.
     * Lifting traps on a discriminant that names no case.
     *
     * @param shape which kind of variant
     * @param caseCount how many cases
     * @param discriminant the discriminant's slot
     * @param payloads each case's payload plan (starting at position 1), or null (do not modify)
     * @param slots the joined payload slot types
     */
    record VariantOf(Shape shape, int caseCount, Bitcast discriminant, FlatPlan[] payloads, List<CoreType> slots)
            implements FlatPlan {
        /** Copies the arrays. */
        public VariantOf {
            payloads = payloads.clone();
            slots = List.copyOf(slots);
        }

        /** Case {@code i}'s payload plan, or null. */
        public FlatPlan payload(int i) {
            return payloads[i];
        }

        @Override
        public int width() {
            return 1 + slots.size();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VariantOf v && v.shape == shape && v.discriminant.equals(discriminant)
                    && Arrays.equals(v.payloads, payloads) && v.slots.equals(slots);
        }

        @Override
        public int hashCode() {
            return shape.hashCode() * 31 + Arrays.hashCode(payloads);
        }
    }

    /**
     * Flags: one i32 of bits, none for flags without labels. Lifting ignores bits above the last label.
     *
     * @param labels how many labels
     * @param cast the value's slot (unused without labels)
     */
    record FlagsOf(int labels, Bitcast cast) implements FlatPlan {
        @Override
        public int width() {
            return labels == 0 ? 0 : 1;
        }
    }

    /**
     * An {@code own} or {@code borrow} handle in one i32. @param handle the handle type @param cast its slot
     */
    record HandleOf(AbiType.Handle handle, Bitcast cast) implements FlatPlan {
        @Override
        public int width() {
            return 1;
        }
    }

    /** A {@code future}, {@code stream} or {@code error-context} in one i32. @param kind which @param cast its slot */
    record OpaqueOf(String kind, Bitcast cast) implements FlatPlan {
        @Override
        public int width() {
            return 1;
        }
    }
}
