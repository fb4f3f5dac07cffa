package dev.wasiotel.wit.parser.model;

import dev.wasiotel.wit.parser.diag.Span;
import java.util.Optional;

/**
 * One entry of the {@link Resolve#types()} arena.
 *
 * @param name the name for named types, empty for anonymous ones ({@code list<u8>} in a signature)
 * @param kind what the type is
 * @param owner where it is defined
 * @param docs its documentation
 * @param stability its feature gate
 * @param span where it is written
 */
public record TypeDef(Optional<String> name, TypeDefKind kind, TypeOwner owner, Docs docs, Stability stability,
        Span span) {
}
