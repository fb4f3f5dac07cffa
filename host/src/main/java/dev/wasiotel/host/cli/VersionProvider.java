package dev.wasiotel.host.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Supplies {@code --version}: the project version Maven recorded in the jar ({@code
 * META-INF/maven/dev.wasiotel/host/pom.properties}), or {@code development build} when running from
 * class files.
 */
public final class VersionProvider implements IVersionProvider {
    private static final String POM_PROPERTIES = "/META-INF/maven/dev.wasiotel/host/pom.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"wasi-otel " + version()};
    }

    /**
     * The version of this build.
     *
     * @return the Maven version, or {@code development build}
     */
    public static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream(POM_PROPERTIES)) {
            if (in != null) {
                Properties props = new Properties();
                props.load(in);
                String version = props.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            // fall through: the version is informational only
        }
        return "development build";
    }
}
