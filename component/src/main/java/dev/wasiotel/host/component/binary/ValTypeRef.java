package dev.wasiotel.host.component.binary;

/** A value type as written in the binary: a primitive or an index into the type index space. */
public sealed interface ValTypeRef {

    /** A primitive type. @param type which */
    record Primitive(PrimType type) implements ValTypeRef {
    }

    /** A type index. @param index into the (enclosing scope's) type index space */
    record Indexed(int index) implements ValTypeRef {
    }
}
