package dev.wasiotel.wit.runtime.split;

/**
 * The bytes given to {@link FunctionSplitter} are not a module it can read: truncated, a count larger than
 * the bytes left, an over-long LEB128, an operand stack that underflows. The message names what and where.
 */
public final class WasmFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    WasmFormatException(String message) {
        super(message);
    }
}
