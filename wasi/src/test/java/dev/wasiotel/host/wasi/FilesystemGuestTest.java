package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.DescriptorType;
import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wasi:filesystem} driven through guest memory and the generated glue: reading, writing,
 * listing and stat inside a preopen, the sandbox refusing every way out, read-only preopens, and
 * host files released when the guest drops its handles.
 */
class FilesystemGuestTest {
    static final String TYPES = "wasi:filesystem/types";
    static final int FOLLOW = 1;
    static final int CREATE = 1;
    static final int DIRECTORY = 2;
    static final int EXCLUSIVE = 4;
    static final int TRUNCATE = 8;
    static final int READ = 1;
    static final int WRITE = 2;
    static final int MUTATE = 32;

    @TempDir
    Path tmp;
    Path root;
    Path outside;

    /** The outcome of a call returning {@code result<T, error-code>}: a handle or value, or the error. */
    record Outcome(boolean ok, long value) {
        ErrorCode error() {
            assertFalse(ok, "expected an error, got ok " + value);
            return ErrorCode.values()[(int) value];
        }

        int handle() {
            assertTrue(ok, () -> "expected ok, got " + ErrorCode.values()[(int) value]);
            return (int) value;
        }
    }

    @BeforeEach
    void files() throws Exception {
        root = Files.createDirectory(tmp.resolve("root"));
        outside = Files.createDirectory(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        Files.writeString(root.resolve("a.txt"), "alpha");
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/b.txt"), "beta!");
    }

    private TrampolineGuest guest(boolean readOnly) {
        return new TrampolineGuest(WasiConfig.builder().preopen(root, "/work", readOnly).build());
    }

    static int preopen(TrampolineGuest g) {
        int r = g.ret();
        g.call("wasi:filesystem/preopens", "get-directories", r);
        assertEquals(1, g.i32(r + 4), "one preopen");
        int entry = g.i32(r);
        assertEquals("/work", g.stringAt(entry + 4));
        return g.i32(entry);
    }

    static Outcome openAt(TrampolineGuest g, int dir, int pathFlags, String path, int openFlags, int flags) {
        long[] p = g.str(path);
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.open-at", dir, pathFlags, p[0], p[1], openFlags, flags, r);
        return outcome4(g, r);
    }

    /** result<T, error-code> whose payload is at offset 4. */
    static Outcome outcome4(TrampolineGuest g, int r) {
        return g.u8(r) == 0 ? new Outcome(true, g.i32(r + 4)) : new Outcome(false, g.u8(r + 4));
    }

    /** result<_, error-code>: 0 if ok, else 1 + the error code. */
    static Outcome unitOutcome(TrampolineGuest g, int r) {
        return g.u8(r) == 0 ? new Outcome(true, 0) : new Outcome(false, g.u8(r + 1));
    }

    static Outcome pathCall(TrampolineGuest g, String function, int dir, String path) {
        long[] p = g.str(path);
        int r = g.ret();
        g.call(TYPES, "[method]descriptor." + function, dir, p[0], p[1], r);
        return unitOutcome(g, r);
    }

    static Outcome statAt(TrampolineGuest g, int dir, int pathFlags, String path, long[] typeAndSize) {
        long[] p = g.str(path);
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.stat-at", dir, pathFlags, p[0], p[1], r);
        if (g.u8(r) != 0) {
            return new Outcome(false, g.u8(r + 8));
        }
        typeAndSize[0] = g.u8(r + 8);
        typeAndSize[1] = g.i64(r + 24);
        return new Outcome(true, 0);
    }

    static byte[] read(TrampolineGuest g, int file, long len, long offset, boolean[] eof) {
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.read", file, len, offset, r);
        assertEquals(0, g.u8(r), () -> "read failed: " + ErrorCode.values()[g.u8(r + 4)]);
        eof[0] = g.u8(r + 12) != 0;
        return g.bytesAt(r + 4);
    }

    static void drop(TrampolineGuest g, int descriptor) {
        g.call(TYPES, "[resource-drop]descriptor", descriptor);
    }

    @Test
    void writesAndReadsAFile() throws Exception {
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        int file = openAt(g, dir, 0, "new.txt", CREATE | EXCLUSIVE, READ | WRITE).handle();
        long[] data = g.str("hello, file");
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.write", file, data[0], data[1], 0L, r);
        assertEquals(0, g.u8(r));
        assertEquals(11, g.i64(r + 8));
        assertEquals("hello, file", Files.readString(root.resolve("new.txt")));

        boolean[] eof = new boolean[1];
        assertArrayEquals("file".getBytes(StandardCharsets.UTF_8), read(g, file, 100, 7, eof));
        assertTrue(eof[0]);
        assertArrayEquals("hello".getBytes(StandardCharsets.UTF_8), read(g, file, 5, 0, eof));
        assertFalse(eof[0]);
        assertEquals(0, read(g, file, 5, 1000, eof).length);
        assertTrue(eof[0]);

        assertEquals(ErrorCode.EXIST, openAt(g, dir, 0, "new.txt", CREATE | EXCLUSIVE, WRITE).error());
        drop(g, file);
        drop(g, dir);
    }

    @Test
    void readsAHugeLengthInBoundedChunks() throws Exception {
        byte[] big = new byte[HostInputStream.MAX_READ * 2 + 5];
        new java.util.Random(7).nextBytes(big);
        Files.write(root.resolve("big.bin"), big);
        TrampolineGuest g = guest(true);
        int file = openAt(g, preopen(g), 0, "big.bin", 0, READ).handle();
        boolean[] eof = new boolean[1];
        byte[] first = read(g, file, -1L, 0, eof);
        assertEquals(HostInputStream.MAX_READ, first.length);
        assertFalse(eof[0]);
        assertArrayEquals(java.util.Arrays.copyOf(big, first.length), first);
    }

    @Test
    void listsADirectoryWithEntryTypes() {
        TrampolineGuest g = guest(true);
        int dir = preopen(g);
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.read-directory", dir, r);
        int stream = outcome4(g, r).handle();
        Map<String, DescriptorType> entries = new HashMap<>();
        while (true) {
            int e = g.ret();
            g.call(TYPES, "[method]directory-entry-stream.read-directory-entry", stream, e);
            assertEquals(0, g.u8(e));
            if (g.u8(e + 4) == 0) {
                break;
            }
            entries.put(g.stringAt(e + 12), DescriptorType.values()[g.u8(e + 8)]);
        }
        assertEquals(Map.of("a.txt", DescriptorType.REGULAR_FILE, "sub", DescriptorType.DIRECTORY), entries);
        assertEquals(1, g.wasi.openFiles(), "the listing holds a host directory stream");
        g.call(TYPES, "[resource-drop]directory-entry-stream", stream);
        assertEquals(0, g.wasi.openFiles());
    }

    @Test
    void statsFilesAndDirectories() {
        TrampolineGuest g = guest(true);
        int dir = preopen(g);
        long[] ts = new long[2];
        assertTrue(statAt(g, dir, 0, "a.txt", ts).ok());
        assertEquals(DescriptorType.REGULAR_FILE.ordinal(), ts[0]);
        assertEquals(5, ts[1]);
        assertTrue(statAt(g, dir, 0, "sub", ts).ok());
        assertEquals(DescriptorType.DIRECTORY.ordinal(), ts[0]);
        assertEquals(ErrorCode.NO_ENTRY, statAt(g, dir, 0, "missing", ts).error());
        assertEquals(ErrorCode.NOT_DIRECTORY, statAt(g, dir, 0, "a.txt/x", ts).error());
    }

    @Test
    void dotDotInsideThePreopenIsFine() {
        TrampolineGuest g = guest(true);
        int dir = preopen(g);
        int file = openAt(g, dir, 0, "sub/../sub/./b.txt", 0, READ).handle();
        boolean[] eof = new boolean[1];
        assertEquals("beta!", new String(read(g, file, 10, 0, eof), StandardCharsets.UTF_8));
    }

    @Test
    void refusesEveryWayOut() throws Exception {
        Files.createSymbolicLink(root.resolve("out"), outside);
        Files.createSymbolicLink(root.resolve("abs"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("rel"), Path.of("../outside/secret.txt"));
        Files.createSymbolicLink(root.resolve("sub/up"), Path.of("../../outside"));
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        for (String path : new String[] {"../outside/secret.txt", "/etc/passwd", "sub/../../outside/secret.txt",
                "..", "sub/up/secret.txt"}) {
            assertEquals(ErrorCode.NOT_PERMITTED, openAt(g, dir, 0, path, 0, READ).error(), path);
        }
        for (String path : new String[] {"out/secret.txt", "abs", "rel", "out"}) {
            assertEquals(ErrorCode.NOT_PERMITTED, openAt(g, dir, FOLLOW, path, 0, READ).error(), path);
            assertEquals(ErrorCode.NOT_PERMITTED, statAt(g, dir, FOLLOW, path, new long[2]).error(), path);
        }
        // without symlink-follow a link is not opened at all
        assertEquals(ErrorCode.LOOP, openAt(g, dir, 0, "abs", 0, READ).error());
        // a subdirectory's descriptor is a sandbox of its own
        int sub = openAt(g, dir, 0, "sub", DIRECTORY, READ | MUTATE).handle();
        assertEquals(ErrorCode.NOT_PERMITTED, openAt(g, sub, 0, "../a.txt", 0, READ).error());
        assertEquals(ErrorCode.NOT_PERMITTED, pathCall(g, "create-directory-at", dir, "../escape").error());
        assertFalse(Files.exists(tmp.resolve("escape")));
        assertEquals("secret", Files.readString(outside.resolve("secret.txt")));
    }

    @Test
    void symbolicLinksInsideThePreopenWork() throws Exception {
        Files.createSymbolicLink(root.resolve("inner"), Path.of("sub/b.txt"));
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        int file = openAt(g, dir, FOLLOW, "inner", 0, READ).handle();
        boolean[] eof = new boolean[1];
        assertEquals("beta!", new String(read(g, file, 10, 0, eof), StandardCharsets.UTF_8));

        long[] target = g.str("../../outside/secret.txt");
        long[] name = g.str("made");
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.symlink-at", dir, target[0], target[1], name[0], name[1], r);
        assertTrue(unitOutcome(g, r).ok(), "a link may point anywhere; following it is what is checked");
        assertEquals(ErrorCode.NOT_PERMITTED, openAt(g, dir, FOLLOW, "made", 0, READ).error());

        long[] p = g.str("made");
        int rl = g.ret();
        g.call(TYPES, "[method]descriptor.readlink-at", dir, p[0], p[1], rl);
        assertEquals(0, g.u8(rl));
        assertEquals("../../outside/secret.txt", g.stringAt(rl + 4));

        long[] absolute = g.str("/etc/passwd");
        long[] name2 = g.str("made2");
        g.call(TYPES, "[method]descriptor.symlink-at", dir, absolute[0], absolute[1], name2[0], name2[1], r);
        assertEquals(ErrorCode.NOT_PERMITTED, unitOutcome(g, r).error());
    }

    @Test
    void aReadOnlyPreopenRefusesChanges() throws Exception {
        TrampolineGuest g = guest(true);
        int dir = preopen(g);
        assertEquals(ErrorCode.READ_ONLY, openAt(g, dir, 0, "new.txt", CREATE, WRITE).error());
        assertEquals(ErrorCode.READ_ONLY, openAt(g, dir, 0, "a.txt", 0, READ | WRITE).error());
        assertEquals(ErrorCode.READ_ONLY, openAt(g, dir, 0, "a.txt", TRUNCATE, READ).error());
        assertEquals(ErrorCode.READ_ONLY, pathCall(g, "create-directory-at", dir, "d").error());
        assertEquals(ErrorCode.READ_ONLY, pathCall(g, "unlink-file-at", dir, "a.txt").error());
        assertEquals(ErrorCode.READ_ONLY, pathCall(g, "remove-directory-at", dir, "sub").error());
        int sub = openAt(g, dir, 0, "sub", DIRECTORY, READ).handle();
        assertEquals(ErrorCode.READ_ONLY, pathCall(g, "unlink-file-at", sub, "b.txt").error());
        assertEquals("alpha", Files.readString(root.resolve("a.txt")));
        assertTrue(Files.exists(root.resolve("sub/b.txt")));
        int file = openAt(g, dir, 0, "a.txt", 0, READ).handle();
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.write-via-stream", file, 0L, r);
        assertEquals(ErrorCode.BAD_DESCRIPTOR, outcome4(g, r).error());
    }

    @Test
    void aReadOnlyFileCannotBeLinkedOrMovedIntoAWritableDirectory() throws Exception {
        Path writable = Files.createDirectory(tmp.resolve("writable"));
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder()
                .preopen(root, "/ro", true).preopen(writable, "/rw", false).build());
        int r = g.ret();
        g.call("wasi:filesystem/preopens", "get-directories", r);
        int ro = g.i32(g.i32(r));
        int rw = g.i32(g.i32(r) + 12);
        long[] from = g.str("a.txt");
        long[] to = g.str("a-link.txt");
        int out = g.ret();
        g.call(TYPES, "[method]descriptor.link-at", ro, 0, from[0], from[1], rw, to[0], to[1], out);
        assertEquals(ErrorCode.READ_ONLY, unitOutcome(g, out).error());
        g.call(TYPES, "[method]descriptor.rename-at", ro, from[0], from[1], rw, to[0], to[1], out);
        assertEquals(ErrorCode.READ_ONLY, unitOutcome(g, out).error());
        assertFalse(Files.exists(writable.resolve("a-link.txt")));
        assertTrue(Files.exists(root.resolve("a.txt")));
        // the other way round is fine
        Files.writeString(writable.resolve("w.txt"), "w");
        long[] w = g.str("w.txt");
        g.call(TYPES, "[method]descriptor.link-at", rw, 0, w[0], w[1], rw, to[0], to[1], out);
        assertTrue(unitOutcome(g, out).ok());
        assertEquals("w", Files.readString(writable.resolve("a-link.txt")));
    }

    @Test
    void createsRenamesAndRemoves() throws Exception {
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        assertTrue(pathCall(g, "create-directory-at", dir, "made").ok());
        assertTrue(Files.isDirectory(root.resolve("made")));
        assertEquals(ErrorCode.EXIST, pathCall(g, "create-directory-at", dir, "made").error());

        long[] from = g.str("a.txt");
        long[] to = g.str("made/renamed.txt");
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.rename-at", dir, from[0], from[1], dir, to[0], to[1], r);
        assertTrue(unitOutcome(g, r).ok());
        assertEquals("alpha", Files.readString(root.resolve("made/renamed.txt")));
        assertFalse(Files.exists(root.resolve("a.txt")));

        assertEquals(ErrorCode.NOT_EMPTY, pathCall(g, "remove-directory-at", dir, "made").error());
        assertEquals(ErrorCode.IS_DIRECTORY, pathCall(g, "unlink-file-at", dir, "made").error());
        assertEquals(ErrorCode.NOT_DIRECTORY, pathCall(g, "remove-directory-at", dir, "made/renamed.txt").error());
        assertTrue(pathCall(g, "unlink-file-at", dir, "made/renamed.txt").ok());
        assertTrue(pathCall(g, "remove-directory-at", dir, "made").ok());
        assertFalse(Files.exists(root.resolve("made")));
        assertEquals(ErrorCode.NO_ENTRY, pathCall(g, "unlink-file-at", dir, "made").error());
    }

    @Test
    void streamsOfAFileOutliveItsDescriptor() throws Exception {
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        int file = openAt(g, dir, 0, "log.txt", CREATE, READ | WRITE).handle();
        assertEquals(1, g.wasi.openFiles());
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.append-via-stream", file, r);
        int out = outcome4(g, r).handle();
        g.call(TYPES, "[method]descriptor.read-via-stream", file, 0L, r);
        int in = outcome4(g, r).handle();
        drop(g, file);
        assertEquals(1, g.wasi.openFiles(), "the streams still use the file");

        long[] line = g.str("one line\n");
        int w = g.ret();
        g.call("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", out, line[0], line[1], w);
        assertEquals(0, g.u8(w));
        g.call("wasi:io/streams", "[method]output-stream.blocking-write-and-flush", out, line[0], line[1], w);
        assertEquals("one line\none line\n", Files.readString(root.resolve("log.txt")));

        int rd = g.ret();
        g.call("wasi:io/streams", "[method]input-stream.blocking-read", in, 4L, rd);
        assertEquals(0, g.u8(rd));
        assertEquals("one ", new String(g.bytesAt(rd + 4), StandardCharsets.UTF_8));

        g.call("wasi:io/streams", "[resource-drop]output-stream", out);
        assertEquals(1, g.wasi.openFiles());
        g.call("wasi:io/streams", "[resource-drop]input-stream", in);
        assertEquals(0, g.wasi.openFiles(), "dropping the last handle closes the host file");
    }

    @Test
    void closingTheWasiClosesWhatTheGuestLeftOpen() throws Exception {
        TrampolineGuest g = guest(false);
        int dir = preopen(g);
        int file = openAt(g, dir, 0, "a.txt", 0, READ | WRITE).handle();
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.read-directory", dir, r);
        outcome4(g, r).handle();
        assertEquals(2, g.wasi.openFiles());
        g.wasi.close();
        assertEquals(0, g.wasi.openFiles());
        g.call(TYPES, "[method]descriptor.read", file, 1L, 0L, r);
        assertEquals(ErrorCode.BAD_DESCRIPTOR, outcome4(g, r).error());
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, openAt(g, dir, 0, "a.txt", 0, READ).error());
        drop(g, file);
        assertEquals(0, g.wasi.openFiles());
    }

