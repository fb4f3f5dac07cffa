package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.Advice;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.Descriptor;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorStat;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorType;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DirectoryEntryStream;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.MetadataHashValue;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.NewTimestamp;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.OpenFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.PathFlags;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.Tuple2;
import dev.wasiotel.wit.runtime.Unit;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;

/**
 * {@code wasi:filesystem/types.descriptor}: an open directory or file inside a preopened
 * directory. A directory descriptor is a capability for what lies below it: every {@code *-at}
 * path is resolved by {@link Sandbox} relative to it. What the guest may do is fixed by the
 * descriptor's flags ({@code read}, {@code write}, {@code mutate-directory}) and by the preopen's
 * read-only flag, which no descriptor below it can lift.
 */
final class FsDescriptor implements Descriptor {
    private final Path path;
    private final boolean directory;
    private final EnumSet<DescriptorFlags> flags;
    private final boolean readOnlyTree;
    /** The open file, for a file opened for reading or writing; else null. */
    private final SharedChannel file;
    /** Where open host files are registered (and limited). */
    private final OpenFiles budget;
    private final WasiClock clock;
    private boolean released;

    private FsDescriptor(Path path, boolean directory, EnumSet<DescriptorFlags> flags, boolean readOnlyTree,
            SharedChannel file, OpenFiles budget, WasiClock clock) {
        this.path = path;
        this.directory = directory;
        this.flags = flags;
        this.readOnlyTree = readOnlyTree;
        this.file = file;
        this.budget = budget;
        this.clock = clock;
    }

    /** The descriptor of a preopened directory ({@code root} a real path). */
    static FsDescriptor preopen(Path root, boolean readOnly, OpenFiles budget, WasiClock clock) {
        EnumSet<DescriptorFlags> flags = readOnly
                ? EnumSet.of(DescriptorFlags.READ)
                : EnumSet.of(DescriptorFlags.READ, DescriptorFlags.MUTATE_DIRECTORY);
        return new FsDescriptor(root, true, flags, readOnly, null, budget, clock);
    }

    // ---- streams and file contents ----

    @Override
    public Result<InputStream, ErrorCode> readViaStream(long offset) {
        return FsErrors.attempt(() -> new FileReadStream(openFile(DescriptorFlags.READ), offset));
    }

    @Override
    public Result<OutputStream, ErrorCode> writeViaStream(long offset) {
        return FsErrors.attempt(() -> new FileWriteStream(openFile(DescriptorFlags.WRITE), offset, false));
    }

    @Override
    public Result<OutputStream, ErrorCode> appendViaStream() {
        return FsErrors.attempt(() -> new FileWriteStream(openFile(DescriptorFlags.WRITE), 0, true));
    }

