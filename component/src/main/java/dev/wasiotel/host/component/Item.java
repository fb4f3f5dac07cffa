package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.Sort;
import java.util.Map;

/**
 * A named export of a component instance: its sort and value ({@link Func}, {@link ResolvedType},
 * {@link InstanceValue}, {@link ComponentClosure}, core module definition).
 *
 * @param sort the sort
 * @param value the value; null while only the imports are being checked
 */
record Item(Sort sort, Object value) {

    /** A component instance's exports. @param exports by name */
    record InstanceValue(Map<String, Item> exports) {
    }
}
