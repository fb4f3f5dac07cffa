package dev.wasiotel.wit.runtime.engine;

/**
 * One export of a core module.
 *
 * @param name the export name
 * @param kind what is exported
 */
public record CoreExportDesc(String name, CoreExternKind kind) {
}
