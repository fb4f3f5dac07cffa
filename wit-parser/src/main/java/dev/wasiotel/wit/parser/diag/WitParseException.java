package dev.wasiotel.wit.parser.diag;

import java.util.List;

/**
 * WIT was rejected. This is the only exception the parser and resolver let escape, whatever the
 * input bytes: it carries at least one {@link Diagnostic} with {@code file:line:col}.
 */
public final class WitParseException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<Diagnostic> diagnostics;

    /** One diagnostic at {@code span}. */
    public WitParseException(Span span, String message) {
        this(List.of(Diagnostic.at(span, message)));
    }

    /** Several diagnostics (at least one); the first is the primary one. */
    public WitParseException(List<Diagnostic> diagnostics) {
        super(diagnostics.get(0).render());
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Every diagnostic, the primary one first. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** The primary diagnostic. */
    public Diagnostic diagnostic() {
        return diagnostics.get(0);
    }
}
