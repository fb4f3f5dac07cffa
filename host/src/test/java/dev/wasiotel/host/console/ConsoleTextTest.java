package dev.wasiotel.host.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which characters {@link ConsoleText#escape} makes visible, and how. */
class ConsoleTextTest {

    @Test
    void everyControlAndLayoutCharacterIsEscapedAndNothingElse() {
        for (char c = 0; c < 0x3000; c++) {
            boolean expected = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == 0x2028 || c == 0x2029
                    || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
            assertEquals(expected, ConsoleText.unsafe(c), "U+" + Integer.toHexString(c));
            String escaped = ConsoleText.escape("a" + c + "b");
            if (expected) {
                assertTrue(escaped.startsWith("a\\") && escaped.endsWith("b") && escaped.length() > 3, escaped);
                for (int i = 0; i < escaped.length(); i++) {
                    assertFalse(ConsoleText.unsafe(escaped.charAt(i)), escaped);
                }
            } else {
                assertEquals("a" + c + "b", escaped);
            }
        }
    }

    @Test
    void theEscapesAreTheFamiliarOnes() {
        assertEquals("a\\nb\\rc\\td\\u001b[31me\\u0000\\u007f\\u0085\\u2028\\u202e\\u2069",
                ConsoleText.escape("a\nb\rc\td\u001b[31me\u0000\u007f\u0085\u2028\u202e\u2069"));
        assertEquals("back\\slash, quotes \" and emoji \ud83d\ude00 stay", ConsoleText.escape(
                "back\\slash, quotes \" and emoji \ud83d\ude00 stay"));
        assertEquals("null", ConsoleText.escape(null));
    }

    @Test
    void cleanTextIsReturnedAsItIs() {
        String clean = "span c-run";
        assertSame(clean, ConsoleText.escape(clean));
    }
}
