package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.Datetime;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.Descriptor;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorStat;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorType;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.NewTimestamp;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.OpenFlags;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.PathFlags;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.wit.runtime.Result;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FsDescriptor} called directly, for the operations the guest tests do not reach. */
class FsDescriptorTest {
    @TempDir
    Path tmp;
    OpenFiles budget = new OpenFiles(10);
    FsDescriptor root;

    @BeforeEach
    void tree() throws Exception {
        Files.writeString(tmp.resolve("f.txt"), "0123456789");
        Files.createDirectory(tmp.resolve("d"));
        root = FsDescriptor.preopen(tmp.toRealPath(), false, budget, new ManualClock());
    }

    private Descriptor open(String path, EnumSet<OpenFlags> how, EnumSet<DescriptorFlags> flags) {
        return root.openAt(EnumSet.noneOf(PathFlags.class), path, how, flags).orElseThrow();
    }

    private static <T> ErrorCode error(Result<T, ErrorCode> r) {
        return r.errorOrElseThrow();
    }

    @Test
    void setSizeShrinksAndGrows() throws Exception {
        Descriptor f = open("f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.READ, DescriptorFlags.WRITE));
        assertTrue(f.setSize(4).isOk());
        assertEquals("0123", Files.readString(tmp.resolve("f.txt")));
        assertTrue(f.setSize(6).isOk());
        assertArrayEquals(new byte[] {'0', '1', '2', '3', 0, 0}, Files.readAllBytes(tmp.resolve("f.txt")));
        Descriptor readOnly = open("f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.READ));
        assertEquals(ErrorCode.BAD_DESCRIPTOR, error(readOnly.setSize(0)));
        assertEquals(ErrorCode.IS_DIRECTORY, error(root.setSize(0)));
    }

    @Test
    void typesFlagsAndStat() {
        Descriptor f = open("f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.READ));
        assertEquals(DescriptorType.REGULAR_FILE, f.getType().orElseThrow());
        assertEquals(DescriptorType.DIRECTORY, root.getType().orElseThrow());
        assertEquals(EnumSet.of(DescriptorFlags.READ), f.getFlags().orElseThrow());
        assertEquals(EnumSet.of(DescriptorFlags.READ, DescriptorFlags.MUTATE_DIRECTORY), root.getFlags().orElseThrow());
        DescriptorStat stat = f.stat().orElseThrow();
        assertEquals(10, stat.size());
        assertEquals(1, stat.linkCount());
        assertTrue(stat.dataModificationTimestamp().isPresent());
        assertEquals(ErrorCode.NOT_DIRECTORY, error(f.statAt(EnumSet.noneOf(PathFlags.class), "x")));
        assertEquals(ErrorCode.IS_DIRECTORY, error(root.read(1, 0)));
    }

    @Test
    void setTimesAndNow() throws Exception {
        Instant when = Instant.ofEpochSecond(1_600_000_000L, 5_000);
        assertTrue(root.setTimesAt(EnumSet.noneOf(PathFlags.class), "f.txt", NewTimestamp.noChange(),
                NewTimestamp.timestamp(new Datetime(when.getEpochSecond(), when.getNano()))).isOk());
        assertEquals(when, Files.getLastModifiedTime(tmp.resolve("f.txt")).toInstant());
        assertTrue(root.setTimesAt(EnumSet.noneOf(PathFlags.class), "f.txt", NewTimestamp.noChange(), NewTimestamp.now()).isOk());
        long wall = new ManualClock().wall;
        assertEquals(wall / 1_000_000_000L, Files.getLastModifiedTime(tmp.resolve("f.txt")).toInstant().getEpochSecond());
        assertEquals(ErrorCode.INVALID, error(root.setTimesAt(EnumSet.noneOf(PathFlags.class), "f.txt", NewTimestamp.noChange(),
                NewTimestamp.timestamp(new Datetime(1, 2_000_000_000L)))));
    }

    @Test
    void sameObjectAndMetadataHash() throws Exception {
        Descriptor a = open("f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.READ));
        Descriptor b = open("d/../f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.noneOf(DescriptorFlags.class));
        Descriptor d = open("d", EnumSet.of(OpenFlags.DIRECTORY), EnumSet.of(DescriptorFlags.READ));
        assertTrue(a.isSameObject(b));
        assertFalse(a.isSameObject(d));
        assertEquals(a.metadataHash().orElseThrow(), b.metadataHash().orElseThrow());
        assertEquals(a.metadataHash().orElseThrow(),
                root.metadataHashAt(EnumSet.noneOf(PathFlags.class), "f.txt").orElseThrow());
        assertNotEquals(a.metadataHash().orElseThrow(), d.metadataHash().orElseThrow());
        assertEquals(0, budget.open() - 1, "only the readable file holds a host file");
    }

    @Test
    void hardLinksAndRenamesKeepPosixRules() throws Exception {
        assertTrue(root.linkAt(EnumSet.noneOf(PathFlags.class), "f.txt", root, "g.txt").isOk());
        assertEquals("0123456789", Files.readString(tmp.resolve("g.txt")));
        assertEquals(ErrorCode.NOT_PERMITTED, error(root.linkAt(EnumSet.noneOf(PathFlags.class), "d", root, "d2")));
        assertEquals(ErrorCode.IS_DIRECTORY, error(root.renameAt("f.txt", root, "d")));
        assertEquals(ErrorCode.NOT_DIRECTORY, error(root.renameAt("d", root, "f.txt")));
        assertTrue(root.renameAt("g.txt", root, "f.txt").isOk(), "a file replaces a file");
        assertEquals(ErrorCode.BUSY, error(root.renameAt(".", root, "x")));
        assertEquals(ErrorCode.INVALID, error(root.removeDirectoryAt(".")));
    }

    @Test
    void readlinkOfAPlainFileIsInvalid() {
        assertEquals(ErrorCode.INVALID, error(root.readlinkAt("f.txt")));
        assertEquals(ErrorCode.NO_ENTRY, error(root.readlinkAt("missing")));
    }

    @Test
    void openFlagsBehaveLikePosix() throws Exception {
        assertEquals(ErrorCode.NOT_DIRECTORY, error(root.openAt(EnumSet.noneOf(PathFlags.class), "f.txt",
                EnumSet.of(OpenFlags.DIRECTORY), EnumSet.of(DescriptorFlags.READ))));
        assertEquals(ErrorCode.IS_DIRECTORY, error(root.openAt(EnumSet.noneOf(PathFlags.class), "d",
                EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.WRITE))));
        Descriptor t = open("f.txt", EnumSet.of(OpenFlags.TRUNCATE), EnumSet.noneOf(DescriptorFlags.class));
        assertEquals(0, Files.size(tmp.resolve("f.txt")));
        assertEquals(ErrorCode.BAD_DESCRIPTOR, error(t.read(1, 0)));
        assertEquals(0, budget.open());
        Descriptor sub = open("d", EnumSet.of(OpenFlags.DIRECTORY), EnumSet.of(DescriptorFlags.READ));
        assertEquals(ErrorCode.NOT_PERMITTED, error(sub.createDirectoryAt("x")), "no mutate-directory, no changes");
    }

    @Test
    void aStreamKeepsReadingAfterTheDescriptorIsClosed() throws Exception {
        Descriptor f = open("f.txt", EnumSet.noneOf(OpenFlags.class), EnumSet.of(DescriptorFlags.READ));
        InputStream in = f.readViaStream(3).orElseThrow();
        f.close();
        assertEquals(1, budget.open());
        assertEquals("3456789", new String(in.blockingRead(100).orElseThrow(), StandardCharsets.UTF_8));
        assertTrue(in.blockingRead(100).isErr());
        in.close();
        in.close();
        assertEquals(0, budget.open());
        assertEquals(ErrorCode.BAD_DESCRIPTOR, error(f.read(1, 0)));
    }
}
