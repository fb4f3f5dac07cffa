package dev.wasiotel.wit.parser.model;

import java.util.Optional;

/** The feature gate of an item: {@code @since}, {@code @unstable}, optionally {@code @deprecated}. */
public sealed interface Stability {

    /** No gate. */
    Stability UNKNOWN = new Unknown();

    /** No gate was written. */
    record Unknown() implements Stability {
    }

    /**
     * {@code @since(version = ...)}, optionally with {@code @deprecated(version = ...)}.
     *
     * @param since the version the item appeared in
     * @param deprecated the version it was deprecated in
     */
    record Stable(Version since, Optional<Version> deprecated) implements Stability {
    }

    /**
     * {@code @unstable(feature = ...)}: the item exists only when the feature is active.
     *
     * @param feature the feature name
     * @param deprecated the version it was deprecated in
     */
    record Unstable(String feature, Optional<Version> deprecated) implements Stability {
    }
}
