package dev.wasiotel.wit.runtime.testing;

import dev.wasiotel.wit.abi.Layout;
import dev.wasiotel.wit.runtime.Bounds;
import dev.wasiotel.wit.runtime.ByteArrayMemory;
import dev.wasiotel.wit.runtime.Realloc;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code cabi_realloc} of the store vectors (store.json): a bump allocator from {@code base}
 * that shrinks in place and copies the old block when it grows, logging every call as {@code
 * [old_ptr, old_size, align, new_size, returned_ptr]}.
 */
public final class BumpAllocator implements Realloc {
    private final ByteArrayMemory memory;
    private int next;
    private final List<List<Integer>> log = new ArrayList<>();

    /**
     * @param memory the memory it allocates in
     * @param base the first address it hands out (aligned up)
     */
    public BumpAllocator(ByteArrayMemory memory, int base) {
        this.memory = memory;
        this.next = base;
    }

    @Override
    public int realloc(int oldPtr, int oldSize, int align, int newSize) {
        int ret;
        if (oldPtr != 0 && newSize < oldSize) {
            ret = Layout.alignTo(oldPtr, align);
        } else {
            ret = Layout.alignTo(next, align);
            next = ret + newSize;
            if (oldPtr != 0) {
                System.arraycopy(memory.bytes(), oldPtr, memory.bytes(), ret, oldSize);
            }
        }
        log.add(List.of(oldPtr, oldSize, align, newSize, ret));
        return Bounds.checkRealloc(memory, ret, align, newSize);
    }

    /** The next address it would hand out: the end of the region written so far. */
    public int next() {
        return next;
    }

    /** Every call so far, in the vectors' {@code realloc_log} JSON form (no spaces). */
    public String log() {
        return log.toString().replace(" ", "");
    }
}
