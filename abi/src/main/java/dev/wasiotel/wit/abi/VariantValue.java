package dev.wasiotel.wit.abi;

/**
 * A dynamic value of a variant, enum, option or result: the case index and its payload (null when
 * the case has none). Options: none = 0, some = 1; results: ok = 0, error = 1.
 *
 * @param caseIndex which case
 * @param payload its payload, or null
 */
public record VariantValue(int caseIndex, Object payload) {
}
