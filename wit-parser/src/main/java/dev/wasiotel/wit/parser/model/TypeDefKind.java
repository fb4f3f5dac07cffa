package dev.wasiotel.wit.parser.model;

import java.util.List;
import java.util.Optional;

/** What a {@link TypeDef} is. */
public sealed interface TypeDefKind {

    /**
     * The types this kind refers to directly, in order: one level of the type graph (a handle's
     * resource counts as a reference).
     */
    default List<Type> references() {
        List<Type> out = new java.util.ArrayList<>();
        if (this instanceof Alias a) {
            out.add(a.target());
        } else if (this instanceof Record r) {
            for (Field f : r.fields()) {
                out.add(f.type());
            }
        } else if (this instanceof Handle h) {
            out.add(new Type.Ref(h.resource()));
        } else if (this instanceof Tuple t) {
            out.addAll(t.types());
        } else if (this instanceof Variant v) {
            for (Case c : v.cases()) {
                c.type().ifPresent(out::add);
            }
        } else if (this instanceof Option o) {
            out.add(o.type());
        } else if (this instanceof Result r) {
            r.ok().ifPresent(out::add);
            r.err().ifPresent(out::add);
        } else if (this instanceof ListOf l) {
            out.add(l.element());
        } else if (this instanceof FixedList l) {
            out.add(l.element());
        } else if (this instanceof MapOf m) {
            out.add(m.key());
            out.add(m.value());
        } else if (this instanceof Future f) {
            f.payload().ifPresent(out::add);
        } else if (this instanceof Stream s) {
            s.payload().ifPresent(out::add);
        }
        return out;
    }

    /** {@code type x = T}, or a name brought in by {@code use}. @param target the aliased type */
    record Alias(Type target) implements TypeDefKind {
    }

    /** A record. @param fields in declaration order, at least one */
    record Record(List<Field> fields) implements TypeDefKind {
    }

    /** A resource type; its functions live in the owner's function map. */
    record Resource() implements TypeDefKind {
    }

    /**
     * {@code own<R>} or {@code borrow<R>}.
     *
     * @param borrow true for {@code borrow}
     * @param resource the resource (possibly through aliases), index into {@link Resolve#types()}
     */
    record Handle(boolean borrow, int resource) implements TypeDefKind {
    }

    /** Flags. @param flags in declaration order */
    record Flags(List<Flag> flags) implements TypeDefKind {
    }

    /** A tuple. @param types element types */
    record Tuple(List<Type> types) implements TypeDefKind {
    }

    /** A variant. @param cases at least one */
    record Variant(List<Case> cases) implements TypeDefKind {
    }

    /** An enum. @param cases at least one */
    record Enum(List<EnumCase> cases) implements TypeDefKind {
    }

    /** {@code option<T>}. @param type payload */
    record Option(Type type) implements TypeDefKind {
    }

    /**
     * {@code result<T, E>} in all its forms.
     *
     * @param ok the ok payload, if any
     * @param err the error payload, if any
     */
    record Result(Optional<Type> ok, Optional<Type> err) implements TypeDefKind {
    }

    /** {@code list<T>}. @param element element type */
    record ListOf(Type element) implements TypeDefKind {
    }

    /**
     * {@code list<T, N>}.
     *
     * @param element element type
     * @param size the fixed length N
     */
    record FixedList(Type element, long size) implements TypeDefKind {
    }

    /**
     * {@code map<K, V>}.
     *
     * @param key key type (a primitive other than floats)
     * @param value value type
     */
    record MapOf(Type key, Type value) implements TypeDefKind {
    }

    /** {@code future<T>} or {@code future}. @param payload the payload, if any */
    record Future(Optional<Type> payload) implements TypeDefKind {
    }

    /** {@code stream<T>} or {@code stream}. @param payload the payload, if any */
    record Stream(Optional<Type> payload) implements TypeDefKind {
    }

    /** A record field. @param name kebab-case name @param type its type @param docs docs */
    record Field(String name, Type type, Docs docs) {
    }

    /** A flag. @param name kebab-case name @param docs docs */
    record Flag(String name, Docs docs) {
    }

    /** A variant case. @param name kebab-case name @param type payload, if any @param docs docs */
    record Case(String name, Optional<Type> type, Docs docs) {
    }

    /** An enum case. @param name kebab-case name @param docs docs */
    record EnumCase(String name, Docs docs) {
    }
}
