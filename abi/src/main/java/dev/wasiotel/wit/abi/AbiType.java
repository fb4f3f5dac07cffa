package dev.wasiotel.wit.abi;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A component-level value type as the canonical ABI sees it: what layout, flattening, lifting and
 * lowering are computed from. Names are kept only for messages; aliases are already resolved.
 * Generated code and the interpreter both work from this one model.
 */
public sealed interface AbiType {

    /** The primitive types. */
    enum Prim implements AbiType {
        BOOL, S8, U8, S16, U16, S32, U32, S64, U64, F32, F64, CHAR, STRING
    }

    /** {@code list<T>}. @param element element type */
    record ListOf(AbiType element) implements AbiType {
    }

    /** {@code list<T, N>}. @param element element type @param length N */
    record FixedList(AbiType element, int length) implements AbiType {
    }

    /** A record; tuples are records with fields named "0", "1", ... @param fields in order */
    record Record(List<Field> fields) implements AbiType {
        /** Copies the list. */
        public Record {
            fields = List.copyOf(fields);
        }
    }

    /** A record field. @param name its name @param type its type */
    record Field(String name, AbiType type) {
    }

    /** A tuple. @param types element types */
    record Tuple(List<AbiType> types) implements AbiType {
        /** Copies the list. */
        public Tuple {
            types = List.copyOf(types);
        }
    }

    /** A variant. @param cases at least one */
    record Variant(List<Case> cases) implements AbiType {
        /** Copies the list. */
        public Variant {
            cases = List.copyOf(cases);
        }
    }

    /** A variant case. @param name its name @param payload its payload, if any */
    record Case(String name, Optional<AbiType> payload) {
    }

    /** An enum. @param labels at least one */
    record Enum(List<String> labels) implements AbiType {
        /** Copies the list. */
        public Enum {
            labels = List.copyOf(labels);
        }
    }

    /** {@code option<T>}. @param payload T */
    record Option(AbiType payload) implements AbiType {
    }

    /** {@code result<T, E>}. @param ok T if any @param err E if any */
    record Result(Optional<AbiType> ok, Optional<AbiType> err) implements AbiType {
    }

    /** Flags. @param labels label i is bit i; at most {@link #MAX_LABELS} */
    record Flags(List<String> labels) implements AbiType {
        /** The most labels the component model allows: the value is one {@code i32}. */
        public static final int MAX_LABELS = 32;

        /** Copies the list; refuses more than {@link #MAX_LABELS} labels. */
        public Flags {
            labels = List.copyOf(labels);
            if (labels.size() > MAX_LABELS) {
                throw new IllegalArgumentException("flags with " + labels.size() + " labels: the component model allows"
                        + " at most " + MAX_LABELS);
            }
        }
    }

    /**
     * {@code own<R>} or {@code borrow<R>}: an i32 handle. The owner takes part in type equality only
     * (see {@code ComponentHost}): two handles of resources with the same name in different
     * interfaces are different types.
     *
     * @param borrow true for borrow
     * @param resource R's name
     * @param owner the interface R belongs to, by the name it is imported under (e.g. {@code
     *     wasi:io/streams@0.2.0}, or {@code $root} for a world's own resources); null for "the
     *     interface whose function this type is in", or where it is not known
     */
    record Handle(boolean borrow, String resource, String owner) implements AbiType {
        /** A handle whose owner is the interface of the function it appears in. */
        public Handle(boolean borrow, String resource) {
            this(borrow, resource, null);
        }
    }

    /**
     * A handle-like type this runtime does not lift yet: {@code future}, {@code stream},
     * {@code error-context}. Only its layout (an i32) is defined. @param kind which one
     */
    record Opaque(String kind) implements AbiType {
    }

    /**
     * The variant the canonical ABI treats this type as, for enum, option and result (its
     * "despecialization"); other variants are returned as they are, anything else is null.
     */
    static Variant asVariant(AbiType type) {
        if (type instanceof Variant v) {
            return v;
        }
        if (type instanceof Enum e) {
            List<Case> cases = new ArrayList<>();
            for (String label : e.labels()) {
                cases.add(new Case(label, Optional.empty()));
            }
            return new Variant(cases);
        }
        if (type instanceof Option o) {
            return new Variant(List.of(new Case("none", Optional.empty()), new Case("some", Optional.of(o.payload()))));
        }
        if (type instanceof Result r) {
            return new Variant(List.of(new Case("ok", r.ok()), new Case("error", r.err())));
        }
        return null;
    }

    /** The record the canonical ABI treats a tuple as; records as they are, anything else null. */
    static Record asRecord(AbiType type) {
        if (type instanceof Record r) {
            return r;
        }
        if (type instanceof Tuple t) {
            List<Field> fields = new ArrayList<>();
            for (int i = 0; i < t.types().size(); i++) {
                fields.add(new Field(Integer.toString(i), t.types().get(i)));
            }
            return new Record(fields);
        }
        return null;
    }
}
