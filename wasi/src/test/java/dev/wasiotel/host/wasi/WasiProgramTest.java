package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wasiotel.host.wasi.bindings.wasi.filesystem.types.ErrorCode;
import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.LinkException;
import dev.wasiotel.wit.runtime.chicory.ChicoryHost;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Small programs written in WAT, importing WASI by the names wit-component gives core modules, run
 * on Chicory with {@link Wasi}: printing, reading stdin, arguments, exit codes, sleeping through
 * {@code poll}, reading a file from a preopened directory.
 */
class WasiProgramTest {
    static final String PROGRAM = """
            (module
              (import "wasi:cli/stdout@0.2.12" "get-stdout" (func $get_stdout (result i32)))
              (import "wasi:cli/stderr@0.2.12" "get-stderr" (func $get_stderr (result i32)))
              (import "wasi:cli/stdin@0.2.12" "get-stdin" (func $get_stdin (result i32)))
              (import "wasi:io/streams@0.2.12" "[method]output-stream.blocking-write-and-flush" (func $write_flush (param i32 i32 i32 i32)))
              (import "wasi:io/streams@0.2.12" "[method]input-stream.blocking-read" (func $blocking_read (param i32 i64 i32)))
              (import "wasi:io/streams@0.2.12" "[resource-drop]output-stream" (func $drop_out (param i32)))
              (import "wasi:io/streams@0.2.12" "[resource-drop]input-stream" (func $drop_in (param i32)))
              (import "wasi:cli/environment@0.2.12" "get-arguments" (func $get_args (param i32)))
              (import "wasi:cli/exit@0.2.12" "exit" (func $exit (param i32)))
              (import "wasi:cli/exit@0.2.12" "exit-with-code" (func $exit_code (param i32)))
              (import "wasi:clocks/monotonic-clock@0.2.12" "now" (func $mono_now (result i64)))
              (import "wasi:clocks/monotonic-clock@0.2.12" "subscribe-duration" (func $sub_dur (param i64) (result i32)))
              (import "wasi:io/poll@0.2.12" "poll" (func $poll (param i32 i32 i32)))
              (import "wasi:io/poll@0.2.12" "[resource-drop]pollable" (func $drop_pollable (param i32)))
              (import "wasi:filesystem/preopens@0.2.12" "get-directories" (func $get_dirs (param i32)))
              (import "wasi:filesystem/types@0.2.12" "[method]descriptor.open-at" (func $open_at (param i32 i32 i32 i32 i32 i32 i32)))
              (import "wasi:filesystem/types@0.2.12" "[method]descriptor.read-via-stream" (func $read_via_stream (param i32 i64 i32)))
              (import "wasi:filesystem/types@0.2.12" "[resource-drop]descriptor" (func $drop_desc (param i32)))
              (memory (export "memory") 4)
              (global $heap (mut i32) (i32.const 65536))
              ;; a bump allocator; shrinking keeps the block, growing copies it (as realloc must)
              (func (export "cabi_realloc") (param i32 i32 i32 i32) (result i32) (local $p i32)
                (if (i32.and (i32.ne (local.get 0) (i32.const 0)) (i32.le_u (local.get 3) (local.get 1)))
                  (then (return (local.get 0))))
                (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get 2) (i32.const 1)))
                                       (i32.sub (i32.const 0) (local.get 2))))
                (global.set $heap (i32.add (local.get $p) (local.get 3)))
                (if (i32.gt_u (global.get $heap) (i32.const 262144)) (then (unreachable)))
                (if (local.get 0) (then (memory.copy (local.get $p) (local.get 0) (local.get 1))))
                (local.get $p))
              (data (i32.const 16) "hello, stdout\\n")
              (data (i32.const 48) "oops on stderr\\n")
              (data (i32.const 80) "hello.txt")
              (data (i32.const 96) "\\n")
              ;; 0 if the write succeeded
              (func $print (param $stream i32) (param $ptr i32) (param $len i32) (result i32)
                (call $write_flush (local.get $stream) (local.get $ptr) (local.get $len) (i32.const 256))
                (i32.load8_u (i32.const 256)))
              (func (export "hello") (result i32)
                (local $out i32) (local $err i32) (local $r i32)
                (local.set $out (call $get_stdout))
                (local.set $err (call $get_stderr))
                (local.set $r (i32.or (call $print (local.get $out) (i32.const 16) (i32.const 14))
                                      (call $print (local.get $err) (i32.const 48) (i32.const 15))))
                (call $drop_out (local.get $out))
                (call $drop_out (local.get $err))
                (local.get $r))
              ;; copies an input stream to stdout until it is closed; returns the byte count
              (func $copy (param $in i32) (result i32)
                (local $out i32) (local $total i32) (local $len i32)
                (local.set $out (call $get_stdout))
                (block $done
                  (loop $more
                    (call $blocking_read (local.get $in) (i64.const 1000) (i32.const 256))
                    (br_if $done (i32.load8_u (i32.const 256)))
                    (local.set $len (i32.load (i32.const 264)))
                    (local.set $total (i32.add (local.get $total) (local.get $len)))
                    (drop (call $print (local.get $out) (i32.load (i32.const 260)) (local.get $len)))
                    (br $more)))
                (call $drop_out (local.get $out))
                (local.get $total))
              (func (export "echo") (result i32)
                (local $in i32) (local $n i32)
                (local.set $in (call $get_stdin))
                (local.set $n (call $copy (local.get $in)))
                (call $drop_in (local.get $in))
                (local.get $n))
              (func (export "print-args") (result i32)
                (local $out i32) (local $i i32) (local $n i32) (local $list i32) (local $e i32)
                (call $get_args (i32.const 272))
                (local.set $list (i32.load (i32.const 272)))
                (local.set $n (i32.load (i32.const 276)))
                (local.set $out (call $get_stdout))
                (block $done
                  (loop $next
                    (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
                    (local.set $e (i32.add (local.get $list) (i32.shl (local.get $i) (i32.const 3))))
                    (drop (call $print (local.get $out) (i32.load (local.get $e)) (i32.load offset=4 (local.get $e))))
                    (drop (call $print (local.get $out) (i32.const 96) (i32.const 1)))
                    (local.set $i (i32.add (local.get $i) (i32.const 1)))
                    (br $next)))
                (call $drop_out (local.get $out))
                (local.get $n))
              (func (export "exit-ok") (call $exit (i32.const 0)) (unreachable))
              (func (export "exit-err") (call $exit (i32.const 1)) (unreachable))
              (func (export "exit-code") (param i32) (call $exit_code (local.get 0)) (unreachable))
              ;; waits $ns through subscribe-duration and poll; returns the monotonic time that passed
              (func (export "sleep") (param $ns i64) (result i64)
                (local $start i64) (local $p i32)
                (local.set $start (call $mono_now))
                (local.set $p (call $sub_dur (local.get $ns)))
                (i32.store (i32.const 288) (local.get $p))
                (call $poll (i32.const 288) (i32.const 1) (i32.const 296))
                (call $drop_pollable (local.get $p))
                (if (i32.ne (i32.load (i32.const 300)) (i32.const 1)) (then (unreachable)))
                (i64.sub (call $mono_now) (local.get $start)))
              ;; prints hello.txt of the first preopen; returns its size, -100 without preopens,
              ;; or -1 - the error code
              (func (export "cat") (result i32)
                (local $dir i32) (local $file i32) (local $in i32) (local $n i32)
                (call $get_dirs (i32.const 304))
                (if (i32.eqz (i32.load (i32.const 308))) (then (return (i32.const -100))))
                (local.set $dir (i32.load (i32.load (i32.const 304))))
                (call $open_at (local.get $dir) (i32.const 0) (i32.const 80) (i32.const 9) (i32.const 0) (i32.const 1) (i32.const 320))
                (if (i32.load8_u (i32.const 320)) (then (return (i32.sub (i32.const -1) (i32.load8_u (i32.const 324))))))
                (local.set $file (i32.load (i32.const 324)))
                (call $read_via_stream (local.get $file) (i64.const 0) (i32.const 320))
                (if (i32.load8_u (i32.const 320)) (then (return (i32.sub (i32.const -1) (i32.load8_u (i32.const 324))))))
                (local.set $in (i32.load (i32.const 324)))
                (call $drop_desc (local.get $file))
                (local.set $n (call $copy (local.get $in)))
                (call $drop_in (local.get $in))
                (call $drop_desc (local.get $dir))
                (local.get $n))
            )
            """;

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    private GuestInstance run(WasiConfig.Builder config) {
        return ChicoryHost.builder()
                .addAll(Wasi.create(config.stdout(stdout).stderr(stderr).build()))
                .build()
                .instantiate(Wat.wasm(PROGRAM));
    }

