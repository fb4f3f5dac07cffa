package dev.wasiotel.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/wasi-otel}, the launcher the README gives: it runs the CLI with the class-data archive
 * that {@code mvn package} makes beside the jar, and an archive that does not fit changes nothing
 * but speed.
 */
class LauncherTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @Test
    void runsAGuestWithTheClassesMappedFromTheArchive(@TempDir Path dir) throws Exception {
        Path archive = HostProcess.root().resolve("host/target/wasi-otel.jsa");
        assertTrue(Files.isRegularFile(archive), "the build makes " + archive);
        Path classLog = dir.resolve("classes.log");

        HostProcess.Result result = launch(HostProcess.root(), Map.of("JAVA_OPTS",
                "-Xlog:class+load=info:file=" + classLog), "run", HostProcess.guest("c-otel").toString(), "world");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("span   "), result::toString); // the console exporters ran
        String loaded = Files.readString(classLog);
        // our own classes come from the archive, not from the jar
        assertTrue(loaded.contains("dev.wasiotel.host.cli.RunCommand source: shared objects file (top)"),
                () -> "RunCommand was not mapped from the archive:\n" + grep(loaded, "RunCommand"));
        assertTrue(loaded.contains("dev.wasiotel.host.component.Instantiator source: shared objects file (top)"),
                () -> grep(loaded, "Instantiator"));
    }

    @Test
    void givesTheExitCodeAndMessagesOfTheJar() throws Exception {
        Path hostile = HostProcess.guest("hostile");

        HostProcess.Result result = launch(HostProcess.root(), Map.of(), "run", "--timeout", "1s",
                hostile.toString(), "spin", "0", "0");

        assertEquals(70, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("wasi-otel: guest trapped: deadline: \"attack\" exceeded its deadline"
                + " of 1s"), result::toString);
    }

    @Test
    void anArchiveThatDoesNotFitTheJarIsIgnoredSilently(@TempDir Path dir) throws Exception {
        // a checkout whose jar was rebuilt after its archive: the archive names another jar
        Path root = dir.resolve("checkout");
        Files.createDirectories(root.resolve("bin"));
        Files.createDirectories(root.resolve("host/target"));
        Path launcher = root.resolve("bin/wasi-otel");
        Files.copy(HostProcess.root().resolve("bin/wasi-otel"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(HostProcess.root().resolve("host/target/wasi-otel.jar"), root.resolve("host/target/wasi-otel.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        Files.setLastModifiedTime(root.resolve("host/target/wasi-otel.jar"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Files.copy(HostProcess.root().resolve("host/target/wasi-otel.jsa"), root.resolve("host/target/wasi-otel.jsa"));

        HostProcess.Result result = launch(root, Map.of(), "run", HostProcess.guest("c-otel").toString(), "world");

        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(!result.stderr().contains("[warning]") && !result.stderr().contains("[error]")
                && !result.stdout().contains("[warning]"), () -> "the JVM complained:\n" + result);
    }

    @Test
    void saysHowToBuildWhenTheJarIsMissing(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("bin"));
        Path launcher = dir.resolve("bin/wasi-otel");
        Files.copy(HostProcess.root().resolve("bin/wasi-otel"), launcher);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));

        HostProcess.Result result = launch(dir, Map.of(), "--version");

        assertEquals(2, result.exitCode(), result::toString);
        assertTrue(result.stderr().contains("build it first: mvn -B -q package -DskipTests"), result::toString);
    }

    /** Runs {@code ROOT/bin/wasi-otel ARGS} with the JDK running these tests. */
    private static HostProcess.Result launch(Path root, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root.resolve("bin/wasi-otel").toString()));
        command.addAll(List.of(args));
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", System.getProperty("java.home"));
        try (HostProcess.Running running = HostProcess.startCommand(command, all)) {
            return running.await(TIMEOUT);
        }
    }

    private static String grep(String text, String word) {
        return text.lines().filter(l -> l.contains(word)).reduce("", (a, b) -> a + b + "\n");
    }
}
