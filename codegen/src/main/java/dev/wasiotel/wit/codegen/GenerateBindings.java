package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Generates the bindings of one world into a source folder: the one entry point that build steps
 * (a Maven execution, the annotation processor, the command line) call.
 *
 * <p>As a program: {@code GenerateBindings --wit DIR --package BASE --out DIR [--world WORLD]
 * [--deps DIR]... [--features a,b] [--encoding utf8|utf16|latin1+utf16] [--resources DIR] [--legacy-float-names]}, where
 * WORLD is a name of the main package's worlds or a {@link WorldSpec} such as {@code wasi:otel/imports},
 * and the {@link BindingsIndex} resources go to the {@code --resources} folder (none without it).
 *
 * <p>{@link #generateFiles} is the in-memory form the annotation processor and the Maven plugin
 * share: they differ only in where they write the files.
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

    /**
     * Generates the files of a request in memory: the Java sources, and the {@link BindingsIndex}
     * resources that let later builds reuse them. Interfaces whose index entry {@code existing}
     * finds are not generated again; the generated code refers to the classes listed there.
     *
     * @param request what to generate
     * @param existing reads the class path of the build, for {@link BindingsIndex} entries
     * @return the files, sources first, each group sorted by name
     * @throws WitParseException bad WIT, with its location
     * @throws CodegenException WIT the generator does not support yet, or reuse that is not closed
     * @throws IllegalArgumentException when the world is not found (naming those there are)
     * @throws IOException when the WIT or an index entry cannot be read
     */
    public static List<GeneratedFile> generateFiles(BindingsRequest request, BindingsIndex.ResourceReader existing)
            throws WitParseException, IOException {
        ResolvedPackage pkg = new WitLoader(request.witOptions()).load(request.wit(), request.deps());
        int worldId = request.world().select(pkg);
        List<String> interfaces = new ArrayList<>();
        for (WorldScope.InterfaceUse use : WorldScope.of(pkg.resolve(), worldId).interfaces()) {
            pkg.resolve().qualifiedName(use.interfaceId()).ifPresent(interfaces::add);
        }
        GeneratorOptions options = new GeneratorOptions(request.basePackage(),
                BindingsIndex.lookup(interfaces, existing), request.encoding());
        BindingModel model = BindingModel.of(pkg.resolve(), worldId, options);
        List<JavaFile> sources = BindingsGenerator.generate(model);
        List<GeneratedFile> out = new ArrayList<>();
        for (JavaFile f : sources) {
            String simple = f.typeSpec().name();
            String name = f.packageName().isEmpty() ? simple : f.packageName() + "." + simple;
            out.add(new GeneratedFile(GeneratedFile.Kind.SOURCE, name, f.toString()));
        }
        out.addAll(BindingsIndex.entries(model, sources));
        return out;
    }

    /**
     * Writes generated files: sources under {@code sources}, index resources under {@code
     * resources} (or nowhere when it is null).
     *
     * @throws IOException if a file cannot be written
     */
    public static void write(List<GeneratedFile> files, Path sources, Path resources) throws IOException {
        for (GeneratedFile f : files) {
            Path root = f.kind() == GeneratedFile.Kind.SOURCE ? sources : resources;
            if (root == null) {
                continue;
            }
            Path target = root.resolve(f.relativePath());
            Files.createDirectories(target.getParent());
            Files.writeString(target, f.content(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Reads a string encoding as builds write it: {@code utf8}, {@code utf-8}, {@code utf16},
     * {@code utf-16}, {@code latin1+utf16} or the constant's name, in any case.
     *
     * @param text the name
     * @return the encoding
     * @throws IllegalArgumentException naming the accepted names
     */
    public static StringEncoding parseEncoding(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "+");
        switch (t) {
            case "utf8": return StringEncoding.UTF8;
            case "utf16": return StringEncoding.UTF16;
            case "latin1+utf16": return StringEncoding.LATIN1_UTF16;
            default: throw new IllegalArgumentException("unknown string encoding `" + text
                    + "`; use utf8, utf16 or latin1+utf16");
        }
    }

    private static Set<String> features(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String f : csv.split(",")) {
            if (!f.isBlank()) {
                out.add(f.trim());
            }
        }
        return out;
    }

    /** The command line form; exits 1 with a one-line cause on bad input. */
    public static void main(String[] args) throws IOException {
        Path wit = null;
        Path out = null;
        Path resources = null;
        String pkg = null;
        Optional<String> world = Optional.empty();
        List<Path> deps = new ArrayList<>();
        WitOptions options = WitOptions.DEFAULTS;
        Optional<StringEncoding> encoding = Optional.empty();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--wit": wit = Path.of(args[++i]); break;
                case "--out": out = Path.of(args[++i]); break;
                case "--resources": resources = Path.of(args[++i]); break;
                case "--package": pkg = args[++i]; break;
                case "--world": world = Optional.of(args[++i]); break;
                case "--deps": deps.add(Path.of(args[++i])); break;
                case "--legacy-float-names": options = options.withLegacyFloatNames(); break;
                case "--features": options = options.withFeatures(features(args[++i])); break;
                case "--encoding": encoding = Optional.of(parseEncoding(args[++i])); break;
                default: throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (wit == null || out == null || pkg == null) {
            throw new IllegalArgumentException("usage: --wit DIR --package BASE --out DIR [--world WORLD] [--deps DIR]..."
                    + " [--features a,b] [--encoding utf8|utf16|latin1+utf16] [--resources DIR] [--legacy-float-names]");
        }
        try {
            BindingsRequest request = new BindingsRequest(wit, deps, WorldSpec.parse(world.orElse("")), pkg, options,
                    encoding);
            List<GeneratedFile> files = generateFiles(request, path -> Optional.empty());
            write(files, out, resources);
            System.out.println("generated " + files.size() + " files from " + wit + " into " + out
                    + (resources == null ? "" : " and " + resources));
        } catch (WitParseException e) {
            System.err.println(e.getMessage());
            System.exit(1);
        } catch (CodegenException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        }
    }
}
