package dev.wasiotel.wit.runtime.chicory;

/**
 * A jar of precompiled machines, or a machine it announces, cannot be used: not a jar, corrupt,
 * truncated, or a class the JVM refuses. A fault of the jar, not of the guest.
 */
public final class PrecompiledMachineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the jar */
    public PrecompiledMachineException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the jar
     * @param cause what the JDK reported
     */
    public PrecompiledMachineException(String message, Throwable cause) {
        super(message, cause);
    }
}
