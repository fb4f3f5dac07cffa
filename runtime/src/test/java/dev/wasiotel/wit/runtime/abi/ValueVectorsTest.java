package dev.wasiotel.wit.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.WitTrap;
import dev.wasiotel.wit.runtime.testing.BumpAllocator;
import dev.wasiotel.wit.runtime.testing.VectorValues;
import dev.wasiotel.wit.runtime.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** lift.json, traps.json, normalise.json and store.json against {@link DynamicCanon}. */
class ValueVectorsTest {

    @Test
    void liftLoadAndFlat() {
        JsonNode file = Vectors.read("lift.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : file.get("load")) {
            checked += check(failures, c, () -> lift(c, "load"));
        }
        for (JsonNode c : file.get("lift_flat")) {
            checked += check(failures, c, () -> lift(c, "lift_flat"));
        }
        System.out.println("canonical-abi lift.json [dynamic]: " + checked + " cases lift to the reference's values");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    @Test
    void normalisedInputsDoNotTrap() {
        JsonNode file = Vectors.read("normalise.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : file.get("cases")) {
            checked += check(failures, c, () -> lift(c, c.get("mode").asText()));
        }
        System.out.println("canonical-abi normalise.json [dynamic]: " + checked + " cases normalise like the reference");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    @Test
    void everyTrapCaseTrapsWithWitTrap() {
        JsonNode file = Vectors.read("traps.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : file.get("cases")) {
            ByteArrayMemory memory = new ByteArrayMemory(Vectors.memory(c));
            DynamicCanon canon = new DynamicCanon(memory, Vectors.encoding(c), null);
            String mode = c.get("mode").asText();
            try {
                if (mode.equals("load")) {
                    canon.load(Vectors.type(c.get("type")), c.get("ptr").asInt());
                } else if (mode.equals("lift_flat")) {
                    canon.liftFlat(Vectors.type(c.get("type")),
                            new DynamicCanon.FlatReader(VectorValues.flat(c.get("flat_types"), c.get("flat"))));
                } else {
                    List<AbiType> types = new ArrayList<>();
                    for (JsonNode t : c.get("types")) {
                        types.add(Vectors.type(t));
                    }
                    canon.liftSpilled(types, (int) c.get("ptr").asLong());
                }
                failures.add(VectorValues.describe(c) + ": did not trap");
            } catch (WitTrap trap) {
                WitTrap.Reason expected = Vectors.trapReason(c);
                if (trap.reason() != expected) {
                    failures.add(VectorValues.describe(c) + ": trapped with " + trap.reason() + ", expected " + expected);
                } else {
                    checked++;
                }
            } catch (Throwable t) {
                failures.add(VectorValues.describe(c) + ": threw " + t);
            }
        }
        System.out.println("canonical-abi traps.json [dynamic]: " + checked + " cases trap with the reference's reason");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), checked);
    }

    @Test
    void storeAndLowerFlat() {
        JsonNode file = Vectors.read("store.json");
        List<String> failures = new ArrayList<>();
        int exact = 0;
        int semantic = 0;
        for (JsonNode c : file.get("cases")) {
            try {
                boolean byteExact = store(c);
                if (byteExact) {
                    exact++;
                } else {
                    semantic++;
                }
            } catch (Throwable t) {
                failures.add(VectorValues.describe(c) + ": " + t);
            }
        }
        System.out.println("canonical-abi store.json [dynamic]: " + exact + " cases byte-identical, " + semantic
                + " with NaN compared by lifting back");
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures:\n" + String.join("\n", failures));
        assertEquals(file.get("count").asInt(), exact + semantic);
    }

    /** Stores a case; returns true when compared byte for byte, false when semantically. */
    private static boolean store(JsonNode c) {
        AbiType type = Vectors.type(c.get("type"));
        StringEncoding encoding = Vectors.encoding(c);
        Object value = VectorValues.value(type, c.get("value"));
        // A utf8-source case is lowered from UTF-8 bytes, as such a host would; NaN bits may differ.
        Object input = VectorValues.value(type, c.get("value"), c.get("src_encoding").asText().equals("utf8"));
        boolean exact = !c.has("nondeterministic_nan");

        ByteArrayMemory memory = new ByteArrayMemory(c.get("memory_size").asInt());
        BumpAllocator alloc = new BumpAllocator(memory, c.get("base").asInt());
        DynamicCanon canon = new DynamicCanon(memory, encoding, alloc);
        int ptr = alloc.realloc(0, 0, Layout.align(type), Layout.size(type));
        assertEquals(c.get("ptr").asInt(), ptr, "outer pointer");
        canon.store(type, input, ptr);
        assertEquals(value, canon.load(type, ptr), "lifts back to the stored value");
        JsonNode region = c.get("region");
        if (exact) {
            assertEquals(region.get("end").asInt(), alloc.next(), "allocator end");
            assertEquals(region.get("hex").asText(), Vectors.hex(memory.bytes(), region.get("start").asInt(),
                    region.get("end").asInt()), "bytes");
            assertEquals(c.get("realloc_log").toString(), alloc.log(), "realloc log");
        }

        JsonNode flatCase = c.get("lower_flat");
        ByteArrayMemory flatMemory = new ByteArrayMemory(c.get("memory_size").asInt());
        BumpAllocator flatAlloc = new BumpAllocator(flatMemory, c.get("base").asInt());
        DynamicCanon flatCanon = new DynamicCanon(flatMemory, encoding, flatAlloc);
        long[] flat = flatCanon.lowerFlat(type, input);
        assertEquals(value, flatCanon.liftFlat(type, new DynamicCanon.FlatReader(flat)), "lift_flat back");
        if (exact) {
            long[] expected = VectorValues.flat(flatCase.get("flat_types"), flatCase.get("flat"));
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(flat), "flat values");
            JsonNode flatRegion = flatCase.get("region");
            assertEquals(flatRegion.get("hex").asText(), Vectors.hex(flatMemory.bytes(),
                    flatRegion.get("start").asInt(), flatRegion.get("end").asInt()), "flat bytes");
        }
        return exact;
    }

    private interface Body {
        void run();
    }

    private static int check(List<String> failures, JsonNode c, Body body) {
        try {
            body.run();
            return 1;
        } catch (Throwable t) {
            failures.add(VectorValues.describe(c) + ": " + t);
            return 0;
        }
    }

    private static void lift(JsonNode c, String mode) {
        AbiType type = Vectors.type(c.get("type"));
        DynamicCanon canon = new DynamicCanon(new ByteArrayMemory(Vectors.memory(c)), Vectors.encoding(c), null);
        Object actual = mode.equals("load") ? canon.load(type, c.get("ptr").asInt())
                : canon.liftFlat(type, new DynamicCanon.FlatReader(VectorValues.flat(c.get("flat_types"), c.get("flat"))));
        assertEquals(VectorValues.value(type, c.get("value")), actual);
    }
}