    private String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsToStdoutAndStderr() {
        GuestInstance guest = run(WasiConfig.builder());
        assertEquals(0, guest.call("hello")[0]);
        assertEquals("hello, stdout\n", out());
        assertEquals("oops on stderr\n", stderr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void copiesStdinToStdout() {
        byte[] input = new byte[2500];
        for (int i = 0; i < input.length; i++) {
            input[i] = (byte) ('a' + i % 26);
        }
        GuestInstance guest = run(WasiConfig.builder().stdin(input));
        assertEquals(2500, guest.call("echo")[0]);
        assertEquals(new String(input, StandardCharsets.US_ASCII), out());
    }

    @Test
    void emptyStdinIsClosedAtOnce() {
        GuestInstance guest = run(WasiConfig.builder());
        assertEquals(0, guest.call("echo")[0]);
        assertEquals("", out());
    }

    @Test
    void printsItsArguments() {
        GuestInstance guest = run(WasiConfig.builder().args("prog", "zwei wörter", ""));
        assertEquals(3, guest.call("print-args")[0]);
        assertEquals("prog\nzwei wörter\n\n", out());
    }

    @Test
    void exitStopsTheGuestWithItsStatus() {
        assertEquals(0, exitCode(() -> run(WasiConfig.builder()).call("exit-ok")));
        assertEquals(1, exitCode(() -> run(WasiConfig.builder()).call("exit-err")));
        assertEquals(42, exitCode(() -> run(WasiConfig.builder()).call("exit-code", 42)));
        assertEquals(255, exitCode(() -> run(WasiConfig.builder()).call("exit-code", 255)));
    }

    private static int exitCode(Runnable guestCall) {
        RuntimeException thrown = assertThrows(RuntimeException.class, guestCall::run);
        WasiExit exit = WasiExit.find(thrown);
        assertNotNull(exit, () -> "no WasiExit in " + thrown);
        assertSame(exit, thrown, "ChicoryHost passes a host function's exception on unchanged");
        return exit.code();
    }

    @Test
    void sleepsThroughPollWithTheSystemClock() {
        GuestInstance guest = run(WasiConfig.builder());
        long elapsed = guest.call("sleep", 20_000_000L)[0];
        assertTrue(elapsed >= 20_000_000L, "slept only " + elapsed + " ns");
    }

    @Test
    void sleepsThroughPollWithATestClock() {
        ManualClock clock = new ManualClock();
        GuestInstance guest = run(WasiConfig.builder().clock(clock));
        assertEquals(5_000_000_000L, guest.call("sleep", 5_000_000_000L)[0]);
        assertEquals(1, clock.sleeps);
    }

    @Test
    void readsAFileOfAPreopenedDirectory(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "file contents\n");
        GuestInstance guest = run(WasiConfig.builder().preopen(dir, "/data", true));
        assertEquals(14, guest.call("cat")[0]);
        assertEquals("file contents\n", out());
    }

    @Test
    void seesNoDirectoryUnlessOneIsGranted(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "secret");
        GuestInstance guest = run(WasiConfig.builder());
        assertEquals(-100, guest.call("cat")[0]);
    }

