package dev.wasiotel.host.component;

import dev.wasiotel.host.component.binary.ComponentBinary;
import dev.wasiotel.host.component.binary.ComponentDecoder;
import dev.wasiotel.host.component.binary.Definition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Takes a core module out of a component, for Chicory's build-time compiler, and announces the
 * class that compiler will generate for it, so that {@code ExecutionMode.COMPILER} finds it by the
 * module's SHA-256 instead of compiling at run time.
 *
 * <p>As a program: {@code CoreModuleExtractor COMPONENT.wasm INDEX OUT.wasm RESOURCES_DIR CLASS}:
 * writes the component's {@code INDEX}-th top-level core module to {@code OUT.wasm} and the
 * announcement {@code META-INF/wasi-otel/precompiled/<sha256>} (its text: {@code CLASS}) under
 * {@code RESOURCES_DIR}.
 */
public final class CoreModuleExtractor {
    private CoreModuleExtractor() {
    }

    /** The component's top-level core modules, in binary order. */
    public static List<byte[]> coreModules(byte[] component) {
        ComponentBinary binary = ComponentDecoder.decode(component.clone());
        List<byte[]> out = new ArrayList<>();
        for (Definition d : binary.definitions()) {
            if (d instanceof Definition.CoreModuleDef m) {
                out.add(binary.moduleBytes(m));
            }
        }
        return out;
    }

    /**
     * Every core module of the component, nested components' too, in binary order.
     *
     * @throws dev.wasiotel.host.component.binary.ComponentFormatException if the binary is malformed
     */
    public static List<byte[]> allCoreModules(byte[] component) {
        List<byte[]> out = new ArrayList<>();
        collect(ComponentDecoder.decode(component.clone()), out);
        return out;
    }

    private static void collect(ComponentBinary binary, List<byte[]> out) {
        for (Definition d : binary.definitions()) {
            if (d instanceof Definition.CoreModuleDef m) {
                out.add(binary.moduleBytes(m));
            } else if (d instanceof Definition.NestedComponent c) {
                collect(c.component(), out);
            }
        }
    }

    /** Runs the program form; exits 1 with a one-line cause on bad input. */
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        if (args.length != 5) {
            System.err.println("usage: CoreModuleExtractor COMPONENT.wasm INDEX OUT.wasm RESOURCES_DIR CLASS");
            System.exit(2);
        }
        List<byte[]> modules = coreModules(Files.readAllBytes(Path.of(args[0])));
        int index = Integer.parseInt(args[1]);
        if (index < 0 || index >= modules.size()) {
            System.err.println(args[0] + " has " + modules.size() + " top-level core modules, not #" + index);
            System.exit(1);
        }
        byte[] module = modules.get(index);
        Path out = Path.of(args[2]);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.write(out, module);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(module));
        Path announcement = Path.of(args[3], "META-INF", "wasi-otel", "precompiled", sha);
        Files.createDirectories(announcement.getParent());
        Files.writeString(announcement, args[4] + "\n", StandardCharsets.UTF_8);
        System.out.println("core module #" + index + " of " + args[0] + " (" + module.length + " bytes, sha256 " + sha
                + ") -> " + out + ", announced as " + args[4]);
    }
}
