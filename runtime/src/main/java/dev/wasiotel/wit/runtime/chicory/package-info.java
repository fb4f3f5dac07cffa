/**
 * The adapter between the runtime's Wasm-runtime-neutral API ({@link
 * dev.wasiotel.wit.runtime.HostFunctionDef}, {@link dev.wasiotel.wit.runtime.GuestInstance}, {@link
 * dev.wasiotel.wit.runtime.GuestContext}, {@link dev.wasiotel.wit.runtime.GuestMemory}) and Chicory.
 *
 * <p>This is the only package that may use a Chicory type ({@code com.dylibso.chicory.*}), and no
 * Chicory type appears in what it hands out: Chicory's exceptions are translated into {@link
 * dev.wasiotel.wit.runtime.WitTrap} or {@link dev.wasiotel.wit.runtime.LinkException}. Moving to
 * Chicory's successor Endive ({@code run.endive}, same API) is then a change of imports here.
 */
package dev.wasiotel.wit.runtime.chicory;
