package dev.wasiotel.host.cli;

import dev.wasiotel.host.console.ConsoleText;
import dev.wasiotel.host.wasi.WasiConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What `run` and `serve` share in giving a guest its WASI environment and in reporting a failure. */
final class GuestOptions {
    private GuestOptions() {
    }

    /**
     * Adds {@code --env NAME=VALUE} and {@code --dir HOST[::GUEST]} to {@code b}.
     *
     * @throws IllegalArgumentException naming the option that is malformed
     */
    static WasiConfig.Builder envAndDirs(WasiConfig.Builder b, List<String> env, List<String> dirs) {
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--env wants NAME=VALUE, got `" + e + "`");
            }
            b.env(e.substring(0, eq), e.substring(eq + 1));
        }
        for (String d : dirs) {
            int sep = d.indexOf("::");
            Path host = Path.of(sep < 0 ? d : d.substring(0, sep));
            if (!Files.isDirectory(host)) {
                throw new IllegalArgumentException("--dir " + d + ": not a directory");
            }
            b.preopen(host, sep < 0 ? d : d.substring(sep + 2), false);
        }
        return b;
    }

    /** Prints {@code message} as one escaped line and returns {@code code}. */
    static int fail(PrintWriter err, int code, String message) {
        // messages may quote the guest (export names, trap messages): escape what could act on the terminal
        err.println("wasi-otel: " + ConsoleText.escape(Text.oneLine(message)));
        err.flush();
        return code;
    }
}
