package dev.wasiotel.wit.runtime.engine;

/**
 * One import of a core module.
 *
 * @param module the import's module name
 * @param name the import's field name
 * @param kind what is imported
 */
public record CoreImportDesc(String module, String name, CoreExternKind kind) {
}
