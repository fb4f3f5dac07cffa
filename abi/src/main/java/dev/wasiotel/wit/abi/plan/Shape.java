package dev.wasiotel.wit.abi.plan;

/**
 * Which component type a variant-like plan came from. The ABI treats all four as a variant (its
 * "despecialization"); bindings give each its own representation, so the plan keeps the shape.
 */
public enum Shape {
    /** A {@code variant}. */
    VARIANT,
    /** An {@code enum}: cases without payloads. */
    ENUM,
    /** {@code option<T>}: none = case 0, some = case 1. */
    OPTION,
    /** {@code result<T, E>}: ok = case 0, error = case 1. */
    RESULT
}
