package dev.wasiotel.wit.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class JavaNamesTest {

    @Test
    void camelAndSnakeCase() {
        assertEquals("parentSpanId", JavaNames.lowerCamel("parent-span-id"));
        assertEquals("SpanData", JavaNames.upperCamel("span-data"));
        assertEquals("LOW_MEMORY", JavaNames.upperSnake("low-memory"));
        assertEquals("getHttpBody", JavaNames.lowerCamel("get-HTTP-body"));
        assertEquals("HttpBody", JavaNames.upperCamel("HTTP-body"));
        assertEquals("f32Value", JavaNames.lowerCamel("f32-value"));
        assertEquals("X", JavaNames.upperCamel("x"));
    }

    @Test
    void keywordsAndRestrictedNamesGetSuffix() {
        for (String word : new String[] {"class", "record", "var", "yield", "sealed", "permits", "true", "false",
                "null", "new", "default", "interface", "package", "enum", "goto", "const"}) {
            assertEquals(word + "_", JavaNames.lowerCamel(word), word);
            assertEquals(word + "_", JavaNames.escape(word), word);
        }
        assertEquals("_", JavaNames.escape("_").substring(0, 1));
        assertEquals("__", JavaNames.escape("_"));
        assertEquals("interface_", JavaNames.packageSegment("interface"));
        // capitals are not keywords
        assertEquals("Record", JavaNames.upperCamel("record"));
        assertEquals("NULL", JavaNames.upperSnake("null"));
    }

    @Test
    void membersAvoidObjectMethods() {
        assertEquals("hashCode_", JavaNames.member("hash-code"));
        assertEquals("toString_", JavaNames.member("to-string"));
        assertEquals("getClass_", JavaNames.member("get-class"));
        assertEquals("wait_", JavaNames.member("wait"));
        assertEquals("notifyAll_", JavaNames.member("notify-all"));
        assertEquals("currentSpanContext", JavaNames.member("current-span-context"));
    }

    @Test
    void packageSegments() {
        assertEquals("wall_clock", JavaNames.packageSegment("wall-clock"));
        assertEquals("otel", JavaNames.packageSegment("otel"));
        assertEquals("http_proxy", JavaNames.packageSegment("HTTP-proxy"));
        assertEquals("v0_2_0_rc_2", JavaNames.versionSegment("0.2.0-rc.2"));
        assertEquals("v1_0_0_build_7", JavaNames.versionSegment("1.0.0+build.7"));
    }

    @Test
    void nameScopeSuffixes() {
        NameScope scope = new NameScope("close");
        assertEquals("close_", scope.claim("close"));
        assertEquals("close_2", scope.claim("close"));
        assertEquals("open", scope.claim("open"));
    }
}
