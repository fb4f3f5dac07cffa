package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorStat;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorType;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.MetadataHashValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** File metadata as {@code wasi:filesystem} reports it, read without following a final link. */
final class FsStat {
    private FsStat() {
    }

    /** {@code stat}: type, link count, size and the three timestamps where the OS has them. */
    static DescriptorStat stat(Path p) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> unix = unixAttributes(p);
        long links = unix.get("nlink") instanceof Integer n ? n : 1;
        Optional<Datetime> ctime = unix.get("ctime") instanceof FileTime t ? datetime(t) : Optional.empty();
        return new DescriptorStat(type(basic, unix), links, basic.size(),
                datetime(basic.lastAccessTime()), datetime(basic.lastModifiedTime()), ctime);
    }

    /** The type of what {@code p} names. */
    static DescriptorType type(Path p) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return type(basic, basic.isOther() ? unixAttributes(p) : Map.of());
    }

    /** {@code metadata-hash}: the same for the same object and metadata, different otherwise. */
    static MetadataHashValue hash(Path p) throws IOException {
        BasicFileAttributes basic = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String identity = basic.fileKey() + "|" + basic.size() + "|" + basic.lastModifiedTime().toInstant()
                + "|" + basic.creationTime().toInstant();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            ByteBuffer b = ByteBuffer.wrap(digest);
            return new MetadataHashValue(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** A file time as a WASI datetime; none before 1970 (a datetime's seconds are unsigned). */
    static Optional<Datetime> datetime(FileTime time) {
        Instant i = time.toInstant();
        if (i.getEpochSecond() < 0) {
            return Optional.empty();
        }
        return Optional.of(new Datetime(i.getEpochSecond(), i.getNano()));
    }

    private static DescriptorType type(BasicFileAttributes basic, Map<String, Object> unix) {
        if (basic.isDirectory()) {
            return DescriptorType.DIRECTORY;
        }
        if (basic.isRegularFile()) {
            return DescriptorType.REGULAR_FILE;
        }
        if (basic.isSymbolicLink()) {
            return DescriptorType.SYMBOLIC_LINK;
        }
        if (unix.get("mode") instanceof Integer mode) {
            switch (mode & 0170000) {
                case 0140000:
                    return DescriptorType.SOCKET;
                case 0060000:
                    return DescriptorType.BLOCK_DEVICE;
                case 0020000:
                    return DescriptorType.CHARACTER_DEVICE;
                case 0010000:
                    return DescriptorType.FIFO;
                default:
                    break;
            }
        }
        return DescriptorType.UNKNOWN;
    }

    /** The "unix" attribute view where the platform has one (Linux, macOS), else nothing. */
    private static Map<String, Object> unixAttributes(Path p) {
        try {
            return Files.readAttributes(p, "unix:mode,nlink,ctime", LinkOption.NOFOLLOW_LINKS);
        } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
            return Map.of();
        }
    }
}
