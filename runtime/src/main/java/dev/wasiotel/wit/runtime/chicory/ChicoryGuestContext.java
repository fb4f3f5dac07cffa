package dev.wasiotel.wit.runtime.chicory;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExportSection;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.Realloc;
import dev.wasiotel.wit.runtime.WitTrap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** The {@link GuestContext} of one {@link ChicoryGuestInstance}. */
final class ChicoryGuestContext implements GuestContext {
    static final String MEMORY_EXPORT = "memory";
    static final String REALLOC_EXPORT = "cabi_realloc";
    private static final FunctionType REALLOC_TYPE =
            FunctionType.of(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32));

    private final ChicoryGuestInstance owner;
    private final GuestLimits limits;
    private final Map<Class<?>, Object> attachments = new ConcurrentHashMap<>();
    private final Realloc realloc = this::callRealloc;
    private Instance instance;
    private ChicoryGuestMemory memory;
    private ExportFunction reallocFunction;

    ChicoryGuestContext(ChicoryGuestInstance owner, GuestLimits limits) {
        this.owner = owner;
        this.limits = limits;
    }

    /** Binds the Chicory instance, before any of its code runs. */
    void bind(Instance chicoryInstance) {
        this.instance = chicoryInstance;
    }

    @Override
    public boolean onCallEnd(Runnable listener) {
        owner.guard().onCallEnd(listener);
        return true;
    }

    @Override
    public GuestMemory memory() {
        ChicoryGuestMemory m = memory;
        if (m == null) {
            if (findExport(MEMORY_EXPORT, ExternalType.MEMORY) == null) {
                throw new WitTrap(WitTrap.Reason.GUEST_TRAP, "the guest exports no memory named \"memory\"");
            }
            m = new ChicoryGuestMemory(instance.exports().memory(MEMORY_EXPORT));
            memory = m;
        }
        return m;
    }

    @Override
    public Realloc realloc() {
        return realloc;
    }

    /** The limits of the host that made the instance. */
    @Override
    public GuestLimits limits() {
        return limits;
    }

    @Override
    public <T> T attachment(Class<T> key) {
        return key.cast(attachments.get(key));
    }

    @Override
    public <T> void putAttachment(Class<T> key, T value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            attachments.remove(key);
        } else {
            attachments.put(key, key.cast(value));
        }
    }

    private int callRealloc(int oldPtr, int oldSize, int align, int newSize) {
        ExportFunction function = reallocFunction();
        long[] result = owner.realloc(REALLOC_EXPORT, function, oldPtr, oldSize, align, newSize);
        int ptr = (int) result[0];
        try {
            return Bounds.checkRealloc(memory(), ptr, align, newSize);
        } catch (WitTrap trap) {
            owner.poison();
            throw trap;
        }
    }

    private ExportFunction reallocFunction() {
        ExportFunction f = reallocFunction;
        if (f == null) {
            Export export = findExport(REALLOC_EXPORT, ExternalType.FUNCTION);
            if (export == null) {
                throw new WitTrap(WitTrap.Reason.REALLOC,
                        "the host must allocate guest memory, but the guest exports no cabi_realloc function");
            }
            FunctionType type = instance.exportType(REALLOC_EXPORT);
            if (!REALLOC_TYPE.equals(type)) {
                throw new WitTrap(WitTrap.Reason.REALLOC, "the guest's cabi_realloc has type "
                        + ChicoryTypes.format(type) + ", not " + ChicoryTypes.format(REALLOC_TYPE));
            }
            f = instance.export(REALLOC_EXPORT);
            reallocFunction = f;
        }
        return f;
    }

    /** The export named {@code name} of kind {@code type}, or {@code null}. */
    Export findExport(String name, ExternalType type) {
        ExportSection exports = instance.module().exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export e = exports.getExport(i);
            if (e.name().equals(name)) {
                return e.exportType() == type ? e : null;
            }
        }
        return null;
    }
}
