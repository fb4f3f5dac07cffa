package dev.wasiotel.wit.parser.model;

/** What kind of function a {@link Function} is. */
public sealed interface FunctionKind {

    /** Whether the function was declared {@code async}. */
    boolean async();

    /** A plain function. @param async declared {@code async} */
    record Freestanding(boolean async) implements FunctionKind {
    }

    /** A resource method. @param resource the resource type id @param async declared {@code async} */
    record Method(int resource, boolean async) implements FunctionKind {
    }

    /** A static resource function. @param resource the resource type id @param async declared async */
    record Static(int resource, boolean async) implements FunctionKind {
    }

    /** A resource constructor. @param resource the resource type id */
    record Constructor(int resource) implements FunctionKind {
        @Override
        public boolean async() {
            return false;
        }
    }
}
