package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.cli.stderr.Stderr;
import dev.wasiotel.host.wasi.bindings.wasi.cli.stdin.Stdin;
import dev.wasiotel.host.wasi.bindings.wasi.cli.stdout.Stdout;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_input.TerminalInput;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_output.TerminalOutput;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stderr.TerminalStderr;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stdin.TerminalStdin;
import dev.wasiotel.host.wasi.bindings.wasi.cli.terminal_stdout.TerminalStdout;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.InputStream;
import dev.wasiotel.host.wasi.bindings.wasi.io.streams.OutputStream;
import java.util.Optional;

/**
 * {@code wasi:cli/stdin}, {@code stdout}, {@code stderr} and the {@code terminal-*} interfaces.
 * Each {@code get-*} returns a new stream handle onto the configured stream; the guest's standard
 * streams are never reported as terminals (the embedder's streams are plain Java streams).
 */
final class CliStdio implements Stdin, Stdout, Stderr, TerminalStdin, TerminalStdout, TerminalStderr {
    private final WasiConfig config;

    CliStdio(WasiConfig config) {
        this.config = config;
    }

    @Override
    public InputStream getStdin() {
        return new StdinStream(config.stdin());
    }

    @Override
    public OutputStream getStdout() {
        return new SinkStream(config.stdout(), "stdout");
    }

    @Override
    public OutputStream getStderr() {
        return new SinkStream(config.stderr(), "stderr");
    }

    @Override
    public Optional<TerminalInput> getTerminalStdin() {
        return Optional.empty();
    }

    @Override
    public Optional<TerminalOutput> getTerminalStdout() {
        return Optional.empty();
    }

    @Override
    public Optional<TerminalOutput> getTerminalStderr() {
        return Optional.empty();
    }
}
