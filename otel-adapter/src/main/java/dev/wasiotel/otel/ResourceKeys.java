package dev.wasiotel.otel;

import java.nio.charset.StandardCharsets;

/**
 * Guest resource attribute keys made acceptable to the SDK before {@code Resource.create} sees
 * them: SDK 1.67 ({@code AttributeCheckUtil}) throws {@code IllegalArgumentException} for a key
 * that is empty, longer than {@value #MAX_KEY_LENGTH} characters, or has a character outside
 * printable ASCII (U+0020..U+007E). Empty keys are dropped earlier ({@link
 * Repair#ATTRIBUTE_EMPTY_KEY}); here every other character is percent-encoded as its UTF-8 bytes
 * ({@code clé} → {@code cl%C3%A9}, {@link Repair#RESOURCE_KEY_ESCAPED}) and a key still too long is
 * cut to {@value #MAX_KEY_LENGTH} characters ({@link Repair#RESOURCE_KEY_TRUNCATED}).
 */
final class ResourceKeys {
    /** The longest resource attribute key the SDK accepts. */
    static final int MAX_KEY_LENGTH = 255;

    private ResourceKeys() {
    }

    /** {@code key} (not empty) as a key {@code Resource.create} accepts; repairs counted. */
    static String repair(String key, Diagnostics diag) {
        String k = key;
        boolean escaped = !isPrintableAscii(k);
        if (escaped) {
            k = escape(k);
            diag.record(Repair.RESOURCE_KEY_ESCAPED, "resource attribute key '" + AnyValues.abbreviate(key) + "'");
        }
        if (k.length() > MAX_KEY_LENGTH) {
            int end = MAX_KEY_LENGTH;
            // do not leave half of a %XX escape at the end
            int percent = k.lastIndexOf('%', end - 1);
            if (escaped && percent >= end - 2) {
                end = percent;
            }
            diag.record(Repair.RESOURCE_KEY_TRUNCATED, "resource attribute key of " + k.length() + " characters");
            k = k.substring(0, end);
        }
        return k;
    }

    static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            int n = Character.charCount(cp);
            if (cp >= 0x20 && cp <= 0x7e) {
                sb.append((char) cp);
            } else {
                for (byte b : s.substring(i, i + n).getBytes(StandardCharsets.UTF_8)) {
                    sb.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
                }
            }
            i += n;
        }
        return sb.toString();
    }
}
