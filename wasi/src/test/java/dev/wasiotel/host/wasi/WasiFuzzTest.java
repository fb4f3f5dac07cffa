package dev.wasiotel.host.wasi;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.wasiotel.wit.abi.CoreType;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.runtime.HostFunctionDef;
import dev.wasiotel.wit.runtime.WitTrap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every WASI function called with arbitrary arguments, as a hostile guest would: the outcome is a
 * result, a {@link WitTrap} or the guest's exit, never another exception, and the host keeps
 * working. Handles, pointers and lengths are drawn mostly near valid values so that calls get past
 * the first checks.
 */
class WasiFuzzTest {
    @TempDir
    Path tmp;

    @Test
    void arbitraryCallsOnlyTrapOrSucceed() throws Exception {
        Path root = Files.createDirectory(tmp.resolve("root"));
        Files.writeString(root.resolve("f.txt"), "contents");
        Files.createDirectory(root.resolve("d"));
        Random random = new Random(0x5eed);
        List<HostFunctionDef> defs = Wasi.of(WasiConfig.defaults()).functions(StringEncoding.UTF8);
        int calls = 0;
        int traps = 0;
        TrampolineGuest g = null;
        for (int i = 0; i < 1000; i++) {
            if (g == null || g.guest.isPoisoned()) {
                g = new TrampolineGuest(WasiConfig.builder().preopen(root, "/r", false)
                        .stdin("some input".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                        .clock(new ManualClock()).build());
                seed(g);
            }
            HostFunctionDef d = defs.get(random.nextInt(defs.size()));
            long[] args = new long[d.params().size()];
            for (int k = 0; k < args.length; k++) {
                boolean self = k == 0 && d.name().startsWith("[") && random.nextInt(5) > 0;
                args[k] = d.params().get(k) == CoreType.I64 ? randomI64(random)
                        : self ? 1 + random.nextInt(6) : randomI32(random, g);
            }
            try {
                g.guest.call(d.module() + "#" + d.name(), args);
                calls++;
            } catch (WitTrap | WasiExit e) {
                traps++;
            } catch (RuntimeException e) {
                fail(d.qualifiedName() + java.util.Arrays.toString(args) + " threw " + e, e);
            }
        }
        System.out.println("WasiFuzzTest: " + calls + " calls returned, " + traps + " trapped");
        assertTrue(calls > 100 && traps > 100, calls + " calls returned, " + traps + " trapped");
    }

    /** Gets some live handles: streams, a preopen, a pollable. */
    private static void seed(TrampolineGuest g) {
        g.callInt("wasi:cli/stdout", "get-stdout");
        g.callInt("wasi:cli/stdin", "get-stdin");
        g.call("wasi:filesystem/preopens", "get-directories", g.ret());
        g.callInt("wasi:clocks/monotonic-clock", "subscribe-duration", 10L);
    }

    private static long randomI32(Random r, TrampolineGuest g) {
        switch (r.nextInt(8)) {
            case 0:
                return r.nextInt(8); // a handle, a flag set, a small length
            case 1:
                return r.nextInt(64); // flags, enum cases
            case 2:
            case 5:
            case 6:
                // a pointer into scratch memory, which holds strings and return areas
                return g.alloc(64);
            case 3:
                return r.nextInt(1 << 21); // anywhere in memory
            case 4:
                return r.nextInt();
            default:
                return -1;
        }
    }

    private static long randomI64(Random r) {
        switch (r.nextInt(4)) {
            case 0:
                return r.nextInt(100);
            case 1:
                return r.nextLong();
            case 2:
                return -1L;
            default:
                return r.nextInt(1 << 20);
        }
    }
}