    @Test
    void missingFileIsNoEntry(@TempDir Path dir) {
        GuestInstance guest = run(WasiConfig.builder().preopen(dir, "/", false));
        assertEquals(-1 - ErrorCode.NO_ENTRY.ordinal(), guest.call("cat")[0]);
    }

    @Test
    void aGuestOfAnEarlierWasi02ReleaseRuns() {
        Wasi wasi = Wasi.of(WasiConfig.builder().stdout(stdout).stderr(stderr).build());
        GuestInstance guest = ChicoryHost.builder()
                .addAll(wasi.functions(dev.wasiotel.wit.abi.StringEncoding.UTF8, "0.2.0"))
                .build()
                .instantiate(Wat.wasm(PROGRAM.replace("@0.2.12\"", "@0.2.0\"")));
        assertEquals(0, guest.call("hello")[0]);
        assertEquals("hello, stdout\n", out());
    }

    @Test
    void socketsAndHttpAreALinkErrorNamingThem() {
        String wat = """
                (module
                  (import "wasi:cli/stdout@0.2.12" "get-stdout" (func (result i32)))
                  (import "wasi:sockets/tcp-create-socket@0.2.12" "create-tcp-socket" (func (param i32 i32)))
                  (import "wasi:http/outgoing-handler@0.2.12" "handle" (func (param i32 i32 i32 i32)))
                  (memory (export "memory") 1))
                """;
        ChicoryHost host = ChicoryHost.builder().addAll(Wasi.create(WasiConfig.defaults())).build();
        LinkException e = assertThrows(LinkException.class, () -> host.instantiate(Wat.wasm(wat)));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("wasi:sockets/tcp-create-socket@0.2.12"), e.getMessage());
        assertTrue(e.getMessage().contains("create-tcp-socket"), e.getMessage());
        assertTrue(e.getMessage().contains("wasi:http/outgoing-handler@0.2.12"), e.getMessage());
    }
}
