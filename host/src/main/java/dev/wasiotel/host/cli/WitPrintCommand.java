package dev.wasiotel.host.cli;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.Package;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import dev.wasiotel.wit.parser.model.WitPrinter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel wit print PATH [--world W]}: loads PATH and prints a resolved world of its main
 * package (or the whole package) with {@link WitPrinter}. A rejected path is reported as one line
 * {@code error PATH: FILE:LINE:COL: message} on stderr, with exit code 1.
 */
@Command(name = "print", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Print the resolved WIT of a file or package directory.",
            "Prints world W of the main package; without --world, the package's only world,"
                + " or the whole package if it has several worlds or none."})
public final class WitPrintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LoadOptions load;

    @Parameters(index = "0", paramLabel = "PATH", description = "A .wit file or a package directory.")
    private String path;

    @Option(names = "--world", paramLabel = "W", description = "The world of the main package to print.")
    private String world;

    @Option(names = "--docs", description = "Also print doc comments.")
    private boolean docs;

    @Option(names = "--gates", description = "Also print feature gates (@since, @unstable, @deprecated).")
    private boolean gates;

    @Override
    public Integer call() {
        WitLoader loader = new WitLoader(load.witOptions());
        Path file = load.toPath(path, "PATH");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(file)) {
            err.println(LoadOptions.errorLine(path, LoadOptions.missing(path)));
            err.flush();
            return WasiOtelCli.EXIT_FAILED;
        }
        ResolvedPackage loaded;
        try {
            loaded = loader.load(file, load.depRoots());
        } catch (WitParseException e) {
            err.println(LoadOptions.errorLine(path, e));
            err.flush();
            load.explain(err, e);
            return WasiOtelCli.EXIT_FAILED;
        }
        WitPrinter printer = new WitPrinter(loaded.resolve()).withDocs(docs).withStability(gates);
        Package main = loaded.main();
        String text;
        if (world != null) {
            int worldId;
            try {
                worldId = loaded.resolve().selectWorld(loaded.mainPackage(), Optional.of(world));
            } catch (IllegalArgumentException e) {
                err.println("error " + Text.oneLine(path) + ": " + Text.oneLine(String.valueOf(e.getMessage())));
                err.flush();
                return WasiOtelCli.EXIT_FAILED;
            }
            text = printer.printWorld(worldId);
        } else if (main.worlds().size() == 1) {
            text = printer.printWorld(main.worlds().values().iterator().next());
        } else {
            text = printer.printPackage(loaded.mainPackage());
        }
        out.print(text);
        out.flush();
        return WasiOtelCli.EXIT_OK;
    }
}
