package dev.wasiotel.wit.parser.model;

/** The key of a world import or export: a plain name, or an interface imported by its path. */
public sealed interface WorldKey {

    /** {@code import foo: func();}, {@code import foo: interface {...}}, types. @param name the name */
    record Name(String name) implements WorldKey {
    }

    /** {@code import wasi:io/streams;}. @param interfaceId index into {@link Resolve#interfaces()} */
    record OfInterface(int interfaceId) implements WorldKey {
    }
}
