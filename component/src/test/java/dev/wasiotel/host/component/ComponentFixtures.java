package dev.wasiotel.host.component;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The committed component fixtures (built by src/test/guests/wat/build.sh). */
final class ComponentFixtures {
    private ComponentFixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = ComponentFixtures.class.getResourceAsStream("/components/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalStateException("missing fixture components/" + name + ".wasm");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