    @Test
    void openFilesAreLimited() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().preopen(root, "/work", true).maxOpenFiles(2).build());
        int dir = preopen(g);
        int first = openAt(g, dir, 0, "a.txt", 0, READ).handle();
        openAt(g, dir, 0, "sub/b.txt", 0, READ).handle();
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, openAt(g, dir, 0, "a.txt", 0, READ).error());
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.read-directory", dir, r);
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, outcome4(g, r).error());
        drop(g, first);
        openAt(g, dir, 0, "a.txt", 0, READ).handle();
    }

    @Test
    void oneWasiServesInstancesEachWithItsOwnFiles() {
        Wasi wasi = Wasi.of(WasiConfig.builder().preopen(root, "/work", true).maxOpenFiles(1).build());
        List<HostFunctionDef> defs = wasi.functions(StringEncoding.UTF8); // one set of host functions
        TrampolineGuest a = new TrampolineGuest(wasi, defs);
        TrampolineGuest b = new TrampolineGuest(wasi, defs);
        int dirA = preopen(a);
        int dirB = preopen(b);
        // each instance has its own budget of one file
        int fileA = openAt(a, dirA, 0, "a.txt", 0, READ).handle();
        int fileB = openAt(b, dirB, 0, "sub/b.txt", 0, READ).handle();
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, openAt(a, dirA, 0, "a.txt", 0, READ).error());
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, openAt(b, dirB, 0, "a.txt", 0, READ).error());
        assertEquals(2, wasi.openFiles(), "the Wasi sees every instance's files");
        // interleaved reads: each handle is the instance's own (the same number in both tables)
        assertEquals("beta", read(b, fileB, 4));
        assertEquals("alph", read(a, fileA, 4));
        // a's drop frees a's budget only
        drop(a, fileA);
        assertEquals(1, wasi.openFiles());
        assertEquals(ErrorCode.INSUFFICIENT_MEMORY, openAt(b, dirB, 0, "a.txt", 0, READ).error());
        int again = openAt(a, dirA, 0, "sub/b.txt", 0, READ).handle();
        assertEquals("beta!", read(a, again, 16));
        // closing the Wasi closes what both left open
        wasi.close();
        assertEquals(0, wasi.openFiles());
        int r = b.ret();
        b.call(TYPES, "[method]descriptor.read", fileB, 1L, 0L, r);
        assertEquals(ErrorCode.BAD_DESCRIPTOR, outcome4(b, r).error());
    }

    /** {@code descriptor.read} of up to {@code n} bytes at offset 0, as text. */
    private static String read(TrampolineGuest g, int file, long n) {
        int r = g.ret();
        g.call(TYPES, "[method]descriptor.read", file, n, 0L, r);
        assertEquals(0, g.u8(r), "read ok");
        return new String(g.bytesAt(r + 4), StandardCharsets.UTF_8);
    }

    @Test
    void noPreopensByDefault() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        int r = g.ret();
        g.call("wasi:filesystem/preopens", "get-directories", r);
        assertEquals(0, g.i32(r + 4));
    }
}
