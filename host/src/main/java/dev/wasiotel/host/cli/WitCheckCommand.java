package dev.wasiotel.host.cli;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel wit check PATH...}: loads each path and prints one line for it, {@code ok PATH}
 * or {@code error PATH: FILE:LINE:COL: message}. Exits 0 when every path is ok, 1 otherwise.
 */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Check WIT files or package directories.",
            "Prints one line per PATH: `ok PATH` or `error PATH: FILE:LINE:COL: message`.",
            "Exits 0 if every PATH is valid, 1 otherwise."})
public final class WitCheckCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LoadOptions load;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "A .wit file or a package directory.")
    private List<String> paths;

    @Override
    public Integer call() {
        WitLoader loader = new WitLoader(load.witOptions());
        List<Path> depRoots = load.depRoots();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        boolean allOk = true;
        for (String text : paths) {
            Path path = load.toPath(text, "PATH");
            if (!Files.exists(path)) {
                allOk = false;
                out.println(LoadOptions.errorLine(text, LoadOptions.missing(text)));
                out.flush();
                continue;
            }
            try {
                loader.load(path, depRoots);
                out.println("ok " + Text.oneLine(text));
                out.flush();
            } catch (WitParseException e) {
                allOk = false;
                out.println(LoadOptions.errorLine(text, e));
                out.flush();
                load.explain(err, e);
            }
        }
        return allOk ? WasiOtelCli.EXIT_OK : WasiOtelCli.EXIT_FAILED;
    }
}
