package dev.wasiotel.wit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TupleTest {

    @Test
    void pairHasOrderedComponents() {
        Tuple2<String, Integer> t = Tuple2.of("a", 1);
        assertEquals("a", t.v1());
        assertEquals(1, t.v2());
        assertEquals(new Tuple2<>("a", 1), t);
        assertNotEquals(Tuple2.of(1, "a"), t);
        assertEquals(List.of("a", 1), t.toList());
        assertEquals("Tuple2[v1=a, v2=1]", t.toString());
    }

    @Test
    void sixteenIsTheLargest() {
        Tuple16<Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer, Integer,
                Integer, Integer, Integer, Integer, Integer> t =
                Tuple16.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        assertEquals(1, t.v1());
        assertEquals(16, t.v16());
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16), t.toList());
    }

    @Test
    void componentsMayBeOptionalButNotNull() {
        Tuple3<Optional<String>, Long, Boolean> t = Tuple3.of(Optional.empty(), 5L, true);
        assertEquals(Optional.empty(), t.v1());
        assertThrows(NullPointerException.class, () -> Tuple3.of("x", null, true));
    }

    @Test
    void everyArityExists() throws ClassNotFoundException {
        for (int n = 2; n <= 16; n++) {
            Class<?> c = Class.forName("dev.wasiotel.wit.runtime.Tuple" + n);
            assertEquals(n, c.getRecordComponents().length, c.getName());
            assertEquals("v" + n, c.getRecordComponents()[n - 1].getName());
        }
    }
}
