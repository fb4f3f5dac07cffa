package dev.wasiotel.wit.parser;

import java.util.Set;

/**
 * How WIT is read.
 *
 * @param features the {@code @unstable(feature = ...)} names that are active
 * @param allFeatures every feature is active
 * @param legacyFloatNames read the old names {@code float32}/{@code float64} as {@code f32}/{@code
 *     f64} (what wit-parser does under {@code WIT_REQUIRE_F32_F64=0}); off by default
 */
public record WitOptions(Set<String> features, boolean allFeatures, boolean legacyFloatNames) {

    /** No features, strict float names: what the reference parser does by default. */
    public static final WitOptions DEFAULTS = new WitOptions(Set.of(), false, false);

    /** Defensive copy. */
    public WitOptions {
        features = Set.copyOf(features);
    }

    /** These options with the given active features. */
    public WitOptions withFeatures(Set<String> active) {
        return new WitOptions(active, allFeatures, legacyFloatNames);
    }

    /** These options with every feature active. */
    public WitOptions withAllFeatures() {
        return new WitOptions(features, true, legacyFloatNames);
    }

    /** These options with the legacy float names accepted. */
    public WitOptions withLegacyFloatNames() {
        return new WitOptions(features, allFeatures, true);
    }

    /** Whether an {@code @unstable} feature is active. */
    public boolean isActive(String feature) {
        return allFeatures || features.contains(feature);
    }
}
