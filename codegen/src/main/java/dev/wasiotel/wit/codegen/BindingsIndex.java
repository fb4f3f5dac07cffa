package dev.wasiotel.wit.codegen;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The index that lets one build reuse the bindings another made (wasmtime's {@code with}): next to
 * the generated classes the generator writes, for every WIT interface it generated, a class path
 * resource {@code META-INF/wit-bindings/<namespace>/<package>/<interface>[@<version>].properties}
 * with the interface's Java {@code package}, the {@code classes} made there and the {@code world}
 * they were generated for. A later generation that finds the resource of an interface on its class
 * path refers to those classes instead of generating them again.
 *
 * <p>The resource name is derived from the interface's WIT name alone, so a build finds it with a
 * single look-up per interface, without listing the class path.
 */
public final class BindingsIndex {
    /** The folder of the index on the class path. */
    public static final String ROOT = "META-INF/wit-bindings/";

    private BindingsIndex() {
    }

    /** Reads one class path resource, if it exists. */
    @FunctionalInterface
    public interface ResourceReader {
        /**
         * The text of resource {@code path}, or empty if there is none.
         *
         * @param path relative to the class path root
         * @return the text, or empty
         * @throws IOException if it exists but cannot be read
         */
        Optional<String> read(String path) throws IOException;
    }

    /**
     * The index resource of an interface.
     *
     * @param qualifiedInterface {@code ns:pkg/iface[@version]}, e.g. {@code wasi:otel/tracing@0.2.0-rc.2}
     * @return e.g. {@code META-INF/wit-bindings/wasi/otel/tracing@0.2.0-rc.2.properties}
     */
    public static String resourcePath(String qualifiedInterface) {
        return ROOT + qualifiedInterface.replace(':', '/') + ".properties";
    }

    /**
     * Looks up the existing bindings of each interface.
     *
     * @param qualifiedInterfaces the interfaces a generation needs
     * @param reader reads the class path
     * @return the interfaces found, by qualified name
     * @throws IOException if a resource cannot be read
     * @throws IllegalArgumentException if a resource is not a valid index entry (names the resource)
     */
    public static Map<String, ExistingInterface> lookup(List<String> qualifiedInterfaces, ResourceReader reader)
            throws IOException {
        Map<String, ExistingInterface> out = new LinkedHashMap<>();
        for (String name : qualifiedInterfaces) {
            String path = resourcePath(name);
            Optional<String> text = reader.read(path);
            if (text.isPresent()) {
                out.put(name, parse(path, text.get()));
            }
        }
        return out;
    }

    /** A reader over a class loader's resources. */
    public static ResourceReader classLoaderReader(ClassLoader loader) {
        return path -> {
            try (InputStream in = loader.getResourceAsStream(path)) {
                return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        };
    }

    /**
     * Parses an index entry.
     *
     * @param path the resource, for the message
     * @param text its content
     * @return the entry
     * @throws IllegalArgumentException without a valid {@code package}
     */
    public static ExistingInterface parse(String path, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad bindings index " + path + ": " + e.getMessage(), e);
        }
        String pkg = p.getProperty("package", "").trim();
        List<String> classes = new ArrayList<>();
        for (String c : p.getProperty("classes", "").split(",")) {
            if (!c.isBlank()) {
                classes.add(c.trim());
            }
        }
        try {
            return new ExistingInterface(pkg, new TreeSet<>(classes));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad bindings index " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * The index entries of a generation: one per named interface generated (not reused) here.
     *
     * @param model the generation
     * @param files what it produced
     * @return the resources
     */
    static List<GeneratedFile> entries(BindingModel model, List<JavaFile> files) {
        List<GeneratedFile> out = new ArrayList<>();
        for (WorldScope.InterfaceUse use : model.scope().interfaces()) {
            Optional<String> name = model.resolve().qualifiedName(use.interfaceId());
            if (name.isEmpty() || model.options().reused().containsKey(name.get())) {
                continue;
            }
            String pkg = model.symbols().interfacePackage(use.interfaceId());
            TreeSet<String> classes = new TreeSet<>();
            for (JavaFile f : files) {
                if (f.packageName().equals(pkg)) {
                    classes.add(f.typeSpec().name());
                }
            }
            String text = "# bindings of WIT interface " + name.get() + ", generated by " + GeneratedMarker.GENERATOR
                    + "\npackage=" + pkg
                    + "\nclasses=" + String.join(",", classes)
                    + "\nworld=" + model.worldWitName() + "\n";
            out.add(new GeneratedFile(GeneratedFile.Kind.RESOURCE, resourcePath(name.get()), text));
        }
        return out;
    }
}
