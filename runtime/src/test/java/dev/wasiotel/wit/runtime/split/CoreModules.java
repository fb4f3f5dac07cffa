package dev.wasiotel.wit.runtime.split;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The core modules of a component (its core-module sections, id 1), or the module itself. */
final class CoreModules {
    static final Path GUESTS = Path.of("..", "integration-tests", "guests");

    private CoreModules() {
    }

    static List<byte[]> of(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b[4] == 1 && b[5] == 0 && b[6] == 0 && b[7] == 0) {
            return List.of(b);
        }
        List<byte[]> out = new ArrayList<>();
        ByteReader r = new ByteReader(b, 8, b.length);
        while (!r.atEnd()) {
            int id = r.u8();
            int size = r.u32();
            int start = r.pos();
            r.skip(size);
            if (id == 1) {
                out.add(Arrays.copyOfRange(b, start, start + size));
            }
        }
        return out;
    }

    /** The largest core module of a component (the guest's main module). */
    static byte[] largest(Path file) throws IOException {
        byte[] best = new byte[0];
        for (byte[] m : of(file)) {
            if (m.length > best.length) {
                best = m;
            }
        }
        return best;
    }
}
