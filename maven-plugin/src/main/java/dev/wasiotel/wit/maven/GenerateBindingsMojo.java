package dev.wasiotel.wit.maven;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.codegen.BindingsRequest;
import dev.wasiotel.wit.codegen.ClassPathWit;
import dev.wasiotel.wit.codegen.CodegenException;
import dev.wasiotel.wit.codegen.GenerateBindings;
import dev.wasiotel.wit.codegen.GeneratedFile;
import dev.wasiotel.wit.codegen.WorldSpec;
import dev.wasiotel.wit.parser.WitOptions;
import dev.wasiotel.wit.parser.diag.WitParseException;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecution;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.descriptor.PluginDescriptor;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;

/**
 * Generates the Java bindings of a WIT world: records, variants, enums and flags for the WIT types,
 * one Java interface per imported WIT interface (the host implements it) with the canonical-ABI
 * glue that links it into a guest, and typed callers for the world's exports. The output folder
 * becomes a compile source root.
 *
 * <p>Nothing is redone when nothing changed: a stamp in the output folder (one per execution) records a hash of every
 * WIT file (including {@code deps/}), of the options, of the generator and of the bindings index
 * of the class path. When it matches, the goal logs that the bindings are up to date and writes
 * nothing. Otherwise it regenerates, rewrites only files whose text changed, and deletes files it
 * made before that are no longer produced.
 *
 * <p>WIT that dependencies ship under {@code META-INF/wit/} (package folders or {@code .wit} files)
 * is available as dependency packages, and is the WIT package itself when {@code witDirectory}
 * does not exist.
 *
 * <p>WIT interfaces whose bindings a dependency already has (its {@code META-INF/wit-bindings/}
 * index, written by this goal or by the {@code @WitWorld} processor) are not generated again; the
 * generated code uses the dependency's classes.
 */
@Mojo(name = "generate-bindings", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE)
public final class GenerateBindingsMojo extends AbstractMojo {

    /**
     * The WIT package: a folder of {@code .wit} files (with its {@code deps/} folder) or one {@code
     * .wit} file. When it does not exist, the package the {@code world} names is taken from the WIT
     * that dependencies ship under {@code META-INF/wit/}, which is always available as dependencies.
     */
    @Parameter(property = "wit.directory", defaultValue = "${project.basedir}/src/main/wit", required = true)
    private File witDirectory;

    /** More folders whose entries (package folders or {@code .wit} files) are available as dependencies. */
    @Parameter
    private List<File> depsDirectories = new ArrayList<>();

    /**
     * The world to generate: {@code wasi:otel} (that package's only world), {@code wasi:otel/imports},
     * {@code my:app/host@1.0.0}, a world name of the WIT package, or empty for the package's only world.
     */
    @Parameter(property = "wit.world", defaultValue = "")
    private String world;

    /** Where the Java sources go; added as a compile source root. */
    @Parameter(property = "wit.outputDirectory", defaultValue = "${project.build.directory}/generated-sources/wit",
            required = true)
    private File outputDirectory;

    /**
     * Where the bindings index ({@code META-INF/wit-bindings/}) goes, so that projects depending on
     * this one reuse its bindings; added as a resource folder.
     */
    @Parameter(defaultValue = "${project.build.directory}/generated-resources/wit", required = true)
    private File resourcesDirectory;

    /** The Java package every generated package starts with, e.g. {@code com.example.bindings}. */
    @Parameter(property = "wit.packageName", required = true)
    private String packageName;

    /** The {@code @unstable(feature = ...)} features that are active. */
    @Parameter
    private List<String> features = new ArrayList<>();

    /**
     * The string encoding the guests use: {@code utf8}, {@code utf16} or {@code latin1+utf16};
     * recorded as {@code <World>Bindings.ENCODING}.
     */
    @Parameter(property = "wit.encoding", defaultValue = "utf8")
    private String encoding;

    /** Read the old {@code float32}/{@code float64} names as {@code f32}/{@code f64}. */
    @Parameter(property = "wit.legacyFloatNames", defaultValue = "false")
    private boolean legacyFloatNames;

    /** Reuse bindings that dependencies already have instead of generating them again. */
    @Parameter(property = "wit.reuse", defaultValue = "true")
    private boolean reuse;

    /** Skip this goal: nothing is generated, and no source or resource folder is added. */
    @Parameter(property = "wit.skip", defaultValue = "false")
    private boolean skip;

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    private MavenProject project;

    @Parameter(defaultValue = "${plugin}", readonly = true, required = true)
    private PluginDescriptor plugin;