    @Override
    public Result<Unit, ErrorCode> advise(long offset, long length, Advice advice) {
        return FsErrors.attempt(() -> {
            openFile(null);
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> syncData() {
        return FsErrors.attempt(() -> force(false));
    }

    @Override
    public Result<Unit, ErrorCode> sync() {
        return FsErrors.attempt(() -> force(true));
    }

    @Override
    public Result<EnumSet<DescriptorFlags>, ErrorCode> getFlags() {
        return Result.ok(EnumSet.copyOf(flags));
    }

    @Override
    public Result<DescriptorType, ErrorCode> getType() {
        return FsErrors.attempt(() -> FsStat.type(path));
    }

    @Override
    public Result<Unit, ErrorCode> setSize(long size) {
        return FsErrors.attempt(() -> {
            FileChannel ch = openFile(DescriptorFlags.WRITE).channel();
            if (size < 0) {
                throw FsErrors.of(ErrorCode.FILE_TOO_LARGE, "size beyond 2^63");
            }
            long current = ch.size();
            if (size < current) {
                ch.truncate(size);
            } else if (size > current) {
                ch.write(ByteBuffer.wrap(new byte[1]), size - 1);
            }
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> setTimes(NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp) {
        return FsErrors.attempt(() -> {
            requireWritableTree();
            FsTimes.set(path, dataAccessTimestamp, dataModificationTimestamp, clock);
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Tuple2<byte[], Boolean>, ErrorCode> read(long length, long offset) {
        return FsErrors.attempt(() -> {
            FileChannel ch = openFile(DescriptorFlags.READ).channel();
            long size = ch.size();
            if (offset < 0 || offset >= size) {
                return new Tuple2<>(new byte[0], true);
            }
            long wanted = Long.compareUnsigned(length, HostInputStream.MAX_READ) > 0 ? HostInputStream.MAX_READ : length;
            byte[] buffer = new byte[(int) Math.min(wanted, size - offset)];
            ByteBuffer bb = ByteBuffer.wrap(buffer);
            while (bb.hasRemaining()) {
                if (ch.read(bb, offset + bb.position()) < 0) {
                    break;
                }
            }
            byte[] got = bb.position() == buffer.length ? buffer : Arrays.copyOf(buffer, bb.position());
            return new Tuple2<>(got, offset + got.length >= ch.size());
        });
    }

    @Override
    public Result<Long, ErrorCode> write(byte[] buffer, long offset) {
        return FsErrors.attempt(() -> {
            FileChannel ch = openFile(DescriptorFlags.WRITE).channel();
            if (offset < 0) {
                throw FsErrors.of(ErrorCode.FILE_TOO_LARGE, "offset beyond 2^63");
            }
            ByteBuffer bb = ByteBuffer.wrap(buffer);
            while (bb.hasRemaining()) {
                ch.write(bb, offset + bb.position());
            }
            return (long) buffer.length;
        });
    }

    // ---- directories ----

    @Override
    public Result<DirectoryEntryStream, ErrorCode> readDirectory() {
        return FsErrors.attempt(() -> {
            requireDirectory();
            DirectoryStream<Path> listing = Files.newDirectoryStream(path);
            FsDirectoryEntryStream entries = new FsDirectoryEntryStream(listing, budget);
            if (!budget.tryAdd(entries)) {
                listing.close();
                throw FsOpen.tooManyOpen();
            }
            return entries;
        });
    }

    @Override
    public Result<Unit, ErrorCode> createDirectoryAt(String p) {
        return FsErrors.attempt(() -> {
            Sandbox.Resolved r = resolveForChange(p);
            if (r.isRoot()) {
                throw FsErrors.of(ErrorCode.EXIST, "the directory itself exists");
            }
            Files.createDirectory(r.path());
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<DescriptorStat, ErrorCode> stat() {
        return FsErrors.attempt(() -> FsStat.stat(path));
    }

    @Override
    public Result<DescriptorStat, ErrorCode> statAt(EnumSet<PathFlags> pathFlags, String p) {
        return FsErrors.attempt(() -> FsStat.stat(resolve(p, pathFlags.contains(PathFlags.SYMLINK_FOLLOW)).path()));
    }

    @Override
    public Result<Unit, ErrorCode> setTimesAt(EnumSet<PathFlags> pathFlags, String p,
            NewTimestamp dataAccessTimestamp, NewTimestamp dataModificationTimestamp) {
        return FsErrors.attempt(() -> {
            requireWritableTree();
            Path target = resolve(p, pathFlags.contains(PathFlags.SYMLINK_FOLLOW)).path();
            FsTimes.set(target, dataAccessTimestamp, dataModificationTimestamp, clock);
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> linkAt(EnumSet<PathFlags> oldPathFlags, String oldPath,
            Descriptor newDescriptor, String newPath) {
        return FsErrors.attempt(() -> {
            // a link into a writable directory would make a file of a read-only preopen writable
            requireWritableTree();
            Path existing = resolve(oldPath, oldPathFlags.contains(PathFlags.SYMLINK_FOLLOW)).path();
            Sandbox.Resolved link = directoryOf(newDescriptor).resolveForChange(newPath);
            if (link.isRoot()) {
                throw FsErrors.of(ErrorCode.EXIST, "the directory itself exists");
            }
            if (Files.isDirectory(existing, LinkOption.NOFOLLOW_LINKS)) {
                throw FsErrors.of(ErrorCode.NOT_PERMITTED, "directories cannot be hard-linked");
            }
            Files.createLink(link.path(), existing);
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Descriptor, ErrorCode> openAt(EnumSet<PathFlags> pathFlags, String p,
            EnumSet<OpenFlags> openFlags, EnumSet<DescriptorFlags> requested) {
        return FsErrors.attempt(() -> FsOpen.open(this, pathFlags, p, openFlags, requested));
    }

    @Override
    public Result<String, ErrorCode> readlinkAt(String p) {
        return FsErrors.attempt(() -> {
            Path link = resolve(p, false).path();
            if (!Files.isSymbolicLink(link)) {
                if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    throw new NoSuchFileException(p);
                }
                throw FsErrors.of(ErrorCode.INVALID, p + " is not a symbolic link");
            }
            return Files.readSymbolicLink(link).toString();
        });
    }

    @Override
    public Result<Unit, ErrorCode> removeDirectoryAt(String p) {
        return FsErrors.attempt(() -> {
            Sandbox.Resolved r = resolveForChange(p);
            if (r.isRoot()) {
                throw FsErrors.of(ErrorCode.INVALID, "cannot remove the directory itself");
            }
            BasicFileAttributes attrs = Files.readAttributes(r.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isDirectory()) {
                throw FsErrors.of(ErrorCode.NOT_DIRECTORY, p + " is not a directory");
            }
            Files.delete(r.path());
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> renameAt(String oldPath, Descriptor newDescriptor, String newPath) {
        return FsErrors.attempt(() -> {
            Sandbox.Resolved from = resolveForChange(oldPath);
            Sandbox.Resolved to = directoryOf(newDescriptor).resolveForChange(newPath);
            if (from.isRoot() || to.isRoot()) {
                throw FsErrors.of(ErrorCode.BUSY, "cannot rename a directory onto or from itself");
            }
            BasicFileAttributes source = Files.readAttributes(from.path(), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (Files.exists(to.path(), LinkOption.NOFOLLOW_LINKS)) {
                // POSIX rename never turns a file into a directory or back; Files.move would
                boolean targetIsDirectory = Files.isDirectory(to.path(), LinkOption.NOFOLLOW_LINKS);
                if (source.isDirectory() && !targetIsDirectory) {
                    throw FsErrors.of(ErrorCode.NOT_DIRECTORY, newPath + " is not a directory");
                }
                if (!source.isDirectory() && targetIsDirectory) {
                    throw FsErrors.of(ErrorCode.IS_DIRECTORY, newPath + " is a directory");
                }
            }
            Files.move(from.path(), to.path(), StandardCopyOption.REPLACE_EXISTING, LinkOption.NOFOLLOW_LINKS);
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> symlinkAt(String oldPath, String newPath) {
        return FsErrors.attempt(() -> {
            if (oldPath.startsWith("/")) {
                throw FsErrors.of(ErrorCode.NOT_PERMITTED, "symbolic links to absolute paths are not allowed");
            }
            if (oldPath.isEmpty() || oldPath.indexOf('\0') >= 0) {
                throw FsErrors.of(oldPath.isEmpty() ? ErrorCode.NO_ENTRY : ErrorCode.INVALID, "bad link target");
            }
            Sandbox.Resolved link = resolveForChange(newPath);
            if (link.isRoot()) {
                throw FsErrors.of(ErrorCode.EXIST, "the directory itself exists");
            }
            Files.createSymbolicLink(link.path(), Path.of(oldPath));
            return Unit.INSTANCE;
        });
    }

    @Override
    public Result<Unit, ErrorCode> unlinkFileAt(String p) {
        return FsErrors.attempt(() -> {
            Sandbox.Resolved r = resolveForChange(p);
            if (r.isRoot() || Files.isDirectory(r.path(), LinkOption.NOFOLLOW_LINKS)) {
                throw FsErrors.of(ErrorCode.IS_DIRECTORY, p + " is a directory");
            }
            Files.delete(r.path());
            return Unit.INSTANCE;
        });
    }

    @Override
    public boolean isSameObject(Descriptor other) {
        if (!(other instanceof FsDescriptor o)) {
            return false;
        }
        try {
            return Files.isSameFile(path, o.path);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public Result<MetadataHashValue, ErrorCode> metadataHash() {
        return FsErrors.attempt(() -> FsStat.hash(path));
    }

    @Override
    public Result<MetadataHashValue, ErrorCode> metadataHashAt(EnumSet<PathFlags> pathFlags, String p) {
        return FsErrors.attempt(() -> FsStat.hash(resolve(p, pathFlags.contains(PathFlags.SYMLINK_FOLLOW)).path()));
    }

    /** Dropping the descriptor closes the host file once no stream of it is left. */
    @Override
    public synchronized void close() {
        if (!released && file != null) {
            file.release();
        }
        released = true;
    }

    // ---- internals ----

    /** The open file, checking that this descriptor is a file with {@code needed} (if not null). */
    private SharedChannel openFile(DescriptorFlags needed) throws IOException {
        if (directory) {
            throw FsErrors.of(ErrorCode.IS_DIRECTORY, "the descriptor is a directory");
        }
        if (needed != null && !flags.contains(needed)) {
            throw FsErrors.of(ErrorCode.BAD_DESCRIPTOR, "the descriptor was not opened for " + needed.name().toLowerCase(Locale.ROOT));
        }
        if (released || (needed != null && file == null)) {
            throw FsErrors.of(ErrorCode.BAD_DESCRIPTOR, "the descriptor has no open file");
        }
        return file;
    }

    private Unit force(boolean metadata) throws IOException {
        if (file != null && !released) {
            file.channel().force(metadata);
        }
        return Unit.INSTANCE;
    }

    /** For {@link FsOpen}: where {@code p} leads, checking first that changes are allowed if asked for. */
    Path resolveForOpen(String p, boolean followLast, boolean changes) throws IOException {
        requireDirectory();
        if (changes) {
            requireMutable();
        }
        return Sandbox.resolve(path, p, followLast).path();
    }

    /** For {@link FsOpen}: a descriptor below this directory, as restricted as this one. */
    FsDescriptor child(Path target, boolean isDirectory, EnumSet<DescriptorFlags> granted, SharedChannel openFile) {
        return new FsDescriptor(target, isDirectory, granted, readOnlyTree, openFile, budget, clock);
    }

    /** Where open host files are registered. */
    OpenFiles registry() {
        return budget;
    }

    private Sandbox.Resolved resolve(String p, boolean followLast) throws IOException {
        requireDirectory();
        return Sandbox.resolve(path, p, followLast);
    }

    /** Resolves a path whose last component is created, removed or renamed (never followed). */
    private Sandbox.Resolved resolveForChange(String p) throws IOException {
        requireDirectory();
        requireMutable();
        return Sandbox.resolve(path, p, false);
    }

    private void requireDirectory() throws IOException {
        if (!directory) {
            throw FsErrors.of(ErrorCode.NOT_DIRECTORY, "the descriptor is not a directory");
        }
    }

    private void requireWritableTree() throws IOException {
        if (readOnlyTree) {
            throw FsErrors.of(ErrorCode.READ_ONLY, "the preopened directory is read-only");
        }
    }

    private void requireMutable() throws IOException {
        requireWritableTree();
        if (!flags.contains(DescriptorFlags.MUTATE_DIRECTORY)) {
            throw FsErrors.of(ErrorCode.NOT_PERMITTED, "the directory was not opened with mutate-directory");
        }
    }

    private static FsDescriptor directoryOf(Descriptor d) throws IOException {
        if (!(d instanceof FsDescriptor fs)) {
            throw FsErrors.of(ErrorCode.BAD_DESCRIPTOR, "not a descriptor of this host");
        }
        fs.requireDirectory();
        return fs;
    }

    @Override
    public String toString() {
        return (directory ? "directory " : "file ") + path + " " + flags + (readOnlyTree ? " (read-only)" : "");
    }
}
