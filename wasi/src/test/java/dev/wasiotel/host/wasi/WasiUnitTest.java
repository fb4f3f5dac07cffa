package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.host.wasi.bindings.wasi.io.poll.Pollable;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.StreamError;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.Result;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java implementations called directly: configuration, poll, clocks, random, streams, errors. */
class WasiUnitTest {

    @Test
    void functionsCoverExactlyTheProvidedInterfaces() {
        List<HostFunctionDef> defs = Wasi.of(WasiConfig.defaults()).functions(StringEncoding.UTF16);
        Set<String> modules = new TreeSet<>();
        for (HostFunctionDef d : defs) {
            assertTrue(d.module().endsWith("@" + Wasi.VERSION), d.module());
            modules.add(d.module().substring(0, d.module().indexOf('@')));
        }
        assertEquals(new TreeSet<>(Wasi.INTERFACES), modules);
        assertEquals(defs.size(), defs.stream().map(HostFunctionDef::qualifiedName).distinct().count());
    }

    @Test
    void interfacesSplitTheFunctionsByModule() {
        Wasi wasi = Wasi.of(WasiConfig.defaults());
        var interfaces = wasi.interfaces();
        assertEquals(Wasi.INTERFACES.size(), interfaces.size());
        int total = 0;
        for (var e : interfaces.entrySet()) {
            List<HostFunctionDef> defs = e.getValue().apply(StringEncoding.LATIN1_UTF16);
            assertTrue(!defs.isEmpty(), e.getKey());
            for (HostFunctionDef d : defs) {
                assertEquals(e.getKey(), d.module());
            }
            total += defs.size();
        }
        assertEquals(wasi.functions(StringEncoding.UTF8).size(), total);
        List<String> stdout = interfaces.get("wasi:cli/stdout@" + Wasi.VERSION).apply(StringEncoding.UTF8)
                .stream().map(HostFunctionDef::name).toList();
        assertEquals(List.of("get-stdout"), stdout);
    }

    @Test
    void otherWasi02ReleasesGetTheSameFunctions() {
        Wasi wasi = Wasi.of(WasiConfig.defaults());
        List<HostFunctionDef> current = wasi.functions(StringEncoding.UTF8);
        List<HostFunctionDef> old = wasi.functions(StringEncoding.UTF8, "0.2.0");
        assertEquals(current.size(), old.size());
        for (int i = 0; i < old.size(); i++) {
            assertEquals(current.get(i).module().replace("@" + Wasi.VERSION, "@0.2.0"), old.get(i).module());
            assertEquals(current.get(i).name(), old.get(i).name());
            // the WIT type goes along (typed linking); only resource drops have none
            assertEquals(current.get(i).type(), old.get(i).type());
            assertEquals(old.get(i).name().startsWith("[resource-drop]"), old.get(i).type() == null, old.get(i).name());
        }
        for (String bad : new String[] {"0.3.0", "0.2", "0.2.0-rc.1", "1.2.0", "0.2.01"}) {
            assertThrows(IllegalArgumentException.class, () -> wasi.functions(StringEncoding.UTF8, bad), bad);
        }
    }

