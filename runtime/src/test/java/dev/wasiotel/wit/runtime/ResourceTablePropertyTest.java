package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.runtime.testing.SeededRuns;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random programs of table operations, run against {@link ResourceTable} and against a small model
 * written straight from the canonical ABI's rules: the two agree on every result, every trap and
 * every handle number, and the table throws nothing but {@link WitTrap}.
 */
class ResourceTablePropertyTest {

    private static final int MAX_HANDLES = 6;
    private static final ResourceType[] TYPES = {
        new ResourceType("test:x/a", "alpha"), new ResourceType("test:x/b", "beta")
    };

    enum Kind { ADD, GET, DROP, REMOVE_OWN, ENTER, EXIT, LIFT_BORROW, LOWER_BORROW }

    record Op(Kind kind, int handle, int type) {
    }

    /** What one operation gave: a trap, or a value (a handle, a representation, or null). */
    record Outcome(boolean trapped, Object value) {
    }

    /** Operation kinds weighted as ADD 6, GET 4, DROP 4, REMOVE_OWN 2, ENTER 2, EXIT 2, LIFT_BORROW 3, LOWER_BORROW 3. */
    private static final int[] WEIGHTS = {6, 4, 4, 2, 2, 2, 3, 3};

    /** A random program of up to 80 operations on handles from -1 to MAX_HANDLES + 3. */
    static List<Op> program(Random r) {
        List<Op> ops = new ArrayList<>();
        for (int n = r.nextInt(81); n > 0; n--) {
            int pick = r.nextInt(26);
            int kind = 0;
            while (pick >= WEIGHTS[kind]) {
                pick -= WEIGHTS[kind++];
            }
            ops.add(new Op(Kind.values()[kind], r.nextInt(MAX_HANDLES + 5) - 1, r.nextInt(TYPES.length)));
        }
        return ops;
    }

    @Test
    void tableAgreesWithModel() {
        SeededRuns.run("tableAgreesWithModel", 0x7AB1EL, 2000, ResourceTablePropertyTest::program,
                ResourceTablePropertyTest::check);
    }

    private static void check(List<Op> program) {
        ResourceTable table = new ResourceTable(MAX_HANDLES);
        List<Object> destroyed = new ArrayList<>();
        for (ResourceType t : TYPES) {
            table.setDestructor(t, destroyed::add);
        }
        Deque<ResourceTable.CallScope> scopes = new ArrayDeque<>();
        Model model = new Model();

        for (Op op : program) {
            Object rep = new Object();
            Outcome expected = model.apply(op, rep);
            Outcome actual = run(table, scopes, op, rep);
            assertEquals(expected.trapped(), actual.trapped(), () -> op + " trapped?");
            if (expected.value() instanceof Integer) {
                assertEquals(expected.value(), actual.value(), () -> op + " handle");
            } else {
                assertSame(expected.value(), actual.value(), () -> op + " value");
            }
            assertEquals(model.live.size(), table.size(), () -> op + " size");
            for (int h = -1; h <= MAX_HANDLES + 3; h++) {
                assertEquals(model.live.containsKey(h), table.contains(h), "contains " + h + " after " + op);
            }
            assertEquals(model.destroyed.size(), destroyed.size(), () -> op + " destroyed");
            for (int i = 0; i < destroyed.size(); i++) {
                assertSame(model.destroyed.get(i), destroyed.get(i));
            }
        }
        // End every open call; both sides must agree on the traps there too.
        while (!model.scopes.isEmpty()) {
            Op exit = new Op(Kind.EXIT, 0, 0);
            Outcome expected = model.apply(exit, null);
            Outcome actual = run(table, scopes, exit, null);
            assertEquals(expected.trapped(), actual.trapped());
        }
        assertEquals(model.live.size(), table.size());
    }

