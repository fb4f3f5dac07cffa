package dev.wasiotel.wit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class ResourceTableTest {

    private static final ResourceType SPAN = new ResourceType("wasi:otel/tracing", "span");
    private static final ResourceType METER = new ResourceType("wasi:otel/metrics", "meter");

    private static WitTrap assertTrap(Executable action) {
        WitTrap trap = assertThrows(WitTrap.class, action);
        assertEquals(WitTrap.Reason.INVALID_HANDLE, trap.reason());
        return trap;
    }

    /** A representation that records whether it was closed. */
    private static final class Closeable implements AutoCloseable {
        int closed;

        @Override
        public void close() {
            closed++;
        }
    }

    @Test
    void anAliasStandsForTheTypeEverywhere() {
        ResourceTable table = new ResourceTable();
        ResourceType defined = new ResourceType("component", "resource0");
        ResourceType exported = new ResourceType("my:pkg/iface", "counter");
        table.alias(exported, defined);
        int h = table.addOwn(defined, 7);
        assertEquals(Integer.valueOf(7), table.get(h, exported));
        assertEquals(7, table.removeOwn(h, exported));
        int h2 = table.addOwn(exported, 8);
        assertEquals(Integer.valueOf(8), table.get(h2, defined), "added under the alias, found under the type");
        assertEquals(WitTrap.Reason.INVALID_HANDLE, assertThrows(WitTrap.class, () -> table.get(h2, SPAN)).reason());
        table.alias(exported, defined); // the same again is fine
        assertThrows(IllegalArgumentException.class, () -> table.alias(exported, METER));
    }

    @Test
    void handlesStartAtOneAndZeroIsNeverValid() {
        ResourceTable table = new ResourceTable();
        WitTrap trap = assertTrap(() -> table.get(0, SPAN));
        assertTrue(trap.getMessage().contains("handle 0"), trap.getMessage());
        int h = table.addOwn(SPAN, "s");
        assertEquals(1, h);
        assertEquals(2, table.addOwn(SPAN, "t"));
        assertTrap(() -> table.get(0, SPAN));
        assertTrap(() -> table.drop(0, SPAN));
        assertTrap(() -> table.removeOwn(0, SPAN));
        assertFalse(table.contains(0));
    }

    @Test
    void getReturnsTheRepresentation() {
        ResourceTable table = new ResourceTable();
        Object rep = new Object();
        int h = table.addOwn(SPAN, rep);
        assertSame(rep, table.get(h, SPAN));
        assertTrue(table.contains(h));
        assertEquals(1, table.size());
    }

    @Test
    void neverAllocatedAndNegativeHandlesTrap() {
        ResourceTable table = new ResourceTable();
        table.addOwn(SPAN, "s");
        assertTrap(() -> table.get(2, SPAN));
        assertTrap(() -> table.get(1000, SPAN));
        WitTrap trap = assertTrap(() -> table.get(-1, SPAN));
        assertTrue(trap.getMessage().contains("4294967295"), trap.getMessage());
    }

    @Test
    void handleNumbersAreReusedAfterDrop() {
        ResourceTable table = new ResourceTable();
        int a = table.addOwn(SPAN, "a");
        int b = table.addOwn(SPAN, "b");
        int c = table.addOwn(SPAN, "c");
        table.drop(b, SPAN);
        table.drop(a, SPAN);
        assertEquals(a, table.addOwn(SPAN, "d"), "most recently freed first");
        assertEquals(b, table.addOwn(METER, "e"));
        assertEquals(4, table.addOwn(SPAN, "f"));
        assertEquals("c", table.get(c, SPAN));
        assertEquals("e", table.get(b, METER));
        assertEquals(4, table.size());
    }

    @Test
    void wrongTypeTraps() {
        ResourceTable table = new ResourceTable();
        int h = table.addOwn(SPAN, "s");
        WitTrap trap = assertTrap(() -> table.get(h, METER));
        assertTrue(trap.getMessage().contains("wasi:otel/tracing#span"), trap.getMessage());
        assertTrue(trap.getMessage().contains("wasi:otel/metrics#meter"), trap.getMessage());
        assertTrap(() -> table.drop(h, METER));
        assertTrap(() -> table.removeOwn(h, METER));
        assertEquals("s", table.get(h, SPAN), "a trap leaves the table as it was");
        assertEquals("s", table.get(h, new ResourceType("wasi:otel/tracing", "span")), "types compare by name");
    }

    @Test
    void doubleDropTraps() {
        ResourceTable table = new ResourceTable();
        Closeable rep = new Closeable();
        int h = table.addOwn(SPAN, rep);
        table.drop(h, SPAN);
        assertTrap(() -> table.drop(h, SPAN));
        assertEquals(1, rep.closed);
        assertEquals(0, table.size());
    }

    @Test
    void useAfterDropTraps() {
        ResourceTable table = new ResourceTable();
        int h = table.addOwn(SPAN, "s");
        table.addOwn(SPAN, "other");
        table.drop(h, SPAN);
        assertFalse(table.contains(h));
        WitTrap trap = assertTrap(() -> table.get(h, SPAN));
        assertTrue(trap.getMessage().contains("not live"), trap.getMessage());
        assertTrap(() -> table.removeOwn(h, SPAN));
    }

    @Test
    void removeOwnTransfersWithoutClosing() {
        ResourceTable table = new ResourceTable();
        Closeable rep = new Closeable();
        int h = table.addOwn(SPAN, rep);
        assertSame(rep, table.removeOwn(h, SPAN));
        assertEquals(0, rep.closed);
        assertEquals(0, table.size());
        assertTrap(() -> table.get(h, SPAN));
    }

    @Test
    void closeIsCalledOnDrop() {
        ResourceTable table = new ResourceTable();
        Closeable rep = new Closeable();
        int h = table.addOwn(SPAN, rep);
        assertEquals(0, rep.closed);
        table.drop(h, SPAN);
        assertEquals(1, rep.closed);
    }

    @Test
    void registeredDestructorReplacesClose() {
        ResourceTable table = new ResourceTable();
        List<Object> destroyed = new ArrayList<>();
        table.setDestructor(SPAN, destroyed::add);
        Closeable rep = new Closeable();
        table.drop(table.addOwn(SPAN, rep), SPAN);
        assertEquals(List.of(rep), destroyed);
        assertEquals(0, rep.closed);
        Closeable meter = new Closeable();
        table.drop(table.addOwn(METER, meter), METER);
        assertEquals(1, meter.closed, "other types keep the default");
        table.setDestructor(SPAN, null);
        Closeable again = new Closeable();
        table.drop(table.addOwn(SPAN, again), SPAN);
        assertEquals(1, again.closed);
        assertEquals(1, destroyed.size());
    }

    @Test
    void failingCloseStillRemovesTheHandle() {
        ResourceTable table = new ResourceTable();
        AutoCloseable failing = () -> {
            throw new IOException("boom");
        };
        int h = table.addOwn(SPAN, failing);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> table.drop(h, SPAN));
        assertTrue(e.getCause() instanceof IOException);
        assertFalse(table.contains(h));
        AutoCloseable unchecked = () -> {
            throw new UnsupportedOperationException("nope");
        };
        int h2 = table.addOwn(SPAN, unchecked);
        assertThrows(UnsupportedOperationException.class, () -> table.drop(h2, SPAN));
        assertFalse(table.contains(h2));
    }

    @Test
    void dropWithOutstandingBorrowTraps() {
        ResourceTable table = new ResourceTable();
        Closeable rep = new Closeable();
        int h = table.addOwn(SPAN, rep);
        try (ResourceTable.CallScope call = table.enterCall()) {
            assertSame(rep, call.liftBorrow(h, SPAN));
            WitTrap trap = assertTrap(() -> table.drop(h, SPAN));
            assertTrue(trap.getMessage().contains("lent"), trap.getMessage());
            assertTrap(() -> table.removeOwn(h, SPAN));
            assertSame(rep, table.get(h, SPAN), "plain access is still fine");
        }
        assertEquals(0, rep.closed);
        table.drop(h, SPAN);
        assertEquals(1, rep.closed);
    }

    @Test
    void lendsNestAndEndWithTheirScope() {
        ResourceTable table = new ResourceTable();
        int h = table.addOwn(SPAN, "s");
        ResourceTable.CallScope outer = table.enterCall();
        outer.liftBorrow(h, SPAN);
        try (ResourceTable.CallScope inner = table.enterCall()) {
            inner.liftBorrow(h, SPAN);
            inner.liftBorrow(h, SPAN);
        }
        assertTrap(() -> table.drop(h, SPAN));
        outer.close();
        table.drop(h, SPAN);
    }

    @Test
    void liftBorrowChecksTheHandle() {
        ResourceTable table = new ResourceTable();
        int h = table.addOwn(SPAN, "s");
        try (ResourceTable.CallScope call = table.enterCall()) {
            assertTrap(() -> call.liftBorrow(0, SPAN));
            assertTrap(() -> call.liftBorrow(h + 1, SPAN));
            assertTrap(() -> call.liftBorrow(h, METER));
        }
        table.drop(h, SPAN);
    }

    @Test
    void borrowsLentToTheGuestMustBeDroppedBeforeTheCallEnds() {
        ResourceTable table = new ResourceTable();
        Closeable hostObject = new Closeable();
        try (ResourceTable.CallScope call = table.enterCall()) {
            int b = call.lowerBorrow(SPAN, hostObject);
            assertEquals(1, call.outstandingBorrows());
            assertSame(hostObject, table.get(b, SPAN));
            assertTrap(() -> table.removeOwn(b, SPAN));
            table.drop(b, SPAN);
            assertEquals(0, call.outstandingBorrows());
        }
        assertEquals(0, hostObject.closed, "dropping a borrow destroys nothing");
        assertEquals(0, table.size());
    }

    @Test
    void borrowsStillHeldWhenTheCallEndsTrapAndAreReleased() {
        ResourceTable table = new ResourceTable();
        int own = table.addOwn(SPAN, "own");
        ResourceTable.CallScope call = table.enterCall();
        int b1 = call.lowerBorrow(SPAN, "x");
        int b2 = call.lowerBorrow(METER, "y");
        table.drop(b1, SPAN);
        WitTrap trap = assertTrap(call::close);
        assertTrue(trap.getMessage().contains("[" + b2 + "]"), trap.getMessage());
        assertFalse(table.contains(b2), "the guest cannot use a borrow after its call");
        assertTrap(() -> table.get(b2, METER));
        assertEquals(1, table.size());
        assertEquals("own", table.get(own, SPAN));
        call.close(); // closing again does nothing
        assertThrows(IllegalStateException.class, () -> call.lowerBorrow(SPAN, "z"));
        assertThrows(IllegalStateException.class, () -> call.liftBorrow(own, SPAN));
    }

    @Test
    void aBorrowLentBackToTheHostCannotBeDroppedDuringThatCall() {
        ResourceTable table = new ResourceTable();
        try (ResourceTable.CallScope export = table.enterCall()) {
            int b = export.lowerBorrow(SPAN, "host span");
            try (ResourceTable.CallScope hostCall = table.enterCall()) {
                assertEquals("host span", hostCall.liftBorrow(b, SPAN));
                assertTrap(() -> table.drop(b, SPAN));
            }
            table.drop(b, SPAN);
        }
    }

    @Test
    void maxHandlesLimitTraps() {
        ResourceTable table = new ResourceTable(3);
        assertEquals(3, table.maxHandles());
        table.addOwn(SPAN, "a");
        int b = table.addOwn(SPAN, "b");
        table.addOwn(SPAN, "c");
        WitTrap trap = assertTrap(() -> table.addOwn(SPAN, "d"));
        assertTrue(trap.getMessage().contains("resource table full"), trap.getMessage());
        try (ResourceTable.CallScope call = table.enterCall()) {
            assertTrap(() -> call.lowerBorrow(SPAN, "e"));
        }
        table.drop(b, SPAN);
        assertEquals(b, table.addOwn(SPAN, "f"));
        assertEquals(3, table.size());
    }

    @Test
    void defaultAndInvalidLimits() {
        assertEquals(1 << 20, new ResourceTable().maxHandles());
        assertThrows(IllegalArgumentException.class, () -> new ResourceTable(0));
        assertThrows(IllegalArgumentException.class, () -> new ResourceTable(1 << 28));
        assertEquals((1 << 28) - 1, new ResourceTable(ResourceTable.MAX_HANDLES_LIMIT).maxHandles());
    }

    @Test
    void growsPastItsInitialCapacity() {
        ResourceTable table = new ResourceTable(1000);
        for (int i = 1; i <= 1000; i++) {
            assertEquals(i, table.addOwn(SPAN, i));
        }
        assertTrap(() -> table.addOwn(SPAN, 0));
        for (int i = 1; i <= 1000; i++) {
            assertEquals(i, (int) table.get(i, SPAN));
        }
    }

    @Test
    void hostMistakesAreNotTraps() {
        ResourceTable table = new ResourceTable();
        assertThrows(NullPointerException.class, () -> table.addOwn(SPAN, null));
        assertThrows(NullPointerException.class, () -> table.addOwn(null, "x"));
        assertThrows(NullPointerException.class, () -> new ResourceType("i", null));
        assertThrows(IllegalArgumentException.class, () -> new ResourceType("i", ""));
        assertEquals("wasi:otel/tracing#span", SPAN.toString());
    }
}
