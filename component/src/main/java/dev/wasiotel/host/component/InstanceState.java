package dev.wasiotel.host.component;

import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.engine.CallGuard;
import dev.wasiotel.wit.runtime.engine.EngineInstance;
import dev.wasiotel.wit.runtime.engine.WasmEngine;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What all the canonical functions of one top-level component instance share: the host state
 * attached to it (its one resource table among it), and its {@link CallGuard} (one call at a time,
 * the call deadline, no host calls from {@code cabi_realloc}, poisoning) under its host's limits.
 */
final class InstanceState {
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final Map<String, ResourceKind> guestResources = new ConcurrentHashMap<>();
    private final CallGuard guard;
    /** The core instances made for this instance, closed with it. */
    private final List<EngineInstance> coreInstances = new CopyOnWriteArrayList<>();
    private int nextResourceId;
    private int tracedCallSites;

    InstanceState(GuestLimits limits) {
        this.guard = new CallGuard(limits, "component instance");
    }

    /** The state of an instance whose core code runs on {@code engine}, which stops it at a deadline. */
    InstanceState(GuestLimits limits, WasmEngine engine) {
        this.guard = new CallGuard(limits, "component instance", engine::interrupt);
    }

    /** Records a core instance made for this instance, to close with it; returns it. */
    EngineInstance own(EngineInstance core) {
        coreInstances.add(core);
        return core;
    }

    /** Closes the core instances made for this instance (an engine frees what it holds for them). */
    void closeCoreInstances() {
        for (EngineInstance core : coreInstances) {
            core.close();
        }
        coreInstances.clear();
    }

    /** How calls enter the instance. */
    CallGuard guard() {
        return guard;
    }

    /** The limits the instance runs under. */
    GuestLimits limits() {
        return guard.limits();
    }

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
        return guard.isPoisoned();
    }

    /** Records a resource type the component defines, under its (unique) name. */
    void defineResource(ResourceKind kind) {
        guestResources.put(kind.name(), kind);
    }

    /** The resource type the component defines under {@code name}, or null. */
    ResourceKind guestResource(String name) {
        return guestResources.get(name);
    }

    /** Counts one traced wrapper installed in this instance. */
    void tracedCallSite() {
        tracedCallSites++;
    }

    /** How many traced wrappers were installed in this instance: none unless calls are traced. */
    int tracedCallSites() {
        return tracedCallSites;
    }

    /** A number unique in this instance, to name the resource types it defines. */
    int nextResourceId() {
        return nextResourceId++;
    }
}
