package dev.wasiotel.wit.runtime.abi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.runtime.testing.Vectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** layout.json and functions.json: the model's numbers equal the reference's, for every case. */
class LayoutVectorsTest {

    @Test
    void layoutOfEveryType() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (JsonNode c : Vectors.read("layout.json").get("types")) {
            String name = c.get("name").asText();
            try {
                AbiType t = Vectors.type(c.get("type"));
                assertEquals(c.get("size").asInt(), Layout.size(t), "size");
                assertEquals(c.get("align").asInt(), Layout.align(t), "align");
                assertEquals(Vectors.coreTypes(c.get("flat")), Layout.flat(t), "flat");
                if (c.has("fields")) {
                    int[] expected = new int[c.get("fields").size()];
                    for (int i = 0; i < expected.length; i++) {
                        expected[i] = c.get("fields").get(i).get("offset").asInt();
                    }
                    assertArrayEquals(expected, Layout.fieldOffsets(t), "offsets");
                }
                if (c.has("discriminant")) {
                    int bytes = switch0(c.get("discriminant").asText());
                    assertEquals(bytes, Layout.discriminantSize(AbiType.asVariant(t).cases().size()), "discriminant");
                    assertEquals(c.get("payload_offset").asInt(), Layout.payloadOffset(t), "payload offset");
                }
                if (c.has("elem_size")) {
                    AbiType element = ((AbiType.ListOf) t).element();
                    assertEquals(c.get("elem_size").asInt(), Layout.size(element), "element size");
                    assertEquals(c.get("elem_align").asInt(), Layout.align(element), "element align");
                }
                checked++;
            } catch (AssertionError e) {
                failures.add(name + ": " + e.getMessage());
            }
        }
        System.out.println("canonical-abi layout.json [dynamic]: " + checked + " types match");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertEquals(Vectors.read("layout.json").get("count").asInt(), checked);
    }

    private static int switch0(String disc) {
        return disc.equals("u8") ? 1 : disc.equals("u16") ? 2 : 4;
    }

    @Test
    void coreSignaturesOfEveryFunction() {
        JsonNode file = Vectors.read("functions.json");
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (String group : List.of("functions", "synthetic")) {
            for (JsonNode f : file.get(group)) {
                if (!f.has("params")) {
                    continue; // canonical built-ins such as [resource-drop]span have no lowered type
                }
                String name = f.get("name").asText();
                try {
                    List<AbiType> params = new ArrayList<>();
                    for (JsonNode p : f.get("params")) {
                        params.add(Vectors.type(p.get(1)));
                    }
                    Optional<AbiType> result = f.get("result").isNull() ? Optional.empty()
                            : Optional.of(Vectors.type(f.get("result")));
                    FunctionAbi imp = FunctionAbi.forImport(params, result);
                    JsonNode i = f.get("import");
                    assertEquals(Vectors.coreTypes(i.get("params")), imp.coreParams(), "import params");
                    assertEquals(Vectors.coreTypes(i.get("results")), imp.coreResults(), "import results");
                    assertEquals(i.get("params_spilled").asBoolean(), imp.paramsSpilled(), "import params spilled");
                    assertEquals(i.get("results_via_retptr").asBoolean(), imp.resultsSpilled(), "import retptr");
                    FunctionAbi exp = FunctionAbi.forExport(params, result);
                    JsonNode x = f.get("export");
                    assertEquals(Vectors.coreTypes(x.get("params")), exp.coreParams(), "export params");
                    assertEquals(Vectors.coreTypes(x.get("results")), exp.coreResults(), "export results");
                    assertEquals(x.get("params_spilled").asBoolean(), exp.paramsSpilled(), "export params spilled");
                    assertEquals(x.get("results_spilled").asBoolean(), exp.resultsSpilled(), "export results spilled");
                    assertEquals(Vectors.coreTypes(x.get("post_return").get("params")),
                            exp.resultsSpilled() ? List.of(CoreType.I32) : exp.coreResults(), "post-return params");
                    checkTuple(f.get("params_tuple"), imp.paramsTuple());
                    checkTuple(f.get("results_tuple"), imp.resultsTuple());
                    checked++;
                } catch (AssertionError e) {
                    failures.add(name + ": " + e.getMessage());
                }
            }
        }
        System.out.println("canonical-abi functions.json [dynamic]: " + checked + " signatures match");
        assertTrue(failures.isEmpty(), () -> String.join("\n", failures));
        assertTrue(checked >= 40, "checked " + checked);
    }

    private static void checkTuple(JsonNode expected, AbiType tuple) {
        if (expected == null || expected.isNull()) {
            return;
        }
        assertEquals(expected.get("size").asInt(), Layout.size(tuple), "tuple size");
        assertEquals(expected.get("align").asInt(), Layout.align(tuple), "tuple align");
        int[] offsets = new int[expected.get("offsets").size()];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = expected.get("offsets").get(i).asInt();
        }
        assertArrayEquals(offsets, Layout.fieldOffsets(tuple), "tuple offsets");
    }
}