    @Parameter(defaultValue = "${mojoExecution}", readonly = true, required = true)
    private MojoExecution execution;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("generate-bindings is skipped");
            return;
        }
        Path out = outputDirectory.toPath();
        Path resources = resourcesDirectory.toPath();
        StringEncoding stringEncoding;
        WorldSpec worldSpec;
        try {
            stringEncoding = GenerateBindings.parseEncoding(encoding);
            worldSpec = WorldSpec.parse(world == null ? "" : world);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
        Path copied = null;
        try {
            List<Path> classPath = dependencyFiles();
            copied = ClassPathWit.extract(ClassPathWit.roots(classPath)).orElse(null);
            List<Path> deps = paths(depsDirectories);
            if (copied != null) {
                deps.add(copied);
            }
            Path wit = witLocation(worldSpec, copied);
            ClassPathIndex index = reuse ? ClassPathIndex.of(classPath) : ClassPathIndex.empty();
            BindingsStamp.Inputs inputs = new BindingsStamp.Inputs(wit, deps,
                    List.of("world=" + worldSpec, "package=" + packageName, "features=" + features,
                            "encoding=" + stringEncoding, "legacyFloatNames=" + legacyFloatNames, "reuse=" + reuse,
                            "generator=" + plugin.getVersion()),
                    generatorJars(), index.entries());
            String hash = BindingsStamp.hash(inputs);
            Path stampFile = BindingsStamp.file(out, execution.getExecutionId());
            Optional<BindingsStamp> previous = BindingsStamp.read(stampFile);
            if (previous.isPresent() && previous.get().hash().equals(hash) && previous.get().outputsExist(out, resources)) {
                getLog().info("WIT bindings are up to date (" + previous.get().files().size() + " files in " + out + ")");
            } else {
                List<GeneratedFile> files = generate(wit, deps, worldSpec, stringEncoding, index);
                OutputSync.Result r = OutputSync.apply(files, previous.map(BindingsStamp::files).orElse(List.of()), out,
                        resources);
                new BindingsStamp(hash, OutputSync.names(files)).write(stampFile);
                getLog().info("generated WIT bindings from " + wit + ": " + files.size() + " files, "
                        + r.written() + " written, " + r.unchanged() + " unchanged, " + r.deleted() + " deleted");
            }
        } catch (IOException e) {
            throw new MojoExecutionException("cannot generate WIT bindings: " + e, e);
        } finally {
            deleteQuietly(copied);
        }
        project.addCompileSourceRoot(out.toString());
        addResourceRoot(resources);
    }

    /**
     * The WIT package to read: {@code witDirectory}, or, when there is none, the package the world
     * names among the WIT the dependencies ship under {@code META-INF/wit/}.
     */
    private Path witLocation(WorldSpec worldSpec, Path copied) throws MojoFailureException, IOException {
        if (witDirectory.exists()) {
            return witDirectory.toPath();
        }
        if (copied != null && worldSpec.packageName().isPresent()) {
            Optional<Path> entry = ClassPathWit.packageEntry(copied, worldSpec.packageName().get());
            if (entry.isPresent()) {
                return entry.get();
            }
        }
        throw new MojoFailureException("no WIT at " + witDirectory + " (parameter witDirectory), and no WIT package "
                + worldSpec.packageName().map(p -> "`" + p + "` ").orElse("") + "under " + ClassPathWit.ROOT
                + "/ in the dependencies");
    }

    private void deleteQuietly(Path copied) {
        try {
            ClassPathWit.delete(copied);
        } catch (IOException e) {
            getLog().warn("cannot delete the temporary folder " + copied + ": " + e);
        }
    }

    private List<GeneratedFile> generate(Path wit, List<Path> deps, WorldSpec worldSpec, StringEncoding stringEncoding,
            ClassPathIndex index) throws MojoFailureException, IOException {
        WitOptions options = WitOptions.DEFAULTS.withFeatures(new LinkedHashSet<>(features));
        if (legacyFloatNames) {
            options = options.withLegacyFloatNames();
        }
        BindingsRequest request = new BindingsRequest(wit, deps, worldSpec, packageName, options,
                Optional.of(stringEncoding));
        try {
            return GenerateBindings.generateFiles(request, index::read);
        } catch (WitParseException e) {
            // the message is `file:line:col: what` and the source line with a caret
            throw new MojoFailureException("bad WIT: " + e.getMessage(), e);
        } catch (CodegenException | IllegalArgumentException e) {
            throw new MojoFailureException("cannot generate WIT bindings: " + e.getMessage(), e);
        }
    }

    private void addResourceRoot(Path resources) {
        String dir = resources.toString();
        for (Resource r : project.getResources()) {
            if (dir.equals(r.getDirectory())) {
                return;
            }
        }
        Resource r = new Resource();
        r.setDirectory(dir);
        project.addResource(r);
    }

    /** The compile class path without this project's own output (whose index is not a dependency's). */
    private List<Path> dependencyFiles() {
        List<Path> out = new ArrayList<>();
        for (Artifact a : project.getArtifacts()) {
            if (a.getFile() != null && a.getArtifactHandler().isAddedToClasspath()) {
                out.add(a.getFile().toPath());
            }
        }
        return out;
    }

    /** The generator's own jars: a rebuilt SNAPSHOT generator must regenerate. */
    private static List<Path> generatorJars() {
        List<Path> out = new ArrayList<>();
        for (Class<?> c : List.of(GenerateBindings.class, WitParseException.class, StringEncoding.class)) {
            var source = c.getProtectionDomain().getCodeSource();
            if (source != null && "file".equals(source.getLocation().getProtocol())) {
                try {
                    out.add(Path.of(source.getLocation().toURI()));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    // not a plain file: the version in the options still covers releases
                    continue;
                }
            }
        }
        return out;
    }

    private static List<Path> paths(List<File> files) {
        List<Path> out = new ArrayList<>();
        if (files != null) {
            for (File f : files) {
                out.add(f.toPath());
            }
        }
        return out;
    }
}
