package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Claims of counts and lengths larger than the bytes behind them are refused before Chicory allocates on them. */
class ClaimedSizesTest {
    private static final byte[] HEADER = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};

    private static byte[] module(int... sectionBytes) {
        byte[] m = new byte[HEADER.length + sectionBytes.length];
        System.arraycopy(HEADER, 0, m, 0, HEADER.length);
        for (int i = 0; i < sectionBytes.length; i++) {
            m[HEADER.length + i] = (byte) sectionBytes[i];
        }
        return m;
    }

    @Test
    void aFunctionTypeClaimingBillionsOfParametersIsRefusedWithoutAllocating() {
        // type section: one func type claiming 0x5a000000 parameters (about 1.5 billion)
        byte[] m = module(0x01, 0x08, 0x01, 0x60, 0x80, 0x80, 0x80, 0xd0, 0x05, 0x00);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChicoryHost.parse(m));
        assertTrue(e.getMessage().contains("parameters of function type 0"), e.getMessage());
    }

    @Test
    void anImportNameLongerThanItsSectionIsRefused() {
        // import section: one import whose module name claims 2^31 bytes
        byte[] m = module(0x02, 0x08, 0x01, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00, 0x00);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChicoryHost.parse(m));
        assertTrue(e.getMessage().contains("import's module name"), e.getMessage());
    }

    @Test
    void aFunctionWithTooManyLocalsIsRefused() {
        // type () -> (), one function, body: one group of 100000 i32 locals, end
        byte[] m = module(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                0x0a, 0x08, 0x01, 0x06, 0x01, 0xa0, 0x8d, 0x06, 0x7f, 0x0b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ChicoryHost.parse(m));
        assertTrue(e.getMessage().contains("locals"), e.getMessage());
    }

    @Test
    void aModuleWithinItsClaimsParses() {
        // type () -> (), one function with 2 i32 locals
        byte[] m = module(0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                0x0a, 0x06, 0x01, 0x04, 0x01, 0x02, 0x7f, 0x0b);
        assertDoesNotThrow(() -> ChicoryHost.parse(m));
    }
}
