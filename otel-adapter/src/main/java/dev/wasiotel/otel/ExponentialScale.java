package dev.wasiotel.otel;

/**
 * Brings an exponential histogram point within the SDK's and OTLP's scale range ({@value
 * #MIN_SCALE}..{@value #MAX_SCALE}) and a bucket cap by downscaling: lowering the scale by {@code k}
 * merges each run of {@code 2^k} adjacent buckets (bucket index {@code i} becomes {@code i >> k}),
 * exactly what the SDK's own aggregation does when its buckets overflow. Counts are kept, so the
 * point's count and sum stay right; only the resolution drops.
 */
final class ExponentialScale {
    /** The lowest scale the SDK and OTLP allow. */
    static final int MIN_SCALE = -10;
    /** The highest scale the SDK and OTLP allow. */
    static final int MAX_SCALE = 20;

    private ExponentialScale() {
    }

    /**
     * A point's buckets after fitting.
     *
     * @param scale the new scale
     * @param positiveOffset index of the first positive bucket
     * @param positive positive bucket counts
     * @param negativeOffset index of the first negative bucket
     * @param negative negative bucket counts
     */
    record Fitted(int scale, int positiveOffset, long[] positive, int negativeOffset, long[] negative) {
    }

    /**
     * The buckets at the highest scale not above {@value #MAX_SCALE} with at most {@code maxBuckets}
     * per sign (at least 2); null if that scale would be below {@value #MIN_SCALE} (or the scale
     * already is), i.e. the point cannot be represented.
     */
    static Fitted fit(int scale, int positiveOffset, long[] positive, int negativeOffset, long[] negative,
            int maxBuckets) {
        if (scale < MIN_SCALE) {
            return null;
        }
        int k = Math.max(0, scale - MAX_SCALE);
        // each step at least halves the width of the index range, which ends at 1 or 2 buckets
        while (width(positiveOffset, positive.length, k) > maxBuckets || width(negativeOffset, negative.length, k) > maxBuckets) {
            k++;
        }
        if (k == 0) {
            return new Fitted(scale, positiveOffset, positive, negativeOffset, negative);
        }
        if (scale - k < MIN_SCALE) {
            return null;
        }
        return new Fitted(scale - k, shift(positiveOffset, k), downscale(positiveOffset, positive, k),
                shift(negativeOffset, k), downscale(negativeOffset, negative, k));
    }

    /** Buckets {@code offset .. offset+length-1} take after downscaling by {@code k}. */
    private static long width(int offset, int length, int k) {
        if (length == 0) {
            return 0;
        }
        long first = offset;
        long last = first + length - 1;
        return shift(last, k) - shift(first, k) + 1;
    }

    /** {@code index >> k} as a floor division by {@code 2^k}, for any {@code k >= 0}. */
    private static int shift(long index, int k) {
        return (int) (index >> Math.min(k, 63));
    }

    private static long[] downscale(int offset, long[] counts, int k) {
        if (counts.length == 0) {
            return counts;
        }
        int first = shift(offset, k);
        long[] out = new long[(int) width(offset, counts.length, k)];
        for (int i = 0; i < counts.length; i++) {
            int j = shift((long) offset + i, k) - first;
            long c = counts[i];
            out[j] = c > Long.MAX_VALUE - out[j] ? Long.MAX_VALUE : out[j] + c;
        }
        return out;
    }
}
