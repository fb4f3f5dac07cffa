package dev.wasiotel.host;

import java.nio.file.Path;

/** WIT texts and locations shared by the CLI tests. */
final class Fixtures {
    private Fixtures() {
    }

    /** A valid single-file package with one world. */
    static final String HELLO = "package test:hello;\n"
            + "\n"
            + "interface greet {\n"
            + "  record options { loud: bool, times: option<u32> }\n"
            + "  greet: func(name: string, opts: options) -> result<string, list<u8>>;\n"
            + "}\n"
            + "\n"
            + "world hello {\n"
            + "  import greet;\n"
            + "  export run: func(args: list<string>) -> u32;\n"
            + "}\n";

    /** Refers to an unknown type on line 4. */
    static final String UNKNOWN_TYPE = "package test:bad;\n"
            + "\n"
            + "interface i {\n"
            + "  f: func() -> nosuchtype;\n"
            + "}\n";

    /** An ungated function uses a type gated by feature {@code fancy}. */
    static final String GATED = "package test:feat;\n"
            + "\n"
            + "interface i {\n"
            + "  @unstable(feature = fancy)\n"
            + "  type t = u32;\n"
            + "\n"
            + "  f: func() -> t;\n"
            + "}\n";

    /** The shared folder: system property {@code wasiotel.shared.dir}, else {@code ../../shared}. */
    static Path sharedDir() {
        return Path.of(System.getProperty("wasiotel.shared.dir", "../../shared"));
    }
}
