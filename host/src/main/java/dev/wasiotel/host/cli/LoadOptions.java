package dev.wasiotel.host.cli;

import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.Diagnostic;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of the {@code wit} subcommands that say how WIT is loaded, mixed into each of them:
 * {@code --features}, {@code --all-features}, {@code --legacy-float-names}, {@code --deps} and
 * {@code --verbose}.
 */
public final class LoadOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--features", split = ",", paramLabel = "FEATURE",
            description = "Activate these @unstable features (comma-separated; repeatable).")
    private List<String> features = new ArrayList<>();

    @Option(names = "--all-features", description = "Activate every @unstable feature.")
    private boolean allFeatures;

    @Option(names = "--legacy-float-names",
            description = "Accept the old type names float32/float64 as f32/f64.")
    private boolean legacyFloatNames;

    @Option(names = "--deps", paramLabel = "DIR",
            description = "A folder whose package folders and .wit files are available as dependencies"
                    + " (repeatable).")
    private List<String> deps = new ArrayList<>();

    @Option(names = {"-v", "--verbose"},
            description = "After an error, also print the source line and a caret to stderr.")
    private boolean verbose;

    /**
     * The parser options these flags ask for.
     *
     * @return the options
     * @throws ParameterException if both {@code --features} and {@code --all-features} were given
     */
    public WitOptions witOptions() {
        Set<String> active = new LinkedHashSet<>();
        for (String feature : features) {
            String name = feature.trim();
            if (!name.isEmpty()) {
                active.add(name);
            }
        }
        if (allFeatures && !features.isEmpty()) {
            throw new ParameterException(spec.commandLine(),
                    "--features and --all-features cannot be used together");
        }
        return new WitOptions(active, allFeatures, legacyFloatNames);
    }

    /**
     * The {@code --deps} folders, in the order given.
     *
     * @return the folders
     * @throws ParameterException if one of them is not a directory
     */
    public List<Path> depRoots() {
        List<Path> roots = new ArrayList<>();
        for (String dir : deps) {
            Path path = toPath(dir, "--deps");
            if (!Files.isDirectory(path)) {
                throw new ParameterException(spec.commandLine(), "--deps " + dir + ": not a directory");
            }
            roots.add(path);
        }
        return roots;
    }

    /**
     * Turns a path argument into a {@link Path}.
     *
     * @param text the argument as given
     * @param what what the argument is, for the error message
     * @return the path
     * @throws ParameterException if the text is not a valid path
     */
    public Path toPath(String text, String what) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new ParameterException(spec.commandLine(), what + " " + text + ": invalid path: " + e.getReason());
        }
    }

    /**
     * The one-line report of a rejected path: {@code error PATH: FILE:LINE:COL: message}.
     *
     * @param path the path as the user gave it
     * @param error why it was rejected
     * @return the line, without a line terminator
     */
    public static String errorLine(String path, WitParseException error) {
        return errorLine(path, error.diagnostic());
    }

    /**
     * The one-line report of a rejected path: {@code error PATH: FILE:LINE:COL: message}.
     *
     * @param path the path as the user gave it
     * @param diagnostic the primary problem
     * @return the line, without a line terminator
     */
    public static String errorLine(String path, Diagnostic diagnostic) {
        return "error " + Text.oneLine(path) + ": " + Text.oneLine(diagnostic.headline());
    }

    /**
     * A diagnostic for a path that does not exist, in the same {@code FILE:LINE:COL: message} form as
     * the parser's.
     *
     * @param path the path as the user gave it
     * @return the diagnostic, at line 1, column 1
     */
    public static Diagnostic missing(String path) {
        return new Diagnostic(path, 1, 1, "no such file or directory", "");
    }

    /**
     * With {@code --verbose}, prints every diagnostic of {@code error} with its source line and caret.
     *
     * @param err where to print
     * @param error the rejection
     */
    public void explain(PrintWriter err, WitParseException error) {
        if (!verbose) {
            return;
        }
        for (Diagnostic d : error.diagnostics()) {
            err.println(d.render());
        }
        err.flush();
    }

    /**
     * Whether {@code --verbose} was given.
     *
     * @return true with {@code --verbose}
     */
    public boolean verbose() {
        return verbose;
    }
}
