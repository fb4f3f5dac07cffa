package dev.wasiotel.wit.runtime.chicory;

/**
 * One export of a core module.
 *
 * @param name the export name
 * @param kind what is exported
 */
public record CoreExportDesc(String name, CoreExternKind kind) {
}
