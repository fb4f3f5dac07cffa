package dev.wasiotel.wit.parser.model;

/** What a world imports or exports under a {@link WorldKey}. */
public sealed interface WorldItem {

    /**
     * An interface.
     *
     * @param interfaceId index into {@link Resolve#interfaces()}
     * @param stability the gate written on the import/export
     * @param docs documentation of the import/export
     */
    record InterfaceItem(int interfaceId, Stability stability, Docs docs) implements WorldItem {
    }

    /** A function. @param function the function */
    record FunctionItem(Function function) implements WorldItem {
    }

    /** A type (imports only). @param typeId index into {@link Resolve#types()} */
    record TypeItem(int typeId) implements WorldItem {
    }
}
