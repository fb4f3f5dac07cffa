package dev.wasiotel.wit.runtime.chicory;

import dev.wasiotel.wit.runtime.GuestInstance;
import dev.wasiotel.wit.runtime.GuestLimits;
import dev.wasiotel.wit.runtime.LinkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a JVM with a small heap by {@link SmallHeapTest}: instantiates modules that ask for more
 * memory than the heap holds and prints one line per outcome. Arguments: the folder with {@code
 * huge.wasm} ({@code (memory 65536)}), {@code big.wasm} ({@code (memory 32767)}) and {@code
 * grow.wasm} (grows until memory.grow refuses).
 */
public final class HeapProbe {
    private HeapProbe() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        ChicoryHost defaults = ChicoryHost.builder().build();
        ChicoryHost unlimited = ChicoryHost.builder().limits(GuestLimits.unlimited()).build();
        System.out.println("huge: " + instantiate(defaults, Files.readAllBytes(dir.resolve("huge.wasm"))));
        System.out.println("big: " + instantiate(unlimited, Files.readAllBytes(dir.resolve("big.wasm"))));

        byte[] grow = Files.readAllBytes(dir.resolve("grow.wasm"));
        long unlimitedPages = growAll(unlimited, grow);
        long defaultPages = growAll(defaults, grow);
        long answer = defaults.instantiate(grow).call("answer")[0];
        System.out.println("grow: unlimited " + unlimitedPages + " pages, defaults " + defaultPages
                + " pages (limit " + GuestLimits.defaults().maxMemoryPages() + "), then answer " + answer);
    }

    private static String instantiate(ChicoryHost host, byte[] wasm) {
        try {
            host.instantiate(wasm);
            return "instantiated";
        } catch (LinkException e) {
            return "refused: " + e.problems().get(0);
        }
    }

    /** The pages the module reached before memory.grow returned -1; the instance is dropped after. */
    private static long growAll(ChicoryHost host, byte[] wasm) {
        GuestInstance guest = host.instantiate(wasm);
        return guest.call("grow-all")[0];
    }
}