    @Test
    void aMissingPreopenIsTheEmbeddersError(@TempDir Path tmp) {
        WasiConfig config = WasiConfig.builder().preopen(tmp.resolve("nope"), "/x", true).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Wasi.of(config));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new WasiPreopen(tmp, "", false));
    }

    @Test
    void defaultsShowNothing() {
        WasiConfig config = WasiConfig.defaults();
        assertEquals(List.of(), config.args());
        assertTrue(config.env().isEmpty());
        assertTrue(config.preopens().isEmpty());
        assertEquals(Optional.empty(), config.initialCwd());
        assertEquals(WasiConfig.DEFAULT_MAX_OPEN_FILES, config.maxOpenFiles());
        WasiConfig inherited = WasiConfig.builder().inheritStdio().build();
        assertEquals(System.in, inherited.stdin());
        assertEquals(System.out, inherited.stdout());
        assertEquals(System.err, inherited.stderr());
    }

    @Test
    void pollWaitsForTheEarliestDeadline() {
        ManualClock clock = new ManualClock();
        IoPoll poll = new IoPoll(clock);
        Pollable a = new DeadlinePollable(clock, 50_000);
        Pollable b = new DeadlinePollable(clock, 20_000);
        assertArrayEquals(new int[] {1}, poll.poll(List.of(a, b)));
        assertEquals(20_000, clock.monotonic);
        assertArrayEquals(new int[] {0, 1}, poll.poll(List.of(b, new ReadyPollable())));
        assertEquals(1, clock.sleeps);
        WitTrap empty = assertThrows(WitTrap.class, () -> poll.poll(List.of()));
        assertEquals(WitTrap.Reason.INVALID_ARGUMENT, empty.reason());
    }

    @Test
    void theSystemClockSleepsAndCanBeInterrupted() {
        WasiClock clock = WasiClock.system();
        long start = clock.monotonicNanos();
        clock.sleepUntil(start + 5_000_000);
        assertTrue(clock.monotonicNanos() - start >= 5_000_000);
        Thread.currentThread().interrupt();
        try {
            assertThrows(CancellationException.class, () -> clock.sleepUntil(clock.monotonicNanos() + 60_000_000_000L));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
        long wall = clock.wallClockNanos();
        assertTrue(Math.abs(wall / 1_000_000 - System.currentTimeMillis()) < 10_000);
    }

    @Test
    void durationsSaturate() {
        ManualClock clock = new ManualClock();
        clock.monotonic = -10L; // 2^64 - 10, unsigned
        DeadlinePollable p = (DeadlinePollable) Clocks.monotonic(clock).subscribeDuration(100);
        assertEquals(-1L, p.deadline());
        assertEquals(Clocks.datetime(1_500_000_000L), new dev.wasiotel.host.wasi.bindings.wasi.clocks.wall_clock.Datetime(1, 500_000_000));
    }

    @Test
    void stdinReadsAreBoundedAndSkipCounts() {
        StdinStream in = new StdinStream(new ByteArrayInputStream(new byte[200_000]));
        assertEquals(HostInputStream.MAX_READ, in.read(Long.MAX_VALUE).orElseThrow().length);
        assertEquals(HostInputStream.MAX_READ, (long) in.skip(-1L).orElseThrow());
        assertEquals(0, in.read(0).orElseThrow().length);
        assertEquals(HostInputStream.MAX_READ, (long) in.blockingSkip(1 << 20).orElseThrow());
        assertEquals(200_000 - 3 * HostInputStream.MAX_READ, (long) in.blockingSkip(1 << 20).orElseThrow());
        assertInstanceOf(StreamError.Closed.class, in.read(1).errorOrElseThrow());
    }

    @Test
    void aFailingStdinReportsTheFailureThenClosed() {
        StdinStream in = new StdinStream(new java.io.InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("pipe broke");
            }
        });
        StreamError e = in.blockingRead(10).errorOrElseThrow();
        StreamError.LastOperationFailed failed = assertInstanceOf(StreamError.LastOperationFailed.class, e);
        assertTrue(failed.value().toDebugString().contains("pipe broke"));
        assertInstanceOf(StreamError.Closed.class, in.blockingRead(10).errorOrElseThrow());
    }

    @Test
    void errorCodesFromJavaFailures() {
        assertEquals(ErrorCode.NO_ENTRY, FsErrors.code(new NoSuchFileException("x")));
        assertEquals(ErrorCode.ACCESS, FsErrors.code(new AccessDeniedException("x")));
        assertEquals(ErrorCode.IS_DIRECTORY, FsErrors.code(new FileSystemException("x", null, "Is a directory")));
        assertEquals(ErrorCode.LOOP, FsErrors.code(new FileSystemException("x", null, "Too many levels of symbolic links")));
        assertEquals(ErrorCode.INSUFFICIENT_SPACE, FsErrors.code(new IOException("No space left on device")));
        assertEquals(ErrorCode.IO, FsErrors.code(new IOException("something else")));
        WasiError fileError = FsErrors.streamError("reading", new NoSuchFileException("gone"));
        assertEquals(Optional.of(ErrorCode.NO_ENTRY), new Filesystem(WasiConfig.defaults(), new OpenFiles(1)).filesystemErrorCode(fileError));
    }

    @Test
    void randomSourcesRefuseHugeRequests() {
        RandomSources random = new RandomSources(WasiConfig.builder().insecureSeed(1, 2).build());
        assertEquals(16, random.getRandomBytes(16).length);
        assertEquals(0, random.getInsecureRandomBytes(0).length);
        assertEquals(1L, random.insecureSeed().v1());
        assertThrows(WitTrap.class, () -> random.getRandomBytes(RandomSources.MAX_BYTES + 1L));
        assertThrows(WitTrap.class, () -> random.getInsecureRandomBytes(-1L));
    }

    @Test
    void exitCarriesItsCode() {
        CliExit exit = new CliExit();
        assertEquals(0, assertThrows(WasiExit.class, () -> exit.exit(Result.ok())).code());
        assertEquals(1, assertThrows(WasiExit.class, () -> exit.exit(Result.err())).code());
        assertEquals(7, assertThrows(WasiExit.class, () -> exit.exitWithCode(7)).code());
        WasiExit inner = new WasiExit(3);
        assertEquals(inner, WasiExit.find(new RuntimeException(new IllegalStateException(inner))));
        assertEquals(null, WasiExit.find(new RuntimeException("other")));
    }
}
