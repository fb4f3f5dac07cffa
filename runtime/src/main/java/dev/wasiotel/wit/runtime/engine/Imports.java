package dev.wasiotel.wit.runtime.engine;

/** Supplies the value of each import of a module being instantiated. */
@FunctionalInterface
public interface Imports {
    /** The value for import {@code module}/{@code name}, or {@code null} if there is none. */
    CoreExtern resolve(String module, String name);
}
