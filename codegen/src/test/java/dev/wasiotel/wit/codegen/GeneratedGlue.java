package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import dev.wasiotel.wit.abi.FunctionAbi;
import dev.wasiotel.wit.parser.WitLoader;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.model.Interface;
import dev.wasiotel.wit.parser.model.ResolvedPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Generates bindings for a WIT source, compiles them with javac and loads them: what the
 * end-to-end tests call generated code through.
 */
final class GeneratedGlue {
    final ResolvedPackage pkg;
    final ClassLoader loader;
    final String basePackage = "e2e";

    private final Map<String, String> sources;

    private GeneratedGlue(ResolvedPackage pkg, ClassLoader loader, Map<String, String> sources) {
        this.pkg = pkg;
        this.loader = loader;
        this.sources = sources;
    }

    static GeneratedGlue of(String wit, Path work) throws Exception {
        return of(new WitLoader(WitOptions.DEFAULTS).loadSource("roundtrip.wit", wit), work);
    }

    /** Generates, compiles and loads the bindings of the main package's only world. */
    static GeneratedGlue of(ResolvedPackage pkg, Path work) throws Exception {
        return of(pkg, work, (p, canon) -> { });
    }

    /** Like {@link #of(String, Path)}, letting {@code moreCodecs} ask the Canon class for more codecs. */
    static GeneratedGlue of(String wit, Path work,
            java.util.function.BiConsumer<ResolvedPackage, CanonEmitter> moreCodecs) throws Exception {
        return of(new WitLoader(WitOptions.DEFAULTS).loadSource("roundtrip.wit", wit), work, moreCodecs);
    }

    /** Like {@link #of(ResolvedPackage, Path)}, letting {@code moreCodecs} ask the Canon class for more codecs. */
    static GeneratedGlue of(ResolvedPackage pkg, Path work,
            java.util.function.BiConsumer<ResolvedPackage, CanonEmitter> moreCodecs) throws Exception {
        int world = pkg.resolve().selectWorld(pkg.mainPackage(), java.util.Optional.empty());
        List<JavaFile> files = BindingsGenerator.generate(BindingModel.of(pkg.resolve(), world,
                GeneratorOptions.withBasePackage("e2e")), canon -> moreCodecs.accept(pkg, canon));
        Path src = Files.createDirectories(work.resolve("src"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-Werror", "-classpath",
                System.getProperty("java.class.path"), "-d", classes.toString()));
        Map<String, String> sources = new LinkedHashMap<>();
        for (JavaFile f : files) {
            sources.put(f.packageName().substring("e2e.".length()) + "." + f.typeSpec().name(), f.toString());
            f.writeTo(src);
            args.add(src.resolve(f.packageName().replace('.', '/')).resolve(f.typeSpec().name() + ".java").toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(new String[0]));
        if (rc != 0) {
            throw new AssertionError("generated code does not compile:\n" + err);
        }
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, GeneratedGlue.class.getClassLoader());
        return new GeneratedGlue(pkg, loader, sources);
    }

    /** The generated source of each class, by its name under the base package ({@code a.b.I}). */
    Map<String, String> sources() {
        return sources;
    }

    Class<?> load(String simpleNameSuffix) {
        try {
            return Class.forName(basePackage + "." + simpleNameSuffix, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("no generated class " + simpleNameSuffix, e);
        }
    }

    /** The import-form ABI of every function of interface {@code name} of the main package. */
    Map<String, FunctionAbi> importAbis(String name) {
        Interface iface = pkg.resolve().interfaces().get(pkg.main().interfaces().get(name));
        AbiTypes abi = new AbiTypes(pkg.resolve());
        Map<String, FunctionAbi> out = new LinkedHashMap<>();
        iface.functions().forEach((n, f) -> out.put(n, FunctionAbi.forImport(abi.params(f), abi.result(f))));
        return out;
    }

    /**
     * Calls the public method {@code name} of {@code type} taking {@code args.length} arguments, on
     * {@code target} (null for a static method), rethrowing what the method throws.
     */
    static Object invoke(Class<?> type, Object target, String name, Object... args) throws Exception {
        for (java.lang.reflect.Method m : type.getMethods()) {
            if (m.getName().equals(name) && m.getParameterCount() == args.length) {
                try {
                    return m.invoke(target, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        }
        throw new AssertionError("no method " + name + "/" + args.length + " in " + type.getName());
    }

    static Path tempDir() {
        try {
            return Files.createTempDirectory("glue");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
