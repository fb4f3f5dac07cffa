package dev.wasiotel.otel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Random guest strings as values and ids: decoded or kept, never an exception. */
class RandomInputTest {
    private static final String ALPHABET = "{}[]\",:0123456789-+.eEtrufalsn \\/u\u00e9\u2028\ud83d\ude00abcdefABCDEF\u0000\u001f";

    @Test
    void randomValuesAreDecodedOrKeptAsStrings() {
        Random random = new Random(20261122);
        Diagnostics diag = new Diagnostics();
        AnyValues values = new AnyValues(diag);
        for (int i = 0; i < 20_000; i++) {
            String s = randomString(random, random.nextInt(40));
            assertNotNull(values.decode(s), s);
            AttributesBuilder b = Attributes.builder();
            values.put(b, "k", s);
            assertEquals(1, b.build().size(), s);
        }
        assertTrue(diag.count(Repair.VALUE_NOT_JSON) > 0);
    }

    @Test
    void randomIdsAreNormalisedOrRejected() {
        Random random = new Random(7);
        Diagnostics diag = new Diagnostics();
        for (int i = 0; i < 20_000; i++) {
            String s = randomString(random, random.nextInt(40));
            check(Ids.traceId(s, diag), Ids.TRACE_HEX);
            check(Ids.spanId(s, diag), Ids.SPAN_HEX);
            check(Ids.exemplarId(s, Ids.TRACE_HEX, diag), Ids.TRACE_HEX);
        }
    }

    private static void check(Optional<String> id, int size) {
        id.ifPresent(v -> {
            assertEquals(size, v.length(), v);
            assertTrue(v.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f'), v);
            assertFalse(Ids.isAbsent(v), v);
        });
    }

    private static String randomString(Random random, int length) {
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
