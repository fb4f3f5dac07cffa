package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.Type;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The WIT types the generator sees have the layouts the reference computed: every named wasi:otel
 * type of layout.json, reached through the parser and {@link AbiTypes}.
 */
class AbiTypesTest {

    @Test
    void wasiOtelTypesHaveTheReferenceLayout() throws WitParseException, IOException {
        Path shared = Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"));
        ResolvedPackage pkg = new WitLoader(WitOptions.DEFAULTS).load(shared.resolve("wit/wasi-otel"));
        AbiTypes abi = new AbiTypes(pkg.resolve());
        JsonNode layout = new ObjectMapper().readTree(shared.resolve("conformance/canonical-abi/layout.json").toFile());
        int checked = 0;
        for (JsonNode c : layout.get("types")) {
            JsonNode wit = c.get("wit");
            if (wit == null || !wit.get("interface").asText().startsWith("wasi:otel/")) {
                continue;
            }
            String iface = wit.get("interface").asText();
            String ifaceName = iface.substring(iface.indexOf('/') + 1, iface.indexOf('@'));
            Interface i = pkg.resolve().interfaces().get(pkg.main().interfaces().get(ifaceName));
            AbiType t = abi.of(new Type.Ref(i.types().get(wit.get("name").asText())));
            assertEquals(c.get("size").asInt(), Layout.size(t), c.get("name").asText());
            assertEquals(c.get("align").asInt(), Layout.align(t), c.get("name").asText());
            assertEquals(c.get("flat").size(), Layout.flat(t).size(), c.get("name").asText());
            checked++;
        }
        System.out.println("wasi:otel types with the reference layout: " + checked);
        assertEquals(true, checked >= 20, "checked " + checked);
    }
}
