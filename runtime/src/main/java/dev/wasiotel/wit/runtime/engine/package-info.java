/**
 * The engine layer: what the component layer, WASI and generated code need from a WebAssembly
 * engine — parse a core module ({@link dev.wasiotel.wit.runtime.engine.WasmEngine#parse}), link
 * and instantiate it against functions, memories, tables and globals of other instances and host
 * functions ({@link dev.wasiotel.wit.runtime.engine.WasmEngine#instantiate}), call its exports and
 * access its memory ({@link dev.wasiotel.wit.runtime.engine.CoreFunc}, {@link
 * dev.wasiotel.wit.runtime.engine.CoreMemory}), trap mapping to {@link
 * dev.wasiotel.wit.runtime.WitTrap}, and interruption at a deadline ({@link
 * dev.wasiotel.wit.runtime.engine.CallGuard}, {@link
 * dev.wasiotel.wit.runtime.engine.WasmEngine#interrupt}).
 *
 * <p>No engine type appears here. Chicory ({@code dev.wasiotel.wit.runtime.chicory}) is the
 * default; opt-in engines (module {@code engine-graalwasm}) are found by name through {@link
 * dev.wasiotel.wit.runtime.engine.WasmEngines}.
 */
package dev.wasiotel.wit.runtime.engine;
