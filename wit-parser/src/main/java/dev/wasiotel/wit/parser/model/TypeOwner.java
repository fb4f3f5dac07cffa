package dev.wasiotel.wit.parser.model;

/** Where a type is defined: an interface, a world, or nowhere (anonymous types). */
public sealed interface TypeOwner {
    /** Anonymous types such as {@code list<u8>} have no owner. */
    TypeOwner NONE = new None();

    /** Not owned. */
    record None() implements TypeOwner {
    }

    /** @param id index into {@link Resolve#interfaces()} */
    record OfInterface(int id) implements TypeOwner {
    }

    /** @param id index into {@link Resolve#worlds()} */
    record OfWorld(int id) implements TypeOwner {
    }
}
