package dev.wasiotel.wit.runtime;

import dev.wasiotel.wit.abi.StringEncoding;
import java.util.Objects;

/**
 * The host's side of a resource the guest implements (a resource of an interface the guest
 * exports): the guest's representation ({@code rep}, an {@code i32}) and the instance that owns it.
 * Generated code subclasses it once per exported resource, adding the resource's methods, which
 * call the guest.
 *
 * <p>An owned handle ({@code own<R>} returned by the guest) is closed exactly once: {@link #close()}
 * runs the guest's destructor ({@code <interface>#[dtor]<resource>}) if it exports one. Passing it
 * back to the guest as {@code own<R>} moves it: afterwards this object is unusable and closing it
 * does nothing. A borrowed handle ({@code borrow<R>} the guest lent to a host function) is valid
 * only during that call and its {@code close()} does nothing.
 *
 * <p>Not thread-safe, like the guest instance it calls.
 */
public abstract class GuestResource implements AutoCloseable {
    private final GuestInstance instance;
    private final StringEncoding encoding;
    private final ResourceType type;
    private final String destructorExport;
    private final int rep;
    private final boolean owned;
    private boolean gone;

    /**
     * @param instance the guest instance that implements the resource
     * @param encoding its string encoding
     * @param type the resource type
     * @param destructorExport the core export of the guest's destructor, {@code iface#[dtor]r}; it
     *     need not exist
     * @param rep the guest's representation
     * @param owned whether the host owns the handle ({@code own<R>}) rather than borrows it
     */
    protected GuestResource(GuestInstance instance, StringEncoding encoding, ResourceType type,
            String destructorExport, int rep, boolean owned) {
        this.instance = Objects.requireNonNull(instance, "instance");
        this.encoding = Objects.requireNonNull(encoding, "encoding");
        this.type = Objects.requireNonNull(type, "type");
        this.destructorExport = Objects.requireNonNull(destructorExport, "destructorExport");
        this.rep = rep;
        this.owned = owned;
    }

    /** The guest instance that implements this resource; the resource's methods call it. */
    protected final GuestInstance instance() {
        return instance;
    }

    /** The guest's string encoding. */
    protected final StringEncoding encoding() {
        return encoding;
    }

    /** The resource type. */
    public final ResourceType type() {
        return type;
    }

    /** Whether the host owns this handle (and closing it destroys the resource). */
    public final boolean isOwned() {
        return owned;
    }

    /** Whether the handle was closed or moved back into the guest, so it can no longer be used. */
    public final boolean isClosed() {
        return gone;
    }

    /**
     * The representation to pass as {@code borrow<R>} (the canonical ABI gives the implementing
     * instance its own representation, not a handle).
     *
     * @param cx the call into the guest that receives it
     * @throws IllegalArgumentException if {@code cx} is a call into another guest instance
     * @throws IllegalStateException if this handle was closed or moved
     */
    public final int borrowRep(CallContext cx) {
        checkUsable(cx);
        return rep;
    }

    /**
     * Gives the resource back to the guest as {@code own<R>}: this handle becomes unusable and the
     * guest's handle table gets a new own handle, which is returned.
     *
     * @throws IllegalArgumentException if {@code cx} is a call into another guest instance
     * @throws IllegalStateException if this handle was closed or moved, or is only borrowed
     */
    public final int moveInto(CallContext cx) {
        checkUsable(cx);
        if (!owned) {
            throw new IllegalStateException("a borrowed " + type + " cannot be passed as own<" + type.resourceName()
                    + ">");
        }
        gone = true;
        return cx.lowerOwn(type, rep);
    }

    /**
     * Runs the guest's destructor for an owned handle, once; does nothing for a borrowed, closed or
     * moved one.
     *
     * @throws WitTrap if the destructor traps
     */
    @Override
    public void close() {
        if (!owned || gone) {
            return;
        }
        gone = true;
        if (instance.hasExport(destructorExport)) {
            instance.call(destructorExport, rep & 0xffffffffL);
        }
    }

    private void checkUsable(CallContext cx) {
        if (gone) {
            throw new IllegalStateException("this " + type + " handle was closed or moved into the guest");
        }
        if (cx.instance() != instance) {
            throw new IllegalArgumentException("this " + type + " belongs to another guest instance");
        }
    }

    @Override
    public String toString() {
        return type + "(rep " + Integer.toUnsignedString(rep) + (owned ? ", own" : ", borrow")
                + (gone ? ", closed" : "") + ")";
    }
}
