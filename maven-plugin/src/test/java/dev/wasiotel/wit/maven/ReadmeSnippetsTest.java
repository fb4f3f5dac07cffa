package dev.wasiotel.wit.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets for host projects are the integration-test projects: every block marked
 * {@code <!-- snippet: PATH -->} is exactly that file (with the project's version filled in), and
 * the README has one for each project the tests build.
 */
class ReadmeSnippetsTest {
    private static final Pattern SNIPPET = Pattern.compile("<!-- snippet: (\\S+) -->\\n```\\w*\\n(.*?)```", Pattern.DOTALL);
    private static final List<String> REQUIRED = List.of(
            "maven-plugin/src/it/fresh-build/pom.xml",
            "maven-plugin/src/it/fresh-build/src/main/java/com/example/host/PrintingTracing.java",
            "maven-plugin/src/it/processor-only/pom.xml",
            "maven-plugin/src/it/processor-only/src/main/java/com/example/host/OtelHost.java");

    @Test
    void readmeSnippetsAreTheIntegrationTestProjects() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String version = System.getProperty("project.version");
        assertFalse(version == null || version.isBlank(), "surefire passes project.version");
        Map<String, String> snippets = new LinkedHashMap<>();
        Matcher m = SNIPPET.matcher(readme);
        while (m.find()) {
            snippets.put(m.group(1), m.group(2));
        }
        assertEquals(REQUIRED, List.copyOf(snippets.keySet()), "the README's snippets");
        for (Map.Entry<String, String> e : snippets.entrySet()) {
            String file = Files.readString(root.resolve(e.getKey()), StandardCharsets.UTF_8)
                    .replace("@project.version@", version);
            assertEquals(file, e.getValue(), "README snippet of " + e.getKey());
        }
    }
}
