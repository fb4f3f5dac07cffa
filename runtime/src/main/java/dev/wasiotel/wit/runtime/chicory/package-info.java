/**
 * The adapter between the runtime's Wasm-runtime-neutral API ({@link
 * dev.wasiotel.wit.runtime.HostFunctionDef}, {@link dev.wasiotel.wit.runtime.GuestInstance}, {@link
 * dev.wasiotel.wit.runtime.GuestContext}, {@link dev.wasiotel.wit.runtime.GuestMemory}) and Chicory.
 *
 * <p>{@link dev.wasiotel.wit.runtime.chicory.ChicoryHost} runs one core module against host
 * functions. {@link dev.wasiotel.wit.runtime.chicory.CoreInstance} is core linking for hosts that
 * wire several instances together (a Component Model host): imports are {@link
 * dev.wasiotel.wit.runtime.chicory.CoreExtern}s exported by other instances or host functions, and
 * {@link dev.wasiotel.wit.runtime.chicory.ExecutionMode} chooses interpreter or compiler.
 *
 * <p>This is the only package that may use a Chicory type ({@code com.dylibso.chicory.*}), and no
 * Chicory type appears in what it hands out: Chicory's exceptions are translated into {@link
 * dev.wasiotel.wit.runtime.WitTrap} or {@link dev.wasiotel.wit.runtime.LinkException}. Moving to
 * Chicory's successor Endive ({@code run.endive}, same API) is then a change of imports here.
 */
package dev.wasiotel.wit.runtime.chicory;
