package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.wit.abi.AbiType;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bounds the size and depth of value types. Types refer to earlier types by index, so a few bytes
 * can describe a type whose tree is exponentially large or very deep; the layout and lifting code
 * walks trees recursively, so such a type is rejected where it is defined. A fixed-length list
 * weighs its length times its element: flattening and lifting it take one step per element, and a
 * declared length of 2^31-1 would otherwise build a Java list of that many elements from a few bytes.
 */
final class TypeWeight {
    /** The most nodes a value type's tree may have. */
    static final long MAX_NODES = 100_000;
    /** The deepest a value type may nest. */
    static final int MAX_DEPTH = 100;

    /** Weights already computed (types are shared, so each is weighed once). */
    private final Map<AbiType, long[]> cache = new IdentityHashMap<>();

    /** Rejects {@code type} if it is too large or too deep. */
    void check(AbiType type, int offset) {
        long[] w = weigh(type, offset, 0);
        if (w[0] > MAX_NODES) {
            throw new ComponentFormatException(offset, "a type has more than " + MAX_NODES + " nodes");
        }
    }

    /** {nodes, depth} of {@code type}, saturating. */
    private long[] weigh(AbiType type, int offset, int level) {
        if (level > MAX_DEPTH) {
            throw new ComponentFormatException(offset, "a type nests more than " + MAX_DEPTH + " deep");
        }
        long[] cached = cache.get(type);
        if (cached != null) {
            if (cached[1] + level > MAX_DEPTH) {
                throw new ComponentFormatException(offset, "a type nests more than " + MAX_DEPTH + " deep");
            }
            return cached;
        }
        long nodes = 1;
        long depth = 0;
        long copies = type instanceof AbiType.FixedList l ? l.length() : 1;
        for (AbiType child : children(type)) {
            long[] w = weigh(child, offset, level + 1);
            // both factors are at most MAX_NODES + 1 and 2^31-1: no overflow
            nodes = Math.min(MAX_NODES + 1, nodes + copies * w[0]);
            depth = Math.max(depth, w[1] + 1);
        }
        long[] result = {nodes, depth};
        cache.put(type, result);
        return result;
    }

    private static List<AbiType> children(AbiType type) {
        if (type instanceof AbiType.ListOf l) {
            return List.of(l.element());
        }
        if (type instanceof AbiType.FixedList l) {
            return List.of(l.element());
        }
        if (type instanceof AbiType.Option o) {
            return List.of(o.payload());
        }
        if (type instanceof AbiType.Tuple t) {
            return t.types();
        }
        if (type instanceof AbiType.Record r) {
            return r.fields().stream().map(AbiType.Field::type).toList();
        }
        if (type instanceof AbiType.Variant v) {
            return v.cases().stream().flatMap(c -> c.payload().stream()).toList();
        }
        if (type instanceof AbiType.Result r) {
            return java.util.stream.Stream.concat(r.ok().stream(), r.err().stream()).toList();
        }
        return List.of();
    }
}
