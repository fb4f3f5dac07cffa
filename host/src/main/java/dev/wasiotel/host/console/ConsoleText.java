package dev.wasiotel.host.console;

/**
 * Makes untrusted text safe to print on a terminal. Guest strings (span names, attribute keys and
 * values, log bodies, metric names, trap messages) reach the console; a newline in one would let a
 * guest forge a {@code span …} line, an ANSI escape would let it rewrite the screen, and a bidi
 * override would let it reorder what is shown. Every such character becomes a visible escape.
 */
public final class ConsoleText {
    private ConsoleText() {
    }

    /**
     * {@code text} with control and layout characters replaced by visible escapes: {@code \n},
     * {@code \r} and {@code \t} as such, the other C0 controls, DEL, the C1 controls, the line and
     * paragraph separators U+2028/U+2029 and the bidi embeddings, overrides and isolates
     * (U+202A–U+202E, U+2066–U+2069) as {@code \}{@code uXXXX}. Everything else, backslashes
     * included, is kept as it is: the aim is that guest text cannot act on the terminal, not that it
     * can be parsed back.
     *
     * @param text the text, or null
     * @return the escaped text ({@code "null"} for null)
     */
    public static String escape(String text) {
        if (text == null) {
            return "null";
        }
        int first = firstUnsafe(text);
        if (first < 0) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!unsafe(c)) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    /**
     * Whether printing {@code c} raw could act on a terminal or reorder the line.
     *
     * @param c a UTF-16 code unit (every character escaped is in the Basic Multilingual Plane)
     * @return true if {@link #escape} replaces it
     */
    public static boolean unsafe(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029'
                || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069');
    }

    private static int firstUnsafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (unsafe(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
