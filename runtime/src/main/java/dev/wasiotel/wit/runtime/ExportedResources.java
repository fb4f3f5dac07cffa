package dev.wasiotel.wit.runtime;

/**
 * The three core functions the canonical ABI gives a guest for each resource it implements,
 * imported from module {@code [export]<interface>}: {@code [resource-new]r}, {@code
 * [resource-rep]r} and {@code [resource-drop]r}. The handles live in the instance's
 * {@link ResourceTable}, next to handles of host-implemented resources; the representation is the
 * guest's {@code i32}.
 */
public final class ExportedResources {
    private ExportedResources() {
    }

    /**
     * {@code [resource-new]r}: a new own handle for the guest's representation {@code rep}.
     *
     * @throws WitTrap if the table is full
     */
    public static int newHandle(GuestContext guest, ResourceType type, int rep) {
        return table(guest).addOwn(type, rep);
    }

    /**
     * {@code [resource-rep]r}: the representation behind a handle of the guest's own resource.
     *
     * @throws WitTrap if the handle is not live or is of another type
     */
    public static int rep(GuestContext guest, ResourceType type, int handle) {
        Integer rep = table(guest).get(handle, type);
        return rep;
    }

    /**
     * {@code [resource-drop]r}: removes the handle; for an own handle the guest's destructor
     * {@code destructorExport} runs with the representation, if the guest exports it (the one call
     * into an instance allowed while it is running, as the canonical ABI's {@code resource.drop}
     * calls the destructor directly).
     *
     * @throws WitTrap if the handle is not live, of another type or lent, or the destructor traps
     * @throws IllegalStateException if the context does not know its {@link GuestInstance}
     */
    public static void drop(GuestContext guest, ResourceType type, int handle, String destructorExport) {
        Object rep = table(guest).dropWithoutDestroying(handle, type);
        if (rep == null) {
            return;
        }
        GuestInstance instance = guest.attachment(GuestInstance.class);
        if (instance == null) {
            throw new IllegalStateException("cannot run " + destructorExport + ": the guest context has no "
                    + "GuestInstance attachment (the runtime adapter must register it)");
        }
        if (instance.hasExport(destructorExport)) {
            instance.callDestructor(destructorExport, (Integer) rep);
        }
    }

    private static ResourceTable table(GuestContext guest) {
        return guest.attachment(ResourceTable.class, ResourceTable::new);
    }
}
