package dev.wasiotel.wit.parser.diag;

/**
 * One problem found in WIT, located like a compiler error.
 *
 * @param file the file's name as given to the loader
 * @param line 1-based line
 * @param column 1-based column
 * @param message one line saying what is wrong
 * @param sourceLine the text of the offending line (empty if unknown)
 */
public record Diagnostic(String file, int line, int column, String message, String sourceLine) {

    /** A diagnostic at the start of {@code span}. */
    public static Diagnostic at(Span span, String message) {
        int line = span.line();
        return new Diagnostic(span.file().name(), line, span.column(), message, span.file().lineText(line));
    }

    /** {@code file:line:col}. */
    public String location() {
        return file + ":" + line + ":" + column;
    }

    /** {@code file:line:col: message} on one line. */
    public String headline() {
        return location() + ": " + message;
    }

    /**
     * The headline followed by the source line and a caret under the column, as a compiler prints
     * it. Tabs before the column are kept so the caret lines up in a terminal.
     */
    public String render() {
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < column - 1 && i < sourceLine.length(); i++) {
            caret.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
        }
        for (int i = sourceLine.length(); i < column - 1; i++) {
            caret.append(' ');
        }
        caret.append('^');
        String shown = sourceLine.length() > 500 ? sourceLine.substring(0, 500) + "…" : sourceLine;
        if (sourceLine.length() > 500) {
            return headline();
        }
        return headline() + System.lineSeparator() + "    " + shown + System.lineSeparator() + "    " + caret;
    }
}
