package dev.wasiotel.host.component.binary;

/** The type of an import or export ({@code externtype}), with type indices unresolved. */
public sealed interface ExternType {

    /** A core module of core type {@code typeIndex}. @param typeIndex core type index */
    record CoreModule(int typeIndex) implements ExternType {
    }

    /** A function of type {@code typeIndex}. @param typeIndex type index */
    record Func(int typeIndex) implements ExternType {
    }

    /** A value (not supported at run time). */
    record Value() implements ExternType {
    }

    /** A type equal to {@code typeIndex}. @param typeIndex type index */
    record TypeEq(int typeIndex) implements ExternType {
    }

    /** A fresh abstract resource type ({@code (sub resource)}). */
    record SubResource() implements ExternType {
    }

    /** A component of type {@code typeIndex}. @param typeIndex type index */
    record Component(int typeIndex) implements ExternType {
    }

    /** An instance of type {@code typeIndex}. @param typeIndex type index */
    record Instance(int typeIndex) implements ExternType {
    }

    /** The sort a value of this type belongs to. */
    default Sort sort() {
        if (this instanceof CoreModule) {
            return Sort.CORE_MODULE;
        }
        if (this instanceof Func) {
            return Sort.FUNC;
        }
        if (this instanceof Value) {
            return Sort.VALUE;
        }
        if (this instanceof Component) {
            return Sort.COMPONENT;
        }
        if (this instanceof Instance) {
            return Sort.INSTANCE;
        }
        return Sort.TYPE;
    }
}
