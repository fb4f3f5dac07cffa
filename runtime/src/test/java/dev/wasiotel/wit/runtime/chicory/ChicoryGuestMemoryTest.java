package dev.wasiotel.wit.runtime.chicory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Bulk reads out of a real Chicory memory: every short length, at both ends of the memory. */
class ChicoryGuestMemoryTest {
    /** A module that only exports one page of memory, hand-assembled. */
    private static final byte[] ONE_PAGE = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
        0x05, 0x03, 0x01, 0x00, 0x01,
        0x07, 0x0a, 0x01, 0x06, 'm', 'e', 'm', 'o', 'r', 'y', 0x02, 0x00};

    private static GuestMemory filled() {
        GuestMemory m = ChicoryHost.builder().build().instantiate(ONE_PAGE).context().memory();
        for (int i = 0; i < m.size(); i++) {
            m.writeByte(i, (byte) (i * 31 + 7));
        }
        return m;
    }

    @Test
    void shortReadsReturnExactlyTheBytesAskedForAnywhere() {
        GuestMemory m = filled();
        int size = (int) m.size();
        for (int length = 0; length <= 80; length++) {
            for (int address : new int[] {0, 1, 5, 100, size - 200, size - length - 3, size - length}) {
                byte[] target = new byte[length + 6];
                Arrays.fill(target, (byte) 0x55);
                m.readBytes(address, target, 3, length);
                byte[] expected = new byte[length + 6];
                Arrays.fill(expected, (byte) 0x55);
                for (int i = 0; i < length; i++) {
                    expected[3 + i] = (byte) ((address + i) * 31 + 7);
                }
                assertArrayEquals(expected, target, "length " + length + " at " + address);
            }
        }
    }

    @Test
    void aReadPastTheEndTrapsAsOutOfBounds() {
        GuestMemory m = filled();
        int size = (int) m.size();
        for (int n = 1; n <= 80; n++) {
            int length = n;
            int address = size - length + 1;
            WitTrap trap = assertThrows(WitTrap.class, () -> m.readBytes(address, new byte[length], 0, length));
            assertEquals(WitTrap.Reason.OUT_OF_BOUNDS, trap.reason(), "length " + length);
        }
    }
}
