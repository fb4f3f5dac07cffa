package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.CodeBlock;
import dev.wasiotel.wit.parser.model.Docs;

/**
 * WIT doc comments as Javadoc text. The text is escaped so that it can neither end the comment
 * ({@code *}{@code /}), nor start a Javadoc tag at the start of a line ({@code @}), nor make an
 * invalid unicode escape ({@code \}{@code u}), nor be read as HTML ({@code <}, {@code >}, {@code &}).
 */
final class Javadocs {
    private Javadocs() {
    }

    /** The escaped text of {@code docs}, or {@code ""} when there are none. */
    static String text(Docs docs) {
        if (docs == null || docs.contents().isEmpty()) {
            return "";
        }
        return escape(docs.contents().get().strip());
    }

    /** The docs as a Javadoc block ending in a newline (empty if none), followed by {@code extra} lines. */
    static CodeBlock block(Docs docs, String... extra) {
        StringBuilder out = new StringBuilder(text(docs));
        for (String line : extra) {
            if (out.length() > 0) {
                out.append("\n\n");
            }
            out.append(line);
        }
        if (out.length() > 0) {
            out.append('\n');
        }
        return CodeBlock.of("$L", out.toString());
    }

    /** Escapes text for use inside a Javadoc comment. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder();
        boolean lineStart = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                continue;
            }
            if (c == '*' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                out.append("*&#47;");
                i++;
            } else if (c == '\\') {
                out.append("&#92;");
            } else if (c == '<') {
                out.append("&lt;");
            } else if (c == '>') {
                out.append("&gt;");
            } else if (c == '&') {
                out.append("&amp;");
            } else if (c == '@' && lineStart) {
                out.append("&#64;");
            } else {
                out.append(c);
            }
            if (c == '\n') {
                lineStart = true;
            } else if (!Character.isWhitespace(c)) {
                lineStart = false;
            }
        }
        return out.toString();
    }
}
