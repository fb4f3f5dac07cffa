package dev.wasiotel.host.component;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What all the canonical functions of one top-level component instance share: the host state
 * attached to it (its one resource table among it) and whether a trap has poisoned it.
 */
final class InstanceState {
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final Map<String, ResourceKind> guestResources = new ConcurrentHashMap<>();
    private volatile boolean poisoned;
    private String running;
    private int nextResourceId;

    <T> T attachment(Class<T> key) {
        return key.cast(attachments.get(key));
    }

    <T> void putAttachment(Class<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            attachments.remove(key);
        } else {
            attachments.put(key, key.cast(value));
        }
    }

    boolean isPoisoned() {
        return poisoned;
    }

    void poison() {
        poisoned = true;
    }

    /** The export being called, or null. */
    String running() {
        return running;
    }

    void running(String export) {
        running = export;
    }

    /** Records a resource type the component defines, under its (unique) name. */
    void defineResource(ResourceKind kind) {
        guestResources.put(kind.name(), kind);
    }

    /** The resource type the component defines under {@code name}, or null. */
    ResourceKind guestResource(String name) {
        return guestResources.get(name);
    }

    /** A number unique in this instance, to name the resource types it defines. */
    int nextResourceId() {
        return nextResourceId++;
    }
}
