package dev.wasiotel.wit.runtime.testing;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.Realloc;
import java.util.HashMap;
import java.util.Map;

/**
 * A guest instance reduced to what host functions see: one page of linear memory whose start holds
 * bytes the fuzzer chose, a {@code cabi_realloc} that either bumps from the middle of the page (as a
 * conforming guest does) or answers a pointer the fuzzer chose (checked, as every {@link
 * GuestContext} checks its guest's answers), and the instance's host state. Host
 * functions are called on it directly, without an engine, so that a fuzzer runs many calls a second.
 * Shared by the fuzz targets of every module (the runtime's test jar).
 */
public final class FuzzGuest implements GuestContext {
    /** One WebAssembly page. */
    public static final int MEMORY_SIZE = 65_536;

    private final ByteArrayMemory memory = new ByteArrayMemory(MEMORY_SIZE);
    private final Map<Class<?>, Object> attachments = new HashMap<>();
    private final GuestLimits limits;
    private final Realloc realloc;
    private int next = MEMORY_SIZE / 2;

    /**
     * Takes from {@code data}: whether {@code cabi_realloc} conforms (else the pointer it answers),
     * then up to 4 KiB of initial memory contents.
     */
    public FuzzGuest(FuzzedDataProvider data, GuestLimits limits) {
        this.limits = limits;
        Realloc guest;
        if (data.consumeBoolean()) {
            guest = this::bump;
        } else {
            int answer = data.consumeInt();
            guest = (oldPtr, oldSize, align, newSize) -> answer;
        }
        // as GuestContext requires (and an engine's context does): every answer checked
        realloc = (oldPtr, oldSize, align, newSize) ->
                Bounds.checkRealloc(memory, guest.realloc(oldPtr, oldSize, align, newSize), align, newSize);
        byte[] contents = data.consumeBytes(data.consumeInt(0, 4096));
        memory.writeBytes(0, contents, 0, contents.length);
    }

    private int bump(int oldPtr, int oldSize, int align, int newSize) {
        if (oldPtr != 0 && Integer.compareUnsigned(newSize, oldSize) <= 0) {
            return oldPtr;
        }
        int a = Math.max(1, align);
        long ptr = ((long) next + a - 1) / a * a;
        if (ptr + Integer.toUnsignedLong(newSize) > MEMORY_SIZE) {
            return MEMORY_SIZE; // out of memory: the host's check of the answer traps
        }
        if (oldPtr != 0) {
            byte[] old = new byte[Math.min(oldSize, newSize)];
            memory.readBytes(oldPtr, old, 0, old.length);
            memory.writeBytes((int) ptr, old, 0, old.length);
        }
        next = (int) ptr + newSize;
        return (int) ptr;
    }

    /**
     * Core arguments for {@code def} from {@code data}: i32 values mostly small (handles, flags,
     * lengths) or pointers into the page, sometimes any value; i64 and floats any value.
     */
    public static long[] arguments(HostFunctionDef def, FuzzedDataProvider data) {
        long[] args = new long[def.params().size()];
        for (int i = 0; i < args.length; i++) {
            CoreType type = def.params().get(i);
            if (type == CoreType.I64) {
                args[i] = data.consumeLong();
            } else if (type == CoreType.F32) {
                args[i] = Float.floatToRawIntBits(data.consumeFloat());
            } else if (type == CoreType.F64) {
                args[i] = Double.doubleToRawLongBits(data.consumeDouble());
            } else {
                switch (data.consumeInt(0, 3)) {
                    case 0:
                        args[i] = data.consumeInt(0, 16);
                        break;
                    case 1:
                        args[i] = data.consumeInt(0, MEMORY_SIZE);
                        break;
                    case 2:
                        args[i] = data.consumeInt(0, 4096);
                        break;
                    default:
                        args[i] = data.consumeInt();
                        break;
                }
            }
        }
        return args;
    }

    @Override
    public GuestMemory memory() {
        return memory;
    }

    @Override
    public Realloc realloc() {
        return realloc;
    }

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
        if (value == null) {
            attachments.remove(key);
        } else {
            attachments.put(key, value);
        }
    }
}
