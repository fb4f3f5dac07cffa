package dev.wasiotel.wit.runtime.calls;

/** Which boundary a traced call crosses. */
public enum CallKind {
    /** The host calls a guest export ({@code wasi:cli/run#run}, an {@code --invoke} target). */
    EXPORT("export"),
    /** The guest calls a host function it imports ({@code wasi:otel/tracing#on-end}). */
    IMPORT("import"),
    /**
     * One component instance calls another inside a composed component: a {@code canon lower} of
     * a function another inner instance {@code canon lift}ed.
     */
    CROSS_COMPONENT("cross-component");

    private final String label;

    CallKind(String label) {
        this.label = label;
    }

    /** How attributes and metrics name the kind: {@code export}, {@code import}, {@code cross-component}. */
    public String label() {
        return label;
    }
}
