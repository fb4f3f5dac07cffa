package dev.wasiotel.wit.abi.plan;

import dev.wasiotel.wit.abi.AbiType;
import java.util.Arrays;
import java.util.List;

/**
 * How a value of one {@link AbiType} sits in guest memory, decided once: every width, offset,
 * discriminant size, element stride and check a load or store needs. A backend walks the tree and
 * turns each node into reads and writes; the dynamic path interprets it, code generation emits it.
 * Offsets are relative to the address the node is loaded from or stored at. Built by {@link Plans};
 * immutable.
 */
public sealed interface MemoryPlan {

    /** Bytes the value takes. */
    int size();

    /** Its alignment. */
    int align();

    /**
     * A primitive other than {@code string}: read as {@code size} bytes. Lifting sign- or
     * zero-extends by the kind, reads {@code bool} as any non-zero byte and traps on a {@code char}
     * that is no Unicode scalar value; lowering checks unsigned and {@code char} values' ranges.
     *
     * @param kind which primitive
     * @param size 1, 2, 4 or 8 bytes
     */
    record Scalar(AbiType.Prim kind, int size) implements MemoryPlan {
        @Override
        public int align() {
            return size;
        }
    }

    /**
     * A {@code string}: an i32 pointer and an i32 length (in code units of the call's encoding).
     * Lifting checks bounds, the length limit and the encoding and charges the call's lift budget.
     */
    record Str() implements MemoryPlan {
        @Override
        public int size() {
            return 8;
        }

        @Override
        public int align() {
            return 4;
        }
    }

    /**
     * A {@code list<T>} (and {@code map<K, V>}, which the ABI sees as {@code list<tuple<K, V>>}): an
     * i32 pointer and an i32 length. Lifting checks the data block's alignment, bounds and the lift
     * budget before creating anything; lowering allocates through the guest's {@code cabi_realloc}.
     *
     * @param element how each element sits in the data block (stride = its size)
     */
    record ListOf(MemoryPlan element) implements MemoryPlan {
        @Override
        public int size() {
            return 8;
        }

        @Override
        public int align() {
            return 4;
        }
    }

    /**
     * {@code list<T, N>}: N elements in place. Lowering checks the value has exactly N elements.
     *
     * @param element each element (stride = its size)
     * @param length N
     */
    record FixedList(MemoryPlan element, int length) implements MemoryPlan {
        @Override
        public int size() {
            return element.size() * length;
        }

        @Override
        public int align() {
            return element.align();
        }
    }

    /**
     * A record or tuple: its fields at their offsets.
     *
     * @param fields in order
     * @param offsets each field's offset (do not modify; {@link #offset} reads one)
     * @param size bytes, padded to the alignment
     * @param align the largest field alignment
     * @param tuple whether it is a tuple (bindings represent those differently)
     */
    record RecordOf(List<MemoryPlan> fields, int[] offsets, int size, int align, boolean tuple)
            implements MemoryPlan {
        /** Copies the field list. */
        public RecordOf {
            fields = List.copyOf(fields);
            offsets = offsets.clone();
        }

        /** Field {@code i}'s offset. */
        public int offset(int i) {
            return offsets[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof RecordOf r && r.fields.equals(fields) && Arrays.equals(r.offsets, offsets)
                    && r.size == size && r.align == align && r.tuple == tuple;
        }

        @Override
        public int hashCode() {
            return fields.hashCode() * 31 + Arrays.hashCode(offsets);
        }
    }

    /**
     * A variant, enum, option or result: a discriminant of {@code discriminantSize} bytes, then the
     * case's payload at {@code payloadOffset}. Lifting traps on a discriminant that names no case.
     *
     * @param shape which kind of variant
     * @param caseCount how many cases
     * @param payloads each case's payload plan, or null for a case without one (do not modify;
     *     {@link #payload} reads one)
     * @param discriminantSize 1, 2 or 4 bytes (0 cannot happen: a variant has a case)
     * @param payloadOffset where payloads start
     * @param size bytes
     * @param align alignment
     */
    record VariantOf(Shape shape, int caseCount, MemoryPlan[] payloads, int discriminantSize, int payloadOffset,
            int size, int align) implements MemoryPlan {
        /** Copies the payloads. */
        public VariantOf {
            payloads = payloads.clone();
        }

        /** Case {@code i}'s payload plan, or null. */
        public MemoryPlan payload(int i) {
            return payloads[i];
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof VariantOf v && v.shape == shape && Arrays.equals(v.payloads, payloads)
                    && v.discriminantSize == discriminantSize && v.payloadOffset == payloadOffset;
        }

        @Override
        public int hashCode() {
            return shape.hashCode() * 31 + Arrays.hashCode(payloads);
        }
    }

    /**
     * Flags: bit i for label i, in 0, 1, 2 or 4 bytes. Lifting ignores bits above the last label.
     *
     * @param labels how many labels
     * @param size bytes
     */
    record FlagsOf(int labels, int size) implements MemoryPlan {
        @Override
        public int align() {
            return Math.max(size, 1);
        }
    }

    /**
     * An {@code own} or {@code borrow} handle: an i32 index into the instance's resource table.
     *
     * @param handle the handle type (borrow or own, and the resource)
     */
    record HandleOf(AbiType.Handle handle) implements MemoryPlan {
        @Override
        public int size() {
            return 4;
        }

        @Override
        public int align() {
            return 4;
        }
    }

    /**
     * A {@code future}, {@code stream} or {@code error-context}: an i32 this runtime carries
     * without lifting. @param kind which one
     */
    record OpaqueOf(String kind) implements MemoryPlan {
        @Override
        public int size() {
            return 4;
        }

        @Override
        public int align() {
            return 4;
        }
    }
}
