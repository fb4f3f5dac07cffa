package dev.wasiotel.wit.maven;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * What the plugin jar tells Maven and IDEs: the descriptor the plugin tooling generated from the
 * Mojo (goal, default phase, documented parameters) and the m2e lifecycle metadata.
 */
class PluginMetadataTest {

    private static String resource(String name) throws IOException {
        try (InputStream in = PluginMetadataTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void descriptorHasTheGoalItsPhaseAndParameterDocumentation() throws IOException {
        String xml = resource("META-INF/maven/plugin.xml");
        assertTrue(xml.contains("<goalPrefix>wit</goalPrefix>"), "goal prefix");
        int mojo = xml.indexOf("<goal>generate-bindings</goal>");
        assertTrue(mojo > 0, "the goal");
        String generate = xml.substring(mojo, xml.indexOf("</mojo>", mojo));
        assertTrue(generate.contains("<phase>generate-sources</phase>"), "default phase");
        assertTrue(generate.contains("<requiresDependencyResolution>compile</requiresDependencyResolution>"));
        for (String parameter : new String[] {"witDirectory", "depsDirectories", "world", "outputDirectory",
                "resourcesDirectory", "packageName", "features", "encoding", "legacyFloatNames", "reuse", "skip"}) {
            int at = generate.indexOf("<name>" + parameter + "</name>");
            assertTrue(at > 0, parameter);
            String p = generate.substring(at, generate.indexOf("</parameter>", at));
            assertTrue(p.matches("(?s).*<description>[^<]{20,}</description>.*"), "documented: " + parameter);
        }
        assertTrue(xml.contains("<goal>help</goal>"), "the generated help goal");
    }

    @Test
    void m2eRunsTheGoalInIdeBuilds() throws IOException {
        String xml = resource("META-INF/m2e/lifecycle-mapping-metadata.xml");
        assertTrue(xml.contains("<goal>generate-bindings</goal>"));
        assertTrue(xml.contains("<execute>") && xml.contains("<runOnIncremental>true</runOnIncremental>"));
    }
}
