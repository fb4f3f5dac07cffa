package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.OpenFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.PathFlags;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code descriptor.open-at} with POSIX {@code openat} semantics: a final symbolic link is never
 * opened unless {@code symlink-follow} is set ({@code loop}), {@code create} + {@code exclusive}
 * fails on anything existing, directories are not opened for writing, and a host file is held open
 * only when the guest asked to read or write it.
 */
final class FsOpen {
    private FsOpen() {
    }

    static FsDescriptor open(FsDescriptor dir, EnumSet<PathFlags> pathFlags, String p, EnumSet<OpenFlags> openFlags,
            EnumSet<DescriptorFlags> requested) throws IOException {
        boolean create = openFlags.contains(OpenFlags.CREATE);
        boolean exclusive = openFlags.contains(OpenFlags.EXCLUSIVE);
        boolean truncate = openFlags.contains(OpenFlags.TRUNCATE);
        boolean changes = create || truncate || requested.contains(DescriptorFlags.WRITE)
                || requested.contains(DescriptorFlags.MUTATE_DIRECTORY);
        Path target = dir.resolveForOpen(p, pathFlags.contains(PathFlags.SYMLINK_FOLLOW), changes);
        BasicFileAttributes attrs = attributesOrNull(target);
        if (attrs != null && create && exclusive) {
            throw FsErrors.of(ErrorCode.EXIST, p + " exists");
        }
        if (attrs != null && attrs.isSymbolicLink()) {
            throw FsErrors.of(ErrorCode.LOOP, p + " is a symbolic link and symlink-follow is not set");
        }
        if (attrs == null && !create) {
            throw new NoSuchFileException(p);
        }
        if (openFlags.contains(OpenFlags.DIRECTORY) && (attrs == null || !attrs.isDirectory())) {
            throw FsErrors.of(attrs == null ? ErrorCode.NO_ENTRY : ErrorCode.NOT_DIRECTORY, p + " is not a directory");
        }
        EnumSet<DescriptorFlags> granted = EnumSet.copyOf(requested);
        if (attrs != null && attrs.isDirectory()) {
            if (requested.contains(DescriptorFlags.WRITE) || truncate) {
                throw FsErrors.of(ErrorCode.IS_DIRECTORY, p + " is a directory");
            }
            return dir.child(target, true, granted, null);
        }
        granted.remove(DescriptorFlags.MUTATE_DIRECTORY);
        boolean read = requested.contains(DescriptorFlags.READ);
        boolean write = requested.contains(DescriptorFlags.WRITE);
        Set<OpenOption> options = new HashSet<>();
        options.add(LinkOption.NOFOLLOW_LINKS);
        if (create) {
            options.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
        }
        if (truncate) {
            options.add(StandardOpenOption.TRUNCATE_EXISTING);
        }
        if (!read && !write) {
            if (create || truncate) {
                // creation or truncation needs a writable open; the descriptor itself keeps none
                options.add(StandardOpenOption.WRITE);
                FileChannel.open(target, options).close();
            }
            return dir.child(target, false, granted, null);
        }
        if (read) {
            options.add(StandardOpenOption.READ);
        }
        if (write) {
            options.add(StandardOpenOption.WRITE);
        }
        SharedChannel shared = SharedChannel.register(FileChannel.open(target, options), dir.registry());
        if (shared == null) {
            throw tooManyOpen();
        }
        return dir.child(target, false, granted, shared);
    }

    /** WASI has no code for EMFILE; {@code insufficient-memory} is the closest. */
    static IOException tooManyOpen() {
        return FsErrors.of(ErrorCode.INSUFFICIENT_MEMORY, "too many open files");
    }

    private static BasicFileAttributes attributesOrNull(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }
}
