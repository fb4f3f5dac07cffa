package dev.wasiotel.wit.runtime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The handle table of one guest instance, for resources the host implements with Java objects.
 *
 * <p>It follows the Component Model's canonical ABI (the {@code Table} and {@code ResourceHandle}
 * of {@code definitions.py}):
 * <ul>
 *   <li>A handle is a u32 index into the table. Index 0 is never valid. A dropped handle's index
 *       goes onto a free list and is the next one handed out (most recently freed first), so
 *       handle numbers are reused.</li>
 *   <li>An <em>own</em> handle ({@link #addOwn}) owns its representation: the guest gives it up
 *       with {@code [resource-drop]} ({@link #drop}, which runs the type's destructor) or by
 *       passing {@code own<R>} back to the host ({@link #removeOwn}, which runs none).</li>
 *   <li>A <em>borrow</em> handle ({@link CallScope#lowerBorrow}) lends a host object to the guest
 *       for the duration of one call into the guest; the guest must drop it before that call
 *       returns, or {@link CallScope#close()} traps.</li>
 *   <li>A handle the guest passes as {@code borrow<R>} to a host function
 *       ({@link CallScope#liftBorrow}) is <em>lent</em> until that host call ends; while it is
 *       lent, dropping it or taking it back as {@code own<R>} traps.</li>
 *   <li>Using index 0, a never-allocated or dropped handle, a handle of another resource type, or
 *       a borrow handle where an own one is needed traps.</li>
 * </ul>
 * Every such misuse throws a {@link WitTrap} with {@link WitTrap.Reason#INVALID_HANDLE} and leaves
 * the table as it was. Mistakes of the host itself (a null argument, a closed scope) throw ordinary
 * Java exceptions.
 *
 * <p>The number of live handles is limited ({@link #DEFAULT_MAX_HANDLES} unless configured), so a
 * guest cannot make the host hold unbounded state; going over the limit traps.
 *
 * <p>A table belongs to one guest instance. Its methods are {@code synchronized}, which keeps it
 * consistent if host threads touch it concurrently, but the order of calls is the caller's
 * business. Destructors run after the table's lock is released.
 */
public final class ResourceTable {

    /** The default limit on live handles: 2^20. */
    public static final int DEFAULT_MAX_HANDLES = 1 << 20;

    /** The largest limit that may be configured: 2^28 - 1, the canonical ABI's table length. */
    public static final int MAX_HANDLES_LIMIT = (1 << 28) - 1;

    /** One slot's content. */
    private static final class Entry {
        final int handle;
        final ResourceType type;
        final Object rep;
        /** Null for an own handle; the call the borrow was lent for otherwise. */
        final CallScope borrowScope;
        /** How many host calls currently hold this handle as a lifted borrow. */
        int lends;

        Entry(int handle, ResourceType type, Object rep, CallScope borrowScope) {
            this.handle = handle;
            this.type = type;
            this.rep = rep;
            this.borrowScope = borrowScope;
        }

        boolean own() {
            return borrowScope == null;
        }

        String describe() {
            return (own() ? "own" : "borrow") + " handle " + handle + " (" + type + ")";
        }
    }

    private final int maxHandles;
    private final Map<ResourceType, Consumer<Object>> destructors = new HashMap<>();
    /** Other names of resource types: the WIT name a component exports a type it defines under. */
    private final Map<ResourceType, ResourceType> aliases = new HashMap<>();
    /** Slot 0 stays null forever. */
    private Entry[] entries = new Entry[16];
    /** One past the highest index ever used. */
    private int length = 1;
    private int[] free = new int[16];
    private int freeCount;
    private int live;

    /** A table allowing {@link #DEFAULT_MAX_HANDLES} live handles. */
    public ResourceTable() {
        this(DEFAULT_MAX_HANDLES);
    }

    /**
     * A table allowing {@code maxHandles} live handles.
     *
     * @throws IllegalArgumentException unless {@code 1 <= maxHandles <= MAX_HANDLES_LIMIT}
     */
    public ResourceTable(int maxHandles) {
        if (maxHandles < 1 || maxHandles > MAX_HANDLES_LIMIT) {
            throw new IllegalArgumentException(
                    "maxHandles must be in [1, " + MAX_HANDLES_LIMIT + "], not " + maxHandles);
        }
        this.maxHandles = maxHandles;
    }

    /** The limit on live handles. */
    public int maxHandles() {
        return maxHandles;
    }

    /** The number of live handles, own and borrow. */
    public synchronized int size() {
        return live;
    }

    /** Whether {@code handle} is live (of any type). */
    public synchronized boolean contains(int handle) {
        return handle > 0 && handle < length && entries[handle] != null;
    }

    /**
     * Lets {@code name} stand for resource type {@code type} in every method of this table: a
     * component defines a resource type once and exports it under a WIT name (such as {@code
     * my:pkg/iface#counter}), which is the name generated code uses.
     *
     * @throws IllegalArgumentException if {@code name} already stands for another type
     */
    public synchronized void alias(ResourceType name, ResourceType type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        ResourceType before = aliases.putIfAbsent(name, type);
        if (before != null && !before.equals(type)) {
            throw new IllegalArgumentException(name + " already stands for " + before);
        }
    }

    private ResourceType resolve(ResourceType name) {
        return aliases.getOrDefault(name, name);
    }

    /**
     * Sets what {@link #drop} does with the representation of an own handle of {@code type}; null
     * goes back to the default, which calls {@link AutoCloseable#close()} on representations that
     * implement it and does nothing otherwise.
     */
    public synchronized void setDestructor(ResourceType type, Consumer<Object> destructor) {
        Objects.requireNonNull(type, "type");
        if (destructor == null) {
            destructors.remove(resolve(type));
        } else {
            destructors.put(resolve(type), destructor);
        }
    }

    /**
     * Adds an own handle for {@code rep} (the canonical ABI's {@code lower_own}: a constructor's or
     * function's {@code own<R>} result going to the guest).
     *
     * @return the new handle, at least 1
     * @throws WitTrap if the table already holds {@link #maxHandles()} live handles
     */
    public synchronized int addOwn(ResourceType type, Object rep) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(rep, "rep");
        return insert(type, rep, null).handle;
    }

    /**
     * The representation behind a live own or borrow handle of {@code type}, without changing
     * anything. Inside a host call that received {@code borrow<R>}, prefer
     * {@link CallScope#liftBorrow}, which also marks the handle lent for the call.
     *
     * @param <T> the representation's class, as the host knows it
     * @throws WitTrap if the handle is not live or is of another type
     */
    @SuppressWarnings("unchecked")
    public synchronized <T> T get(int handle, ResourceType type) {
        return (T) lookup(handle, type).rep;
    }

    /**
     * Takes an own handle back from the guest and returns its representation, without running the
     * destructor (the canonical ABI's {@code lift_own}: the guest passes {@code own<R>} to the
     * host, which now owns it). The handle number becomes free.
     *
     * @throws WitTrap if the handle is not live, is of another type, is a borrow handle, or is
     *     currently lent to a host call
     */
    public synchronized Object removeOwn(int handle, ResourceType type) {
        Entry e = lookup(handle, type);
        if (!e.own()) {
            throw trap(e.describe() + " is a borrow handle; an own handle is required");
        }
        checkNotLent(e, "transfer");
        remove(e);
        return e.rep;
    }

    /**
     * The guest's {@code [resource-drop]} of a handle. For an own handle the handle is removed and
     * the representation destroyed: the type's destructor runs (see {@link #setDestructor}), or, by
     * default, {@link AutoCloseable#close()} if the representation implements it. For a borrow
     * handle the handle is removed and the borrow counts as returned; nothing is destroyed.
     *
     * <p>The handle is gone even if the destructor throws: a {@link RuntimeException} or
     * {@link Error} from it propagates; a checked exception from {@code close()} is wrapped in an
     * {@link IllegalStateException}.
     *
     * @throws WitTrap if the handle is not live, is of another type, or is currently lent to a host
     *     call
     */
    public void drop(int handle, ResourceType type) {
        Entry e = removeForDrop(handle, type);
        if (e == null) {
            return;
        }
        Consumer<Object> destructor;
        synchronized (this) {
            destructor = destructors.get(e.type);
        }
        destroy(e, destructor);
    }

    /**
     * The guest's {@code [resource-drop]} of a handle whose destruction the caller does itself
     * (a resource the guest implements, whose destructor is guest code): removes the handle like
     * {@link #drop} and returns the representation of an own handle, or {@code null} for a borrow
     * handle, without destroying anything.
     *
     * @throws WitTrap as {@link #drop} does
     */
    public Object dropWithoutDestroying(int handle, ResourceType type) {
        Entry e = removeForDrop(handle, type);
        return e == null ? null : e.rep;
    }

    /** Removes a dropped handle; returns the entry if it was an own handle, null for a borrow. */
    private synchronized Entry removeForDrop(int handle, ResourceType type) {
        Entry e = lookup(handle, type);
        checkNotLent(e, "drop");
        remove(e);
        if (!e.own()) {
            e.borrowScope.borrows--;
            return null;
        }
        return e;
    }

    /**
     * Starts tracking the borrows of one call across the guest boundary, in either direction. Use
     * one scope per call and close it when the call ends:
     * <pre>{@code
     * try (ResourceTable.CallScope call = table.enterCall()) {
     *     Span span = call.liftBorrow(selfHandle, SPAN);   // guest -> host, borrow<span>
     *     ...
     * }
     * }</pre>
     * Nested calls get nested scopes, closed innermost first.
     */
    public CallScope enterCall() {
        return new CallScope();
    }

    /**
     * The borrows of one call. Closing it ends the lends of {@link #liftBorrow} and checks that the
     * guest dropped every handle made by {@link #lowerBorrow}. Its methods lock the table.
     */
    public final class CallScope implements AutoCloseable {
        private final List<Entry> lenders = new ArrayList<>();
        private final List<Entry> lowered = new ArrayList<>();
        /** Borrow handles made by this scope and not yet dropped. */
        private int borrows;
        private boolean closed;

        private CallScope() {
        }

        /**
         * The representation behind a handle the guest passed as {@code borrow<R>} to a host
         * function (the canonical ABI's {@code lift_borrow}). The handle, own or borrow, is lent
         * until this scope closes: until then, dropping it or taking it back as {@code own<R>}
         * traps.
         *
         * @param <T> the representation's class, as the host knows it
         * @throws WitTrap if the handle is not live or is of another type
         * @throws IllegalStateException if this scope is closed
         */
        @SuppressWarnings("unchecked")
        public <T> T liftBorrow(int handle, ResourceType type) {
            synchronized (ResourceTable.this) {
                checkOpen();
                Entry e = lookup(handle, type);
                e.lends++;
                lenders.add(e);
                return (T) e.rep;
            }
        }

        /**
         * Lends {@code rep} to the guest as a {@code borrow<R>} argument of a call into the guest
         * (the canonical ABI's {@code lower_borrow}) and returns the new borrow handle. The guest
         * must drop it with {@code [resource-drop]} ({@link ResourceTable#drop}) before the call
         * returns.
         *
         * @throws WitTrap if the table already holds {@link #maxHandles()} live handles
         * @throws IllegalStateException if this scope is closed
         */
        public int lowerBorrow(ResourceType type, Object rep) {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(rep, "rep");
            synchronized (ResourceTable.this) {
                checkOpen();
                Entry e = insert(type, rep, this);
                borrows++;
                lowered.add(e);
                return e.handle;
            }
        }

        /** How many borrow handles made by {@link #lowerBorrow} the guest has not dropped yet. */
        public int outstandingBorrows() {
            synchronized (ResourceTable.this) {
                return borrows;
            }
        }

        /**
         * Ends the call: ends the lends of {@link #liftBorrow} and checks that the guest dropped
         * every borrow handle made by {@link #lowerBorrow}. Borrow handles it did not drop are
         * removed anyway, so the guest cannot use them after the call, and then this traps.
         * Closing again does nothing.
         *
         * @throws WitTrap if the guest did not drop all borrow handles lent to it in this call
         */
        @Override
        public void close() {
            synchronized (ResourceTable.this) {
                if (closed) {
                    return;
                }
                closed = true;
                for (Entry e : lenders) {
                    e.lends--;
                }
                lenders.clear();
                if (borrows == 0) {
                    lowered.clear();
                    return;
                }
                List<Integer> left = new ArrayList<>();
                for (Entry e : lowered) {
                    if (entries[e.handle] == e) {
                        left.add(e.handle);
                        remove(e);
                    }
                }
                lowered.clear();
                borrows = 0;
                throw trap("the call ended with " + left.size() + " borrow handle(s) " + left
                        + " lent to the guest and not dropped");
            }
        }

        private void checkOpen() {
            if (closed) {
                throw new IllegalStateException("this call scope is closed");
            }
        }
    }

    // ---- internals (callers hold the lock) ----

    private Entry lookup(int handle, ResourceType name) {
        ResourceType type = resolve(Objects.requireNonNull(name, "type"));
        if (handle == 0) {
            throw trap("handle 0 is never valid (expected a " + type + ")");
        }
        if (handle < 0 || handle >= length || entries[handle] == null) {
            throw trap("handle " + Integer.toUnsignedString(handle)
                    + " is not live (never allocated or already dropped; expected a " + type + ")");
        }
        Entry e = entries[handle];
        if (!e.type.equals(type)) {
            throw trap(e.describe() + " is not a " + type);
        }
        return e;
    }

    private static void checkNotLent(Entry e, String what) {
        if (e.lends != 0) {
            throw trap("cannot " + what + " " + e.describe() + " while it is lent to " + e.lends
                    + " host call(s) as a borrow");
        }
    }

    private Entry insert(ResourceType name, Object rep, CallScope borrowScope) {
        ResourceType type = resolve(name);
        if (live >= maxHandles) {
            throw trap("resource table full: " + live + " live handles, the limit (adding a "
                    + type + ")");
        }
        int handle;
        if (freeCount > 0) {
            handle = free[--freeCount];
        } else {
            if (length == entries.length) {
                int grown = (int) Math.min((long) entries.length * 2, (long) maxHandles + 1);
                entries = Arrays.copyOf(entries, Math.max(grown, length + 1));
            }
            handle = length++;
        }
        Entry e = new Entry(handle, type, rep, borrowScope);
        entries[handle] = e;
        live++;
        return e;
    }

    private void remove(Entry e) {
        entries[e.handle] = null;
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = e.handle;
        live--;
    }

    private static void destroy(Entry e, Consumer<Object> destructor) {
        if (destructor != null) {
            destructor.accept(e.rep);
            return;
        }
        if (e.rep instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (RuntimeException x) {
                throw x;
            } catch (Exception x) {
                throw new IllegalStateException("closing the representation of " + e.describe()
                        + " failed", x);
            }
        }
    }

    private static WitTrap trap(String message) {
        return new WitTrap(WitTrap.Reason.INVALID_HANDLE, message);
    }
}
