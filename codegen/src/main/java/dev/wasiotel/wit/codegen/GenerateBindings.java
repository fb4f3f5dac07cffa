package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Generates the bindings of one world into a source folder: the one entry point that build steps
 * (a Maven execution, the annotation processor, the command line) call.
 *
 * <p>As a program: {@code GenerateBindings --wit DIR --package BASE --out DIR [--world NAME]
 * [--deps DIR]... [--legacy-float-names]}.
 */
public final class GenerateBindings {
    private GenerateBindings() {
    }

    /**
     * Loads the WIT at {@code wit}, generates world {@code world} (or the package's only world) and
     * writes the Java files under {@code out}.
     *
     * @return the files written
     * @throws WitParseException bad WIT, with its location
     * @throws CodegenException WIT the generator does not support yet
     */
    public static List<JavaFile> generate(Path wit, List<Path> deps, Optional<String> world, String basePackage,
            WitOptions witOptions, Path out) throws WitParseException, IOException {
        ResolvedPackage pkg = new WitLoader(witOptions).load(wit, deps);
        int worldId = pkg.resolve().selectWorld(pkg.mainPackage(), world);
        List<JavaFile> files = BindingsGenerator.generate(pkg.resolve(), worldId,
                GeneratorOptions.withBasePackage(basePackage));
        for (JavaFile f : files) {
            f.writeTo(out);
        }
        return files;
    }

    /** The command line form; exits 1 with a one-line cause on bad input. */
    public static void main(String[] args) throws IOException {
        Path wit = null;
        Path out = null;
        String pkg = null;
        Optional<String> world = Optional.empty();
        List<Path> deps = new ArrayList<>();
        WitOptions options = WitOptions.DEFAULTS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--wit": wit = Path.of(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--package": pkg = args[++i]; break;
                case "--world": world = Optional.of(args[++i]); break;
                case "--deps": deps.add(Path.of(args[++i])); break;
                case "--legacy-float-names": options = options.withLegacyFloatNames(); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (wit == null || out == null || pkg == null) {
            throw new IllegalArgumentException("usage: --wit DIR --package BASE --out DIR [--world NAME] [--deps DIR]...");
        }
        try {
            List<JavaFile> files = generate(wit, deps, world, pkg, options, out);
            System.out.println("generated " + files.size() + " files from " + wit + " into " + out);
        } catch (WitParseException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (CodegenException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
