package dev.wasiotel.host.fuzz;

import dev.wasiotel.wit.runtime.testing.FuzzGuest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.wasiotel.host.wasi.Wasi;
import dev.wasiotel.host.wasi.WasiClock;
import dev.wasiotel.host.wasi.WasiConfig;
import dev.wasiotel.host.wasi.WasiExit;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.WitTrap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Jazzer target for the host's WASI 0.2 functions (the generated bindings and what is behind
 * them): a guest (a {@link FuzzGuest}) holding a few live handles — stdin, stdout, the preopened
 * sandbox directory, a pollable — makes up to eight calls to any WASI function, with arguments and
 * memory the fuzzer chose, in a fresh sandbox directory holding a file and a subdirectory. The
 * only acceptable outcomes are a return, a {@link WitTrap} (after which the instance is dead, so
 * the sequence ends) or the guest's exit ({@link WasiExit}); anything else escaping is a finding.
 * Time is a clock that jumps to the deadline instead of sleeping.
 */
class WasiCallFuzzTest {
    private static final GuestLimits LIMITS = GuestLimits.defaults().withMaxLiftBytesPerCall(1 << 20);
    private static final int RET = FuzzGuest.MEMORY_SIZE - 256;

    @FuzzTest
    void call(FuzzedDataProvider data) throws IOException {
        Path sandbox = Files.createTempDirectory("wasi-fuzz-");
        try {
            Files.writeString(sandbox.resolve("f.txt"), "contents");
            Files.createDirectory(sandbox.resolve("d"));
            WasiConfig config = WasiConfig.builder().preopen(sandbox, "/r", false)
                    .stdin("some input".getBytes(StandardCharsets.UTF_8)).stdout(OutputStream.nullOutputStream())
                    .stderr(OutputStream.nullOutputStream()).clock(new JumpingClock()).build();
            StringEncoding encoding = StringEncoding.values()[data.consumeInt(0, 2)];
            try (Wasi wasi = Wasi.of(config)) {
                List<HostFunctionDef> defs = wasi.functions(encoding);
                FuzzGuest guest = new FuzzGuest(data, LIMITS);
                try {
                    openHandles(guest, defs);
                } catch (WitTrap e) {
                    return; // a lying cabi_realloc already traps the preopens' list
                }
                for (int i = 0; i < 8 && data.remainingBytes() > 0; i++) {
                    HostFunctionDef def = defs.get(data.consumeInt(0, defs.size() - 1));
                    try {
                        def.body().call(guest, FuzzGuest.arguments(def, data));
                    } catch (WitTrap | WasiExit e) {
                        return;
                    }
                }
            }
        } finally {
            deleteTree(sandbox);
        }
    }

    /** Handles 1-4: stdout, stdin, the preopen (via get-directories) and a pollable. */
    private static void openHandles(FuzzGuest guest, List<HostFunctionDef> defs) {
        call(guest, defs, "wasi:cli/stdout@", "get-stdout");
        call(guest, defs, "wasi:cli/stdin@", "get-stdin");
        call(guest, defs, "wasi:filesystem/preopens@", "get-directories", RET);
        call(guest, defs, "wasi:clocks/monotonic-clock@", "subscribe-duration", 10);
    }

    private static void call(FuzzGuest guest, List<HostFunctionDef> defs, String module, String name, long... args) {
        for (HostFunctionDef def : defs) {
            if (def.module().startsWith(module) && def.name().equals(name)) {
                def.body().call(guest, args);
                return;
            }
        }
        throw new IllegalStateException("no " + module + name);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    /** Stands still until someone sleeps on it: sleeping jumps to the deadline. */
    private static final class JumpingClock implements WasiClock {
        private long monotonic = 1_000;

        @Override
        public long wallClockNanos() {
            return 1_700_000_000_123_456_789L;
        }

        @Override
        public long monotonicNanos() {
            return monotonic;
        }

        @Override
        public void sleepUntil(long deadline) {
            if (Long.compareUnsigned(deadline, monotonic) > 0) {
                monotonic = deadline;
            }
        }
    }
}
