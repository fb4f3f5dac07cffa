package dev.wasiotel.wit.runtime.engine;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.WitTrap;

/**
 * A WebAssembly engine that runs core modules: what the component layer, WASI and generated code
 * run on. Chicory ({@code dev.wasiotel.wit.runtime.chicory.ChicoryEngine}) is the default; others
 * are found by name with {@link WasmEngines}.
 *
 * <p>Every engine keeps the same contract for untrusted modules: a malformed or invalid module is
 * an {@link IllegalArgumentException} from {@link #parse}; memories and tables stay within {@link
 * GuestLimits}; a trap of guest code is a {@link WitTrap} ({@link WitTrap.Reason#GUEST_TRAP}); a
 * host function's own {@link WitTrap} passes through unchanged; a call past its deadline stops
 * ({@link #interrupt}).
 */
public interface WasmEngine {

    /** The engine's name, as {@code --engine} takes it, e.g. {@code chicory}. */
    String name();

    /**
     * Parses and validates a core module.
     *
     * @throws IllegalArgumentException if the bytes are not a valid module
     */
    EngineModule parse(byte[] bytes);

    /** Whether {@code module} was made by this engine (else it is parsed again with {@link #parse}). */
    boolean accepts(EngineModule module);

    /**
     * Refuses {@code module} if a memory or table it defines declares a minimum above {@code
     * limits}: what {@link #instantiate} checks first, for callers that report it apart from
     * other link problems.
     *
     * @throws LinkException ({@link LinkException#overLimits}) naming each such memory and table
     */
    void checkLimits(EngineModule module, GuestLimits limits);

    /**
     * Links and instantiates {@code module}: each import is looked up in {@code imports} and must
     * have the imported kind (and, for a function, the imported signature); functions, memories,
     * tables and globals must come from instances of this engine, or be host functions ({@link
     * CoreFunc#host}). The memories and tables the module defines are bounded by {@code limits}
     * ({@code memory.grow} and {@code table.grow} beyond them return {@code -1}). The module's
     * start function runs; an exported {@code _start} does not.
     *
     * @throws LinkException naming every import that is missing or of the wrong kind or type, or
     *     ({@link LinkException#overLimits}) every memory and table whose declared minimum exceeds
     *     {@code limits}, before anything is allocated or run
     * @throws IllegalArgumentException if the module is invalid
     * @throws WitTrap ({@link WitTrap.Reason#GUEST_TRAP}) if it traps while being initialised
     */
    EngineInstance instantiate(EngineModule module, Imports imports, GuestLimits limits);

    /**
     * Stops guest code that {@code thread} runs on this engine, because its call's deadline passed:
     * called on a thread of its own, repeatedly until the call ends, after {@code thread} was
     * interrupted. Engines whose code checks the thread's interrupt flag need do nothing.
     */
    default void interrupt(Thread thread) {
    }
}
