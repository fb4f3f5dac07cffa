package dev.wasiotel.wit.runtime.calls;

import dev.wasiotel.wit.runtime.GuestContext;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.GuestMemory;
import dev.wasiotel.wit.runtime.Realloc;

/**
 * A {@link GuestContext} that counts the bytes host code reads from and writes to the guest's
 * memory through it; everything else is the wrapped context's (its attachments, so per-instance
 * state is shared). One per traced call, on the calling thread.
 */
public final class CountingContext implements GuestContext {
    private final GuestContext context;
    private CountingMemory memory;
    private long read;
    private long written;

    /** Counts what passes through to {@code context}. */
    public CountingContext(GuestContext context) {
        this.context = context;
    }

    /** Bytes read so far. */
    public long bytesRead() {
        return read;
    }

    /** Bytes written so far. */
    public long bytesWritten() {
        return written;
    }

    @Override
    public GuestMemory memory() {
        GuestMemory m = context.memory();
        if (memory == null || memory.delegate != m) {
            memory = new CountingMemory(m);
        }
        return memory;
    }

    @Override
    public Realloc realloc() {
        return context.realloc();
    }

    @Override
    public GuestLimits limits() {
        return context.limits();
    }

    @Override
    public boolean onCallEnd(Runnable listener) {
        return context.onCallEnd(listener);
    }

    @Override
    public <T> T attachment(Class<T> key) {
        return context.attachment(key);
    }

    @Override
    public <T> void putAttachment(Class<T> key, T value) {
        context.putAttachment(key, value);
    }

    private final class CountingMemory implements GuestMemory {
        private final GuestMemory delegate;

        CountingMemory(GuestMemory delegate) {
            this.delegate = delegate;
        }

        @Override
        public long size() {
            return delegate.size();
        }

        @Override
        public byte readByte(int address) {
            read += 1;
            return delegate.readByte(address);
        }

        @Override
        public short readShort(int address) {
            read += 2;
            return delegate.readShort(address);
        }

        @Override
        public int readInt(int address) {
            read += 4;
            return delegate.readInt(address);
        }

        @Override
        public long readLong(int address) {
            read += 8;
            return delegate.readLong(address);
        }

        @Override
        public void readBytes(int address, byte[] target, int offset, int length) {
            read += length;
            delegate.readBytes(address, target, offset, length);
        }

        @Override
        public byte[] readBytes(int address, int length) {
            read += length;
            return delegate.readBytes(address, length);
        }

        @Override
        public void writeByte(int address, byte value) {
            written += 1;
            delegate.writeByte(address, value);
        }

        @Override
        public void writeShort(int address, short value) {
            written += 2;
            delegate.writeShort(address, value);
        }

        @Override
        public void writeInt(int address, int value) {
            written += 4;
            delegate.writeInt(address, value);
        }

        @Override
        public void writeLong(int address, long value) {
            written += 8;
            delegate.writeLong(address, value);
        }

        @Override
        public void writeBytes(int address, byte[] source, int offset, int length) {
            written += length;
            delegate.writeBytes(address, source, offset, length);
        }
    }
}
