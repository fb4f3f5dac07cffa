package dev.wasiotel.guest.maven;

import dev.wasiotel.host.compile.GuestCompiler;
import dev.wasiotel.host.run.GuestLoadException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Compiles a guest known at build time to JVM bytecode: every core module of the component (or the
 * core module) goes through Chicory's build-time compiler, and its machine is announced under
 * {@code META-INF/wasi-otel/precompiled/<sha256 of the module>} in the output folder ({@code
 * target/classes} by default), so it ends up in the project's jar. At run time {@code
 * ExecutionMode.COMPILER} finds the machine on the class path by the module's SHA-256 and neither
 * interprets nor compiles the module. The same as {@code wasi-otel compile}, into the build.
 *
 * <p>Functions too large for the JVM's 64 KB method limit are split first (parts outlined into new
 * functions) so that they compile too; what the compiler still leaves to Chicory's interpreter is
 * logged. A large guest (a componentize-js one: ~13 MB of code) takes about a minute and
 * several GB of heap: give Maven room ({@code MAVEN_OPTS=-Xmx8g}).
 *
 * <p>Nothing is redone when the output folder already holds a machine for every core module of the
 * guest (the modules are named by their SHA-256, so a changed guest is compiled again).
 *
 * <p>The project needs {@code dev.wasiotel:runtime} (which brings Chicory's runtime) at run time;
 * the machines need nothing else.
 */
@Mojo(name = "compile-guest", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true)
public final class CompileGuestMojo extends AbstractMojo {

    /** The guest: a {@code .wasm} component or core module. */
    @Parameter(property = "wasiotel.guest", required = true)
    private File guest;

    /** Where the machine classes and their announcements go: a class path folder. */
    @Parameter(property = "wasiotel.precompiled.outputDirectory", defaultValue = "${project.build.outputDirectory}",
            required = true)
    private File outputDirectory;

    /** Skip this goal: nothing is compiled. */
    @Parameter(property = "wasiotel.precompiled.skip", defaultValue = "false")
    private boolean skip;

    @Override
    public void execute() throws MojoExecutionException, MojoFailureException {
        if (skip) {
            getLog().info("compile-guest is skipped");
            return;
        }
        Path out = outputDirectory.toPath();
        byte[] wasm;
        try {
            wasm = Files.readAllBytes(guest.toPath());
        } catch (NoSuchFileException e) {
            throw new MojoFailureException("the guest " + guest + " does not exist", e);
        } catch (IOException e) {
            throw new MojoFailureException("cannot read the guest " + guest + ": " + e.getMessage(), e);
        }
        try {
            if (GuestCompiler.upToDate(wasm, out)) {
                getLog().info("precompiled machines of " + guest.getName() + " are up to date in " + out);
                return;
            }
            long start = System.nanoTime();
            List<GuestCompiler.CompiledModule> modules = GuestCompiler.compile(wasm, out, m -> getLog().info(
                    String.format(Locale.ROOT, "core module #%d of %s (%d bytes, %d functions): compiled; %s%s",
                            m.index(), guest.getName(), m.bytes(), m.functions(),
                            m.functionsSplit() == 0 ? "" : m.functionsSplit() + " function(s) split into "
                                    + m.functionsOutlined() + " outlined ones; ",
                            m.interpretedFunctions().isEmpty() ? "no function left to the interpreter"
                                    : m.interpretedFunctions().size() + " function(s) too large for a JVM method"
                                            + " left to the interpreter: " + m.interpretedFunctions())));
            getLog().info(String.format(Locale.ROOT, "compiled %d core module(s) of %s into %s in %.1f s",
                    modules.size(), guest.getName(), out, (System.nanoTime() - start) / 1e9));
        } catch (GuestLoadException e) {
            throw new MojoFailureException(guest + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MojoExecutionException("cannot write the precompiled machines into " + out + ": " + e, e);
        } catch (OutOfMemoryError e) {
            throw new MojoExecutionException("out of memory compiling " + guest + "; give Maven more heap, e.g."
                    + " MAVEN_OPTS=-Xmx8g", e);
        }
    }
}
