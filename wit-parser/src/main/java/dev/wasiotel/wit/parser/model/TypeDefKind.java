package dev.wasiotel.wit.parser.model;

import java.util.List;
import java.util.Optional;

/** What a {@link TypeDef} is. */
public sealed interface TypeDefKind {

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
