package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.ResourceType;
import dev.wasiotel.wit.runtime.engine.CoreFunc;

/**
 * The identity of one resource type in one component instance: defined by the component (with
 * its representation in a handle table of the instance) or imported from a host interface.
 *
 * @param name the resource's name, for messages and handle types
 * @param hostInterface the host interface it is imported from, or null when the component defines it
 * @param key the key of its handles in the instance's resource table (a fresh one per definition)
 * @param destructor the component's destructor, or null
 */
record ResourceKind(String name, HostInterface hostInterface, ResourceType key, CoreFunc destructor) {

    /** Whether the component itself defines this resource. */
    boolean isGuestDefined() {
        return hostInterface == null;
    }
}
