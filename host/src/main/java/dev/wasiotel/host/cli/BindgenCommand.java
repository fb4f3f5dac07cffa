package dev.wasiotel.host.cli;

import dev.wasiotel.host.WasiOtelCli;
import dev.wasiotel.wit.codegen.BindingsRequest;
import dev.wasiotel.wit.codegen.CodegenException;
import dev.wasiotel.wit.codegen.GenerateBindings;
import dev.wasiotel.wit.codegen.GeneratedFile;
import dev.wasiotel.wit.codegen.WorldSpec;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code wasi-otel bindgen PATH --package P --out DIR}: the Java bindings of a WIT world, written
 * by the same generator the annotation processor and the Maven goal use.
 */
@Command(name = "bindgen", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Generate Java bindings for a WIT world.",
            "Writes the Java interfaces a host implements, the canonical-ABI glue (<Interface>Host, "
                    + "<Interface>Guest, <World>Canon, <World>Linker) and, with --resources, the index that lets "
                    + "other builds reuse them. Exits 0 on success, 1 on bad WIT (FILE:LINE:COL) or WIT the "
                    + "generator refuses."})
public final class BindgenCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    private LoadOptions load;

    @Option(names = "--package", required = true, paramLabel = "JAVA_PACKAGE",
            description = "The Java package every generated package starts with, e.g. com.example.bindings.")
    private String basePackage;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the .java files go.")
    private Path out;

    @Option(names = "--world", paramLabel = "WORLD", description = "The world: `imports`, `wasi:otel/imports`, "
            + "`my:app/host@1.0.0`; default: the package's only world.")
    private String world;

    @Option(names = "--encoding", paramLabel = "ENCODING", description = "The guests' string encoding, recorded in "
            + "<World>Bindings: utf8, utf16 or latin1+utf16.")
    private String encoding;

    @Option(names = "--resources", paramLabel = "DIR", description = "Also write the bindings index "
            + "(META-INF/wit-bindings) here.")
    private Path resources;

    @Parameters(index = "0", paramLabel = "PATH", description = "A .wit file or a package directory.")
    private String path;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path wit = load.toPath(path, "PATH");
        if (!Files.exists(wit)) {
            err.println(LoadOptions.errorLine(path, LoadOptions.missing(path)));
            err.flush();
            return WasiOtelCli.EXIT_FAILED;
        }
        try {
            BindingsRequest request = new BindingsRequest(wit, load.depRoots(),
                    WorldSpec.parse(world == null ? "" : world), basePackage, load.witOptions(),
                    Optional.ofNullable(encoding).map(GenerateBindings::parseEncoding));
            List<GeneratedFile> files = GenerateBindings.generateFiles(request, resource -> Optional.empty());
            GenerateBindings.write(files, this.out, resources);
            long sources = files.stream().filter(f -> f.kind() == GeneratedFile.Kind.SOURCE).count();
            out.println("generated " + sources + " Java files into " + this.out
                    + (resources == null ? "" : " and the bindings index into " + resources));
            out.flush();
            return WasiOtelCli.EXIT_OK;
        } catch (WitParseException e) {
            err.println(LoadOptions.errorLine(path, e));
            load.explain(err, e);
            err.flush();
            return WasiOtelCli.EXIT_FAILED;
        } catch (CodegenException | IllegalArgumentException e) {
            err.println("error " + Text.oneLine(path) + ": " + Text.oneLine(e.getMessage()));
            err.flush();
            return WasiOtelCli.EXIT_FAILED;
        }
    }
}
