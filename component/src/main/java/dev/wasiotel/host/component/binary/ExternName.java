package dev.wasiotel.host.component.binary;

import java.util.Objects;
import java.util.Optional;

/**
 * An import or export name with the attributes of the {@code 0x02} encoding ({@code
 * nameattributes} in component-model {@code Binary.md}). The name alone identifies the import or
 * export within its component; the attributes only describe it.
 *
 * @param name the {@code externname}, e.g. {@code wasi:cli/stdout@0.2} (a canonical version) or
 *     {@code primary}
 * @param implementsName the interface an instance implements ({@code implements}), if given
 * @param versionSuffix what was split off a canonical version ({@code versionsuffix}), e.g.
 *     {@code .12}, if given
 * @param externalId the host-specific identifier ({@code external-id}), if given
 */
public record ExternName(String name, Optional<String> implementsName, Optional<String> versionSuffix,
        Optional<String> externalId) {

    /** Checks for nulls. */
    public ExternName {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(implementsName, "implementsName");
        Objects.requireNonNull(versionSuffix, "versionSuffix");
        Objects.requireNonNull(externalId, "externalId");
    }

    /** A name without attributes (the {@code 0x00} and {@code 0x01} encodings). */
    public static ExternName of(String name) {
        return new ExternName(name, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * The name with its full version: the canonical version with the suffix put back ({@code
     * wasi:cli/stdout@0.2} with {@code .12} is {@code wasi:cli/stdout@0.2.12}), as WIT and host
     * interfaces spell it; the name itself without a suffix.
     */
    public String fullName() {
        return versionSuffix.map(suffix -> name + suffix).orElse(name);
    }
}
