package dev.wasiotel.wit.runtime.split;

import java.util.Arrays;

/** A function type whose parameter and result types are single-byte value types. */
record FuncType(byte[] params, byte[] results) {
    /** A key equal for equal types (records compare arrays by identity). */
    String key() {
        return Arrays.toString(params) + "->" + Arrays.toString(results);
    }

    void write(ByteWriter w) {
        w.u8(0x60).u32(params.length).bytes(params, 0, params.length).u32(results.length).bytes(results, 0, results.length);
    }

    /** Whether {@code t} is a value type we handle: numbers, v128, funcref, externref. */
    static boolean simpleValType(int t) {
        return t == 0x7F || t == 0x7E || t == 0x7D || t == 0x7C || t == 0x7B || t == 0x70 || t == 0x6F;
    }

    /** JVM argument slots a value of this type takes when Chicory's compiler passes it (long and double take two). */
    static int jvmSlots(byte t) {
        return t == 0x7E || t == 0x7C ? 2 : 1;
    }
}
