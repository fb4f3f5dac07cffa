package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code wasi:cli}, {@code wasi:io}, {@code wasi:clocks} and {@code wasi:random} driven through
 * guest memory and the generated glue.
 */
class InterfacesGuestTest {
    static final String STREAMS = "wasi:io/streams";
    static final String POLL = "wasi:io/poll";

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @Test
    void environmentAndWorkingDirectory() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder()
                .env("HOME", "/home/guest").env("EMPTY", "").initialCwd("/work").build());
        int r = g.ret();
        g.call("wasi:cli/environment", "get-environment", r);
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < g.i32(r + 4); i++) {
            int e = g.i32(r) + i * 16;
            pairs.add(g.stringAt(e) + "=" + g.stringAt(e + 8));
        }
        assertEquals(List.of("HOME=/home/guest", "EMPTY="), pairs);
        g.call("wasi:cli/environment", "initial-cwd", r);
        assertEquals(1, g.u8(r));
        assertEquals("/work", g.stringAt(r + 4));

        TrampolineGuest none = new TrampolineGuest(WasiConfig.defaults());
        int r2 = none.ret();
        none.call("wasi:cli/environment", "get-environment", r2);
        assertEquals(0, none.i32(r2 + 4));
        none.call("wasi:cli/environment", "get-arguments", r2);
        assertEquals(0, none.i32(r2 + 4));
        none.call("wasi:cli/environment", "initial-cwd", r2);
        assertEquals(0, none.u8(r2));
    }

    @Test
    void aUtf16GuestGetsUtf16Strings() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().args("zwei wörter €").build(), StringEncoding.UTF16);
        int r = g.ret();
        g.call("wasi:cli/environment", "get-arguments", r);
        assertEquals(1, g.i32(r + 4));
        int arg = g.i32(r);
        int units = g.i32(arg + 4);
        assertEquals("zwei wörter €".length(), units);
        assertEquals("zwei wörter €", new String(g.read(g.i32(arg), 2 * units), StandardCharsets.UTF_16LE));
    }

    @Test
    void stdioIsNeverATerminal() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        for (String name : new String[] {"stdin", "stdout", "stderr"}) {
            int r = g.ret();
            g.memory.writeByte(r, (byte) 7);
            g.call("wasi:cli/terminal-" + name, "get-terminal-" + name, r);
            assertEquals(0, g.u8(r), name);
        }
    }

    @Test
    void clocksComeFromTheConfiguredClock() {
        ManualClock clock = new ManualClock();
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().clock(clock).build());
        int r = g.ret();
        g.call("wasi:clocks/wall-clock", "now", r);
        assertEquals(clock.wall / 1_000_000_000L, g.i64(r));
        assertEquals(clock.wall % 1_000_000_000L, g.i32(r + 8));
        g.call("wasi:clocks/wall-clock", "resolution", r);
        assertEquals(0, g.i64(r));
        assertEquals(1000, g.i32(r + 8));
        assertEquals(clock.monotonic, g.call("wasi:clocks/monotonic-clock", "now")[0]);
        assertEquals(1, g.call("wasi:clocks/monotonic-clock", "resolution")[0]);
    }

    @Test
    void clockPollablesBecomeReadyWithTime() {
        ManualClock clock = new ManualClock();
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().clock(clock).build());
        int at = g.callInt("wasi:clocks/monotonic-clock", "subscribe-instant", 5_000L);
        int in = g.callInt("wasi:clocks/monotonic-clock", "subscribe-duration", 100L);
        int never = g.callInt("wasi:clocks/monotonic-clock", "subscribe-duration", -1L);
        assertEquals(0, g.callInt(POLL, "[method]pollable.ready", at));
        assertEquals(0, g.callInt(POLL, "[method]pollable.ready", in));
        clock.monotonic = 1_100;
        assertEquals(1, g.callInt(POLL, "[method]pollable.ready", in));
        assertEquals(0, g.callInt(POLL, "[method]pollable.ready", at));
        g.call(POLL, "[method]pollable.block", at);
        assertEquals(5_000L, clock.monotonic, "block slept until the instant");
        assertEquals(0, g.callInt(POLL, "[method]pollable.ready", never), "a saturated deadline is never reached");
        for (int p : new int[] {at, in, never}) {
            g.call(POLL, "[resource-drop]pollable", p);
        }
    }

    @Test
    void pollReturnsTheReadyOnesOrSleepsUntilTheEarliest() {
        ManualClock clock = new ManualClock();
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().clock(clock).build());
        int late = g.callInt("wasi:clocks/monotonic-clock", "subscribe-duration", 9_000L);
        int soon = g.callInt("wasi:clocks/monotonic-clock", "subscribe-duration", 2_000L);
        int out = g.callInt("wasi:cli/stdout", "get-stdout");
        int writable = g.callInt(STREAMS, "[method]output-stream.subscribe", out);

        assertArrayEquals(new int[] {2}, poll(g, late, soon, writable));
        assertEquals(0, clock.sleeps, "something was ready: no waiting");
        assertArrayEquals(new int[] {1}, poll(g, late, soon));
        assertEquals(3_000L, clock.monotonic);
        assertArrayEquals(new int[] {1}, poll(g, late, soon, late));
        assertEquals(3_000L, clock.monotonic);
        assertArrayEquals(new int[] {0, 1}, poll(g, late, late));
        assertEquals(10_000L, clock.monotonic);
    }

    private static int[] poll(TrampolineGuest g, int... handles) {
        int list = g.alloc(4 * handles.length);
        for (int i = 0; i < handles.length; i++) {
            g.memory.writeInt(list + 4 * i, handles[i]);
        }
        int r = g.ret();
        g.call(POLL, "poll", list, handles.length, r);
        int[] out = new int[g.i32(r + 4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = g.i32(g.i32(r) + 4 * i);
        }
        return out;
    }

    @Test
    void pollOfNothingTraps() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        WitTrap trap = assertThrows(WitTrap.class, () -> g.call(POLL, "poll", g.alloc(4), 0, g.ret()));
        assertEquals(WitTrap.Reason.INVALID_ARGUMENT, trap.reason());
    }

    @Test
    void randomBytesComeFromTheConfiguredSources() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder()
                .secureRandom(new Random(1)).insecureRandom(new Random(2)).insecureSeed(3, -4).build());
        byte[] expected = new byte[33];
        new Random(1).nextBytes(expected);
        int r = g.ret();
        g.call("wasi:random/random", "get-random-bytes", 33L, r);
        assertArrayEquals(expected, g.bytesAt(r));
        Random secondSource = new Random(2);
        assertEquals(secondSource.nextLong(), g.call("wasi:random/insecure", "get-insecure-random-u64")[0]);
        g.call("wasi:random/insecure-seed", "insecure-seed", r);
        assertEquals(3, g.i64(r));
        assertEquals(-4, g.i64(r + 8));
    }

    @Test
    void hugeRandomRequestsTrapInsteadOfAllocating() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        WitTrap trap = assertThrows(WitTrap.class, () -> g.call("wasi:random/random", "get-random-bytes", 1L << 40, g.ret()));
        assertEquals(WitTrap.Reason.INVALID_ARGUMENT, trap.reason());
        TrampolineGuest fresh = new TrampolineGuest(WasiConfig.defaults());
        int r = fresh.ret();
        fresh.call("wasi:random/insecure", "get-insecure-random-bytes", (long) RandomSources.MAX_BYTES, r);
        assertEquals(RandomSources.MAX_BYTES, fresh.i32(r + 4));
    }

    @Test
    void outputStreamsKeepTheirContract() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().stdout(stdout).build());
        int out = g.callInt("wasi:cli/stdout", "get-stdout");
        int r = g.ret();
        g.call(STREAMS, "[method]output-stream.check-write", out, r);
        assertEquals(0, g.u8(r));
        assertEquals(HostOutputStream.PERMIT, g.i64(r + 8));
        long[] text = g.str("abc");
        g.call(STREAMS, "[method]output-stream.write", out, text[0], text[1], r);
        assertEquals(0, g.u8(r));
        g.call(STREAMS, "[method]output-stream.write-zeroes", out, 2L, r);
        g.call(STREAMS, "[method]output-stream.flush", out, r);
        assertArrayEquals(new byte[] {'a', 'b', 'c', 0, 0}, stdout.toByteArray());

        long[] tooMuch = g.bytes(new byte[HostOutputStream.MAX_BLOCKING_WRITE + 1]);
        WitTrap trap = assertThrows(WitTrap.class, () -> g.call(STREAMS,
                "[method]output-stream.blocking-write-and-flush", out, tooMuch[0], tooMuch[1], g.ret()));
        assertEquals(WitTrap.Reason.INVALID_ARGUMENT, trap.reason());
    }

    @Test
    void writingBeyondThePermitTraps() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        int out = g.callInt("wasi:cli/stdout", "get-stdout");
        long[] big = g.bytes(new byte[HostOutputStream.PERMIT + 1]);
        WitTrap trap = assertThrows(WitTrap.class,
                () -> g.call(STREAMS, "[method]output-stream.write", out, big[0], big[1], g.ret()));
        assertEquals(WitTrap.Reason.INVALID_ARGUMENT, trap.reason());
    }

    @Test
    void stdinReadsAreBoundedAndEndClosed() {
        byte[] input = new byte[HostInputStream.MAX_READ + 10];
        java.util.Arrays.fill(input, (byte) 'x');
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().stdin(input).build());
        int in = g.callInt("wasi:cli/stdin", "get-stdin");
        int r = g.ret();
        g.call(STREAMS, "[method]input-stream.read", in, -1L, r);
        assertEquals(0, g.u8(r));
        assertEquals(HostInputStream.MAX_READ, g.i32(r + 8), "a u64::MAX request is served in one bounded chunk");
        g.call(STREAMS, "[method]input-stream.skip", in, 100L, r);
        assertEquals(0, g.u8(r));
        g.call(STREAMS, "[method]input-stream.read", in, 100L, r);
        assertEquals(1, g.u8(r));
        assertEquals(1, g.u8(r + 4), "closed");
        int ready = g.callInt(STREAMS, "[method]input-stream.subscribe", in);
        assertEquals(1, g.callInt(POLL, "[method]pollable.ready", ready));
    }

    @Test
    void spliceCopiesStdinToStdout() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder()
                .stdin("spliced".getBytes(StandardCharsets.UTF_8)).stdout(stdout).build());
        int in = g.callInt("wasi:cli/stdin", "get-stdin");
        int out = g.callInt("wasi:cli/stdout", "get-stdout");
        int r = g.ret();
        g.call(STREAMS, "[method]output-stream.blocking-splice", out, in, 100L, r);
        assertEquals(0, g.u8(r));
        assertEquals(7, g.i64(r + 8));
        g.call(STREAMS, "[method]output-stream.splice", out, in, 100L, r);
        assertEquals(1, g.u8(r));
        assertEquals(1, g.u8(r + 8), "the source's closed is reported");
        assertEquals("spliced", stdout.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aFailingSinkReportsAnErrorThenClosed() {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("disk on fire");
            }
        };
        TrampolineGuest g = new TrampolineGuest(WasiConfig.builder().stderr(broken).build());
        int err = g.callInt("wasi:cli/stderr", "get-stderr");
        long[] text = g.str("x");
        int r = g.ret();
        g.call(STREAMS, "[method]output-stream.blocking-write-and-flush", err, text[0], text[1], r);
        assertEquals(1, g.u8(r));
        assertEquals(0, g.u8(r + 4), "last-operation-failed");
        int error = g.i32(r + 8);
        int s = g.ret();
        g.call("wasi:io/error", "[method]error.to-debug-string", error, s);
        assertTrue(g.stringAt(s).contains("disk on fire"), g.stringAt(s));
        g.call("wasi:filesystem/types", "filesystem-error-code", error, s);
        assertEquals(0, g.u8(s), "not a file's error");
        g.call("wasi:io/error", "[resource-drop]error", error);
        g.call(STREAMS, "[method]output-stream.check-write", err, r);
        assertEquals(1, g.u8(r));
        assertEquals(1, g.u8(r + 8), "closed after the failure");
    }

    @Test
    void droppedHandlesAreGone() {
        TrampolineGuest g = new TrampolineGuest(WasiConfig.defaults());
        int out = g.callInt("wasi:cli/stdout", "get-stdout");
        g.call(STREAMS, "[resource-drop]output-stream", out);
        WitTrap trap = assertThrows(WitTrap.class, () -> g.call(STREAMS, "[resource-drop]output-stream", out));
        assertEquals(WitTrap.Reason.INVALID_HANDLE, trap.reason());
    }
}
