/**
 * Chicory as the default engine: the adapter between the runtime's engine-neutral API ({@link
 * dev.wasiotel.wit.runtime.HostFunctionDef}, {@link dev.wasiotel.wit.runtime.GuestInstance}, {@link
 * dev.wasiotel.wit.runtime.GuestContext}, {@link dev.wasiotel.wit.runtime.GuestMemory}, and the
 * engine interface of {@link dev.wasiotel.wit.runtime.engine}) and Chicory.
 *
 * <p>{@link dev.wasiotel.wit.runtime.chicory.ChicoryHost} runs one core module against host
 * functions. {@link dev.wasiotel.wit.runtime.chicory.ChicoryEngine} is Chicory as a {@link
 * dev.wasiotel.wit.runtime.engine.WasmEngine} for hosts that wire several instances together (a
 * Component Model host; {@link dev.wasiotel.wit.runtime.chicory.CoreInstance} is its instance), and
 * {@link dev.wasiotel.wit.runtime.chicory.ExecutionMode} chooses interpreter or compiler.
 *
 * <p>This is the only package that may use a Chicory type ({@code com.dylibso.chicory.*}), and no
 * Chicory type appears in what it hands out: Chicory's exceptions are translated into {@link
 * dev.wasiotel.wit.runtime.WitTrap} or {@link dev.wasiotel.wit.runtime.LinkException}.
 */
package dev.wasiotel.wit.runtime.chicory;
