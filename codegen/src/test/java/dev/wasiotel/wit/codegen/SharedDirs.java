package dev.wasiotel.wit.codegen;

import java.nio.file.Path;

/** Where {@code ../shared} is: the system property {@code wasiotel.shared.dir}, or {@code ../../shared}. */
final class SharedDirs {
    private SharedDirs() {
    }

    static Path shared() {
        String prop = System.getProperty("wasiotel.shared.dir");
        Path p = prop == null || prop.isBlank() ? Path.of("../../shared") : Path.of(prop);
        return p.toAbsolutePath().normalize();
    }

    static Path wit(String name) {
        return shared().resolve("wit").resolve(name);
    }
}
