package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorType;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DirectoryEntry;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DirectoryEntryStream;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.wit.runtime.Result;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;

/**
 * {@code directory-entry-stream}: the entries of a directory, read lazily from the host (so a
 * large directory costs no memory up front); dropping it closes the host listing.
 */
final class FsDirectoryEntryStream implements DirectoryEntryStream {
    private final DirectoryStream<Path> listing;
    private final Iterator<Path> entries;
    private final OpenFiles budget;
    private boolean closed;

    /** Owns {@code listing}; forgets itself in {@code budget} when closed. */
    FsDirectoryEntryStream(DirectoryStream<Path> listing, OpenFiles budget) {
        this.listing = listing;
        this.entries = listing.iterator();
        this.budget = budget;
    }

    @Override
    public synchronized Result<Optional<DirectoryEntry>, ErrorCode> readDirectoryEntry() {
        if (closed) {
            return Result.ok(Optional.empty());
        }
        try {
            if (!entries.hasNext()) {
                return Result.ok(Optional.empty());
            }
            Path entry = entries.next();
            DescriptorType type;
            try {
                type = FsStat.type(entry);
            } catch (IOException e) {
                // removed since it was listed, or unreadable: still an entry
                type = DescriptorType.UNKNOWN;
            }
            return Result.ok(Optional.of(new DirectoryEntry(type, entry.getFileName().toString())));
        } catch (DirectoryIteratorException e) {
            return Result.err(FsErrors.code(e.getCause()));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listing.close();
        } catch (IOException e) {
            // the listing is gone either way
        } finally {
            budget.remove(this);
        }
    }
}
