package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.ComponentBinary;

/**
 * A nested component with the scope it was defined in (what its outer aliases see).
 *
 * @param binary the component
 * @param scope the defining scope
 */
record ComponentClosure(ComponentBinary binary, Scope scope) {
}
