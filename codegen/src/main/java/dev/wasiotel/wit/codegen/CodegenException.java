package dev.wasiotel.wit.codegen;

/**
 * Thrown when a WIT world cannot be turned into Java: a construct that is not supported yet
 * ({@code future}, {@code stream}, {@code error-context}) or one Java cannot express. The message
 * names the WIT item and its {@code file:line:col}.
 */
public final class CodegenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with this message.
     *
     * @param message what is wrong and where, for people to read
     */
    public CodegenException(String message) {
        super(message);
    }
}
