package dev.wasiotel.host.wasi;

import dev.wasiotel.host.wasi.bindings.wasi.cli.environment.Environment;
import dev.wasiotel.wit.runtime.Tuple2;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code wasi:cli/environment}: the configured arguments, variables and working directory. */
final class CliEnvironment implements Environment {
    private final WasiConfig config;
    private final List<Tuple2<String, String>> variables;

    CliEnvironment(WasiConfig config) {
        this.config = config;
        List<Tuple2<String, String>> vars = new ArrayList<>();
        config.env().forEach((k, v) -> vars.add(new Tuple2<>(k, v)));
        this.variables = List.copyOf(vars);
    }

    @Override
    public List<Tuple2<String, String>> getEnvironment() {
        return variables;
    }

    @Override
    public List<String> getArguments() {
        return config.args();
    }

    @Override
    public Optional<String> initialCwd() {
        return config.initialCwd();
    }
}
