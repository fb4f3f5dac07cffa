package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;

/**
 * What lifting and lowering need during one call between host and guest, like the canonical
 * ABI's lift/lower context: the guest's memory, its allocator, its string encoding, its
 * resource handle table with the borrows of this call, and the call's {@link LiftBudget} (the
 * bytes of strings and lists it may still lift out of guest memory). Generated code creates one
 * per call and closes it when the call ends (which checks that borrows were returned).
 */
public final class CallContext implements AutoCloseable {
    private final GuestMemory memory;
    private final Realloc realloc;
    private final StringEncoding encoding;
    /** Where the handle table and the instance come from, looked up only when a call passes handles. */
    private final GuestContext guest;
    private final LiftBudget liftBudget;
    private ResourceTable resources;
    private ResourceTable.CallScope scope;

    /**
     * @param memory the guest's memory
     * @param realloc its {@code cabi_realloc}, or null if the call lowers nothing into memory
     * @param encoding its string encoding
     * @param resources its handle table
     */
    public CallContext(GuestMemory memory, Realloc realloc, StringEncoding encoding, ResourceTable resources) {
        this(memory, realloc, encoding, resources, GuestLimits.defaults());
    }

    /**
     * @param memory the guest's memory
     * @param realloc its {@code cabi_realloc}, or null if the call lowers nothing into memory
     * @param encoding its string encoding
     * @param resources its handle table
     * @param limits the guest's limits, of which this call uses {@link GuestLimits#maxLiftBytesPerCall()}
     */
    public CallContext(GuestMemory memory, Realloc realloc, StringEncoding encoding, ResourceTable resources,
            GuestLimits limits) {
        this(memory, realloc, encoding, java.util.Objects.requireNonNull(resources, "resources"), null,
                LiftBudget.of(limits));
    }

    private CallContext(GuestMemory memory, Realloc realloc, StringEncoding encoding, ResourceTable resources,
            GuestContext guest, LiftBudget liftBudget) {
        this.memory = memory;
        this.realloc = realloc;
        this.encoding = encoding;
        this.resources = resources;
        this.guest = guest;
        this.liftBudget = liftBudget;
    }

    /**
     * A context for a call through {@code guest}: its memory, realloc, resource table, (if the
     * context has one attached) its {@link GuestInstance}, and a lift budget of its {@link
     * GuestContext#limits()}.
     */
    public static CallContext of(GuestContext guest, StringEncoding encoding) {
        return new CallContext(guest.memory(), guest.realloc(), encoding, null, guest, LiftBudget.of(guest.limits()));
    }

    /**
     * The guest instance of this call, which resources the guest implements ({@link GuestResource})
     * belong to.
     *
     * @throws IllegalStateException if the context was made without one
     */
    public GuestInstance instance() {
        GuestInstance instance = guest == null ? null : guest.attachment(GuestInstance.class);
        if (instance == null) {
            throw new IllegalStateException("this call has no guest instance, so it cannot pass resources the guest"
                    + " implements");
        }
        return instance;
    }

    /** The guest's handle table, looked up the first time this call needs it. */
    private ResourceTable resources() {
        if (resources == null) {
            resources = guest.attachment(ResourceTable.class, ResourceTable::new);
        }
        return resources;
    }

    /** The guest's memory. */
    public GuestMemory memory() {
        return memory;
    }

    /** The guest's allocator. */
    public Realloc realloc() {
        if (realloc == null) {
            throw new IllegalStateException("this call cannot allocate guest memory");
        }
        return realloc;
    }

    /** The guest's string encoding. */
    public StringEncoding encoding() {
        return encoding;
    }

    /** What this call may still lift out of guest memory; every string and list lift is charged here. */
    public LiftBudget liftBudget() {
        return liftBudget;
    }

    /** An {@code own<R>} the guest passes to the host: the handle is removed, the host owns the object. */
    public <T> T liftOwn(int handle, ResourceType type, Class<T> javaType) {
        return javaType.cast(resources().removeOwn(handle, type));
    }

    /** A {@code borrow<R>} the guest passes to the host: valid until this call ends. */
    public <T> T liftBorrow(int handle, ResourceType type, Class<T> javaType) {
        if (scope == null) {
            scope = resources().enterCall();
        }
        Object rep = scope.liftBorrow(handle, type);
        return javaType.cast(rep);
    }

    /** An {@code own<R>} the host gives the guest: a new handle in the guest's table. */
    public int lowerOwn(ResourceType type, Object rep) {
        return resources().addOwn(type, rep);
    }

    /**
     * A {@code borrow<R>} of a host-implemented resource the host lends to the guest for this call
     * (a new borrow handle, which the guest must drop before the call ends).
     */
    public int lowerBorrow(ResourceType type, Object rep) {
        if (scope == null) {
            scope = resources().enterCall();
        }
        return scope.lowerBorrow(type, rep);
    }

    /** {@code [resource-drop]R}: the guest drops its handle (closing the host object of an own). */
    public void drop(int handle, ResourceType type) {
        resources().drop(handle, type);
    }

    /** Ends the call: borrows lent during it are returned. */
    @Override
    public void close() {
        if (scope != null) {
            scope.close();
            scope = null;
        }
    }
}
