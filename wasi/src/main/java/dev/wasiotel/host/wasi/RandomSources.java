package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.random.insecure.Insecure;
import dev.wasiotel.host.wasi.bindings.wasi.random.insecure_seed.InsecureSeed;
import dev.wasiotel.host.wasi.bindings.wasi.random.random.Random;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.WitTrap;

/**
 * {@code wasi:random/random}, {@code insecure} and {@code insecure-seed}. One request returns at
 * most {@link #MAX_BYTES} bytes; the interface promises exactly the length asked for, so a larger
 * request traps instead of making the host allocate what the guest names.
 */
final class RandomSources implements Random, Insecure, InsecureSeed {
    /** The largest {@code get-random-bytes} / {@code get-insecure-random-bytes} served. */
    static final int MAX_BYTES = 1 << 20;

    private final java.util.Random secure;
    private final java.util.Random insecure;
    private final long seedLow;
    private final long seedHigh;

    RandomSources(WasiConfig config) {
        this.secure = config.secureRandom();
        this.insecure = config.insecureRandom();
        this.seedLow = config.insecureSeedLow();
        this.seedHigh = config.insecureSeedHigh();
    }

    @Override
    public byte[] getRandomBytes(long len) {
        return bytes(secure, len, "get-random-bytes");
    }

    @Override
    public long getRandomU64() {
        return secure.nextLong();
    }

    @Override
    public byte[] getInsecureRandomBytes(long len) {
        return bytes(insecure, len, "get-insecure-random-bytes");
    }

    @Override
    public long getInsecureRandomU64() {
        return insecure.nextLong();
    }

    @Override
    public Tuple2<Long, Long> insecureSeed() {
        return new Tuple2<>(seedLow, seedHigh);
    }

    private static byte[] bytes(java.util.Random source, long len, String function) {
        if (Long.compareUnsigned(len, MAX_BYTES) > 0) {
            throw new WitTrap(WitTrap.Reason.INVALID_ARGUMENT, function + " of " + Long.toUnsignedString(len)
                    + " bytes; this host serves at most " + MAX_BYTES + " per call");
        }
        byte[] out = new byte[(int) len];
        source.nextBytes(out);
        return out;
    }
}
