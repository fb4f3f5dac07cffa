/**
 * Runs Component Model binaries: {@link dev.wasiotel.host.component.Component#load} decodes a
 * component and parses its core modules; {@link dev.wasiotel.host.component.ComponentHost}
 * matches its imports against host interfaces served by generated bindings and executes its
 * definitions in order (core instances on Chicory through the runtime's core-linking API, aliases,
 * {@code canon lift/lower/resource.*}, nested components); {@link
 * dev.wasiotel.host.component.ComponentInstance} exposes the lifted exports to generated callers
 * and to dynamic calls.
 */
package dev.wasiotel.host.component;
