package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.component.Component;
import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentDecoder;
import dev.wasiotel.host.component.binary.Definition;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The wasi:http guests ({@code guests/c-http}, {@code guests/js-http-otel}) as our decoder sees
 * them: they decode, their core modules parse, and they import and export exactly the interfaces
 * a wasi:http host must provide and call. Serving them is the {@code serve} command's tests; their
 * behaviour under Node is their {@code verify.mjs}, against the same {@code expected-responses.json}
 * read here.
 */
class HttpGuestsTest {

    private static ComponentBinary decode(String guest) throws Exception {
        return ComponentDecoder.decode(Files.readAllBytes(HostProcess.guest(guest)));
    }

    private static Set<String> imports(ComponentBinary c) {
        return c.definitions().stream().filter(d -> d instanceof Definition.Import)
                .map(d -> ((Definition.Import) d).externName().fullName()).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> exports(ComponentBinary c) {
        return c.definitions().stream().filter(d -> d instanceof Definition.Export)
                .map(d -> ((Definition.Export) d).externName().fullName()).toList();
    }

    @Test
    void cHttpImportsHttpAndOtelTracingAndExportsTheHandler() throws Exception {
        ComponentBinary c = decode("c-http");
        assertEquals(new TreeSet<>(List.of(
                "wasi:clocks/wall-clock@0.2.0",
                "wasi:otel/types@0.2.0-rc.2",
                "wasi:otel/tracing@0.2.0-rc.2",
                "wasi:io/poll@0.2.12",
                "wasi:io/error@0.2.12",
                "wasi:io/streams@0.2.12",
                "wasi:http/types@0.2.12",
                "wasi:http/outgoing-handler@0.2.12")), imports(c));
        assertEquals(List.of("wasi:http/incoming-handler@0.2.12"), exports(c));
    }

    @Test
    void cHttpCoreModuleParses() throws Exception {
        Component component = Component.load(Files.readAllBytes(HostProcess.guest("c-http")));
        assertEquals(3, component.coreModuleSha256s().size(), "the main module and wit-component's shim and fixup modules");
    }

    @Test
    void jsHttpOtelIsAFetchEventComponentOfMixedWasiVersions() throws Exception {
        ComponentBinary c = decode("js-http-otel");
        Set<String> imports = imports(c);
        // componentize-js 0.23.0's engine speaks wasi:http 0.2.10 and the rest of WASI at 0.2.12.
        assertEquals(new TreeSet<>(List.of("wasi:http/types@0.2.10", "wasi:http/outgoing-handler@0.2.10")),
                imports.stream().filter(i -> i.startsWith("wasi:http/")).collect(Collectors.toCollection(TreeSet::new)));
        assertEquals(new TreeSet<>(List.of("wasi:otel/types@0.2.0-rc.2", "wasi:otel/tracing@0.2.0-rc.2",
                "wasi:otel/metrics@0.2.0-rc.2", "wasi:otel/logs@0.2.0-rc.2")),
                imports.stream().filter(i -> i.startsWith("wasi:otel/")).collect(Collectors.toCollection(TreeSet::new)));
        Set<String> others = imports.stream().filter(i -> !i.startsWith("wasi:http/") && !i.startsWith("wasi:otel/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertTrue(others.stream().allMatch(i -> i.endsWith("@0.2.12")), "other WASI imports at 0.2.12: " + others);
        assertTrue(others.containsAll(List.of("wasi:io/poll@0.2.12", "wasi:io/streams@0.2.12",
                "wasi:clocks/monotonic-clock@0.2.12", "wasi:clocks/wall-clock@0.2.12", "wasi:random/random@0.2.12")), others.toString());
        assertEquals(List.of("wasi:http/incoming-handler@0.2.10"), exports(c));
    }

    @Test
    void expectedResponsesAreWellFormedForBothGuests() throws Exception {
        HttpGuestCases c = HttpGuestCases.load("c-http");
        assertEquals(15, c.cases().size());
        HttpGuestCases.Case echo = c.cases().stream().filter(k -> k.name().equals("echo of 1 MiB")).findFirst().orElseThrow();
        assertEquals(1 << 20, echo.body().length);
        assertArrayEquals(echo.body(), echo.responseBody());
        assertEquals(7, echo.body()[0]);
        assertEquals(500, c.cases().stream().filter(k -> k.path().equals("/trap")).findFirst().orElseThrow().status());
        assertEquals("fetch: error connection-refused\n", new String(c.cases().stream()
                .filter(k -> k.name().equals("fetch, connection refused")).findFirst().orElseThrow().responseBody(),
                java.nio.charset.StandardCharsets.UTF_8));

        HttpGuestCases js = HttpGuestCases.load("js-http-otel");
        HttpGuestCases.Case fetch = js.cases().get(1);
        assertEquals("http://127.0.0.1:1234/data", fetch.headers("http://127.0.0.1:1234").get("x-downstream"));
        assertTrue(new String(fetch.responseBody(), java.nio.charset.StandardCharsets.UTF_8).endsWith("downstream: 200 16 bytes\n"));
    }
}
