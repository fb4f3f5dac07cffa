package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.StringEncoding;
import dev.wasiotel.wit.parser.WitOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a build asks to generate: the input of {@link GenerateBindings#generateFiles}.
 *
 * @param wit a WIT package directory (with its {@code deps/}) or a {@code .wit} file
 * @param deps more folders whose entries are dependency packages
 * @param world which world
 * @param basePackage the Java package every generated package starts with
 * @param witOptions features and parser options
 * @param encoding the string encoding declared for the guests, recorded in {@code <World>Bindings}
 */
public record BindingsRequest(Path wit, List<Path> deps, WorldSpec world, String basePackage, WitOptions witOptions,
        Optional<StringEncoding> encoding) {

    /** Checks for nulls; copies the list. */
    public BindingsRequest {
        Objects.requireNonNull(wit, "wit");
        deps = List.copyOf(deps);
        Objects.requireNonNull(world, "world");
        Objects.requireNonNull(basePackage, "basePackage");
        Objects.requireNonNull(witOptions, "witOptions");
        Objects.requireNonNull(encoding, "encoding");
    }
}