    /** Runs one operation on the table; anything thrown other than a WitTrap fails the property. */
    private static Outcome run(ResourceTable table, Deque<ResourceTable.CallScope> scopes, Op op, Object rep) {
        ResourceType type = TYPES[op.type()];
        try {
            switch (op.kind()) {
                case ADD:
                    return new Outcome(false, table.addOwn(type, rep));
                case GET:
                    return new Outcome(false, table.get(op.handle(), type));
                case DROP:
                    table.drop(op.handle(), type);
                    return new Outcome(false, null);
                case REMOVE_OWN:
                    return new Outcome(false, table.removeOwn(op.handle(), type));
                case ENTER:
                    scopes.push(table.enterCall());
                    return new Outcome(false, null);
                case EXIT:
                    if (scopes.isEmpty()) {
                        return new Outcome(false, null);
                    }
                    scopes.pop().close();
                    return new Outcome(false, null);
                case LIFT_BORROW:
                    if (scopes.isEmpty()) {
                        return new Outcome(false, null);
                    }
                    return new Outcome(false, scopes.peek().liftBorrow(op.handle(), type));
                case LOWER_BORROW:
                    if (scopes.isEmpty()) {
                        return new Outcome(false, null);
                    }
                    return new Outcome(false, scopes.peek().lowerBorrow(type, rep));
                default:
                    throw new AssertionError(op);
            }
        } catch (WitTrap trap) {
            assertEquals(WitTrap.Reason.INVALID_HANDLE, trap.reason());
            return new Outcome(true, null);
        }
    }

    /** The rules, written as plainly as possible. */
    private static final class Model {
        static final class Slot {
            final int type;
            final Object rep;
            final ModelScope scope; // null: own
            int lends;

            Slot(int type, Object rep, ModelScope scope) {
                this.type = type;
                this.rep = rep;
                this.scope = scope;
            }
        }

        static final class ModelScope {
            final List<Slot> lenders = new ArrayList<>();
            final List<Integer> lowered = new ArrayList<>();
            final List<Slot> loweredSlots = new ArrayList<>();
        }

        final Map<Integer, Slot> live = new HashMap<>();
        final Deque<Integer> free = new ArrayDeque<>(); // a stack: last freed, first reused
        int next = 1;
        final Deque<ModelScope> scopes = new ArrayDeque<>();
        final List<Object> destroyed = new ArrayList<>();

        private static final Outcome TRAP = new Outcome(true, null);
        private static final Outcome NONE = new Outcome(false, null);

        Outcome apply(Op op, Object rep) {
            switch (op.kind()) {
                case ADD:
                    return insert(op.type(), rep, null);
                case GET: {
                    Slot s = find(op.handle(), op.type());
                    return s == null ? TRAP : new Outcome(false, s.rep);
                }
                case DROP: {
                    Slot s = find(op.handle(), op.type());
                    if (s == null || s.lends > 0) {
                        return TRAP;
                    }
                    free(op.handle());
                    if (s.scope == null) {
                        destroyed.add(s.rep);
                    }
                    return NONE;
                }
                case REMOVE_OWN: {
                    Slot s = find(op.handle(), op.type());
                    if (s == null || s.scope != null || s.lends > 0) {
                        return TRAP;
                    }
                    free(op.handle());
                    return new Outcome(false, s.rep);
                }
                case ENTER:
                    scopes.push(new ModelScope());
                    return NONE;
                case EXIT: {
                    if (scopes.isEmpty()) {
                        return NONE;
                    }
                    ModelScope scope = scopes.pop();
                    for (Slot s : scope.lenders) {
                        s.lends--;
                    }
                    boolean leftOver = false;
                    for (int i = 0; i < scope.lowered.size(); i++) {
                        int h = scope.lowered.get(i);
                        if (live.get(h) == scope.loweredSlots.get(i)) {
                            free(h);
                            leftOver = true;
                        }
                    }
                    return leftOver ? TRAP : NONE;
                }
                case LIFT_BORROW: {
                    if (scopes.isEmpty()) {
                        return NONE;
                    }
                    Slot s = find(op.handle(), op.type());
                    if (s == null) {
                        return TRAP;
                    }
                    s.lends++;
                    scopes.peek().lenders.add(s);
                    return new Outcome(false, s.rep);
                }
                case LOWER_BORROW: {
                    if (scopes.isEmpty()) {
                        return NONE;
                    }
                    return insert(op.type(), rep, scopes.peek());
                }
                default:
                    throw new AssertionError(op);
            }
        }

        private Slot find(int handle, int type) {
            Slot s = live.get(handle);
            if (s == null || s.type != type) {
                return null;
            }
            return s;
        }

        private Outcome insert(int type, Object rep, ModelScope scope) {
            if (live.size() >= MAX_HANDLES) {
                return TRAP;
            }
            int h = free.isEmpty() ? next++ : free.pop();
            Slot s = new Slot(type, rep, scope);
            live.put(h, s);
            if (scope != null) {
                scope.lowered.add(h);
                scope.loweredSlots.add(s);
            }
            return new Outcome(false, h);
        }

        private void free(int handle) {
            live.remove(handle);
            free.push(handle);
        }
    }
}
