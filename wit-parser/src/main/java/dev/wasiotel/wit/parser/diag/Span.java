package dev.wasiotel.wit.parser.diag;

/**
 * A range of characters {@code [start, end)} in one source file: where a model item or an error
 * comes from.
 *
 * @param file the source
 * @param start offset of the first character
 * @param end offset after the last character (equal to {@code start} for a point)
 */
public record Span(SourceFile file, int start, int end) {

    /** A point span at the very start of a file, for errors that concern the file as a whole. */
    public static Span startOf(SourceFile file) {
        return new Span(file, 0, 0);
    }

    /** 1-based line of the start. */
    public int line() {
        return file.line(start);
    }

    /** 1-based column of the start. */
    public int column() {
        return file.column(start);
    }

    /** {@code file:line:col} of the start. */
    public String location() {
        return file.name() + ":" + line() + ":" + column();
    }

    @Override
    public String toString() {
        return location();
    }
}
