package dev.wasiotel.host.component.binary;

/** The index spaces of a component: the core sorts and the component-level sorts. */
public enum Sort {
    /** Core functions. */
    CORE_FUNC("core func", true),
    /** Core tables. */
    CORE_TABLE("core table", true),
    /** Core memories. */
    CORE_MEMORY("core memory", true),
    /** Core globals. */
    CORE_GLOBAL("core global", true),
    /** Core exception tags. */
    CORE_TAG("core tag", true),
    /** Core types. */
    CORE_TYPE("core type", true),
    /** Core modules. */
    CORE_MODULE("core module", true),
    /** Core instances. */
    CORE_INSTANCE("core instance", true),
    /** Component functions. */
    FUNC("func", false),
    /** Values (not supported by this host). */
    VALUE("value", false),
    /** Component types. */
    TYPE("type", false),
    /** Nested components. */
    COMPONENT("component", false),
    /** Component instances. */
    INSTANCE("instance", false);

    private final String text;
    private final boolean core;

    Sort(String text, boolean core) {
        this.text = text;
        this.core = core;
    }

    /** Whether this is a core sort. */
    public boolean isCore() {
        return core;
    }

    /** The name as the text format spells it, e.g. {@code core func}. */
    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }
}
