package dev.wasiotel.host.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The per-call lift budget on the dynamic paths of a component: the result of an export lifted by
 * {@link ComponentInstance#invoke}, and the arguments of a component-internal call lifted from the
 * caller's memory. The {@code aliasing} fixture's 1,000 strings all point at the same 8 MiB of its
 * memory; lifting them all would take 8 GB of heap.
 */
class LiftBudgetComponentTest {
    private static final int MIB = 1 << 20;

    private static ComponentInstance instance() {
        return ComponentHost.builder().build().instantiate(Component.load(ComponentFixtures.bytes("aliasing")));
    }

    private static void assertBudgetTrap(WitTrap trap) {
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.getMessage());
        assertTrue(trap.getMessage().contains("more than 64 MiB of strings and lists")
                && trap.getMessage().contains("maxLiftBytesPerCall"), trap.getMessage());
    }

    @Test
    void anExportReturningAThousandAliasingStringsTraps() {
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> instance().invoke("test:aliasing/api#strings", List.of(1000L))));
        // eight fill the 64 MiB, but the list's elements cost 16 bytes each as well
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> instance().invoke("test:aliasing/api#strings", List.of(8L))));
        List<?> two = (List<?>) instance().invoke("test:aliasing/api#strings", List.of(2L));
        assertEquals(2, two.size());
        assertEquals(8 * MIB, ((String) two.get(1)).length());
    }

    @Test
    void theHostsLimitsSetTheBudget() {
        ComponentHost host = ComponentHost.builder()
                .limits(dev.wasiotel.wit.runtime.GuestLimits.defaults().withMaxLiftBytesPerCall(20L * MIB)).build();
        Component aliasing = Component.load(ComponentFixtures.bytes("aliasing"));
        WitTrap trap = assertThrows(WitTrap.class,
                () -> host.instantiate(aliasing).invoke("test:aliasing/api#strings", List.of(3L)));
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, trap.reason(), trap.getMessage());
        assertTrue(trap.getMessage().contains("more than 20 MiB"), trap.getMessage());
        assertEquals(WitTrap.Reason.RESOURCE_LIMIT, assertThrows(WitTrap.class,
                () -> host.instantiate(aliasing).invoke("test:aliasing/api#pass", List.of(3L))).reason());
        assertEquals(2L, host.instantiate(aliasing).invoke("test:aliasing/api#pass", List.of(2L)));
    }

    @Test
    void aComponentInternalCallPassingAThousandAliasingStringsTraps() {
        assertBudgetTrap(assertThrows(WitTrap.class,
                () -> instance().invoke("test:aliasing/api#pass", List.of(1000L))));
        ComponentInstance instance = instance();
        assertEquals(2L, instance.invoke("test:aliasing/api#pass", List.of(2L)));
        assertEquals(2L, instance.invoke("test:aliasing/api#pass", List.of(2L)), "each call has a budget of its own");
    }
}
