/**
 * GraalWasm as an opt-in engine ({@code --engine graalwasm}): needs Java 21+ and this module on the
 * class path; see {@link dev.wasiotel.engine.graalwasm.GraalWasmEngine}.
 */
package dev.wasiotel.engine.graalwasm;
