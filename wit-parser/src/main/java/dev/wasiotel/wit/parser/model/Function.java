package dev.wasiotel.wit.parser.model;

import dev.wasiotel.wit.parser.diag.Span;
import java.util.List;
import java.util.Optional;

/**
 * A function of an interface or world. Resource functions carry their canonical names
 * ({@code [method]r.f}, {@code [static]r.f}, {@code [constructor]r}); methods have an explicit
 * first parameter {@code self: borrow<r>}.
 *
 * @param name the canonical name
 * @param kind freestanding, method, static or constructor
 * @param params parameters in order
 * @param result the result type, if any
 * @param docs documentation
 * @param stability feature gate
 * @param span where the name is written
 */
public record Function(String name, FunctionKind kind, List<Param> params, Optional<Type> result, Docs docs,
        Stability stability, Span span) {

    /**
     * A parameter.
     *
     * @param name kebab-case name ({@code self} for a method's receiver)
     * @param type its type
     */
    public record Param(String name, Type type) {
    }

    /** The name as written in WIT: the part after {@code [kind]r.} or the whole name. */
    public String itemName() {
        if (kind instanceof FunctionKind.Freestanding) {
            return name;
        }
        if (kind instanceof FunctionKind.Constructor) {
            return "constructor";
        }
        return name.substring(name.indexOf('.') + 1);
    }
}
