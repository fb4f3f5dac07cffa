package dev.wasiotel.wit.parser.syntax;

import dev.wasiotel.wit.parser.diag.Span;
import dev.wasiotel.wit.parser.model.Docs;
import dev.wasiotel.wit.parser.model.PackageName;
import dev.wasiotel.wit.parser.model.Type.Primitive;
import dev.wasiotel.wit.parser.model.Version;
import java.util.List;
import java.util.Optional;

/**
 * The syntax tree of one WIT file: what was written, with spans, before any name is resolved.
 * Kept apart from the resolved model, as wit-parser does.
 */
public final class Ast {
    private Ast() {
    }

    /** An identifier, already validated as kebab-case, with any {@code %} removed. */
    public record Id(String name, Span span) {
    }

    /** A feature gate or other attribute written before an item. */
    public sealed interface Attribute {
        /** Where the attribute's name is written. */
        Span span();
    }

    /** {@code @since(version = v)}. */
    public record Since(Version version, Span span) implements Attribute {
    }

    /** {@code @unstable(feature = f)}. */
    public record Unstable(String feature, Span span) implements Attribute {
    }

    /** {@code @deprecated(version = v)}. */
    public record Deprecated(Version version, Span span) implements Attribute {
    }

    /** {@code @external-id("...")}: accepted and ignored. */
    public record ExternalId(String value, Span span) implements Attribute {
    }

    /** A package name as written, with the span of the whole name. */
    public record PackageRef(PackageName name, Span span) {
    }

    /** The {@code package ns:name@v;} header or a nested {@code package ns:name@v { ... }}. */
    public record PackageHeader(PackageRef name, Docs docs, Span docsSpan) {
    }

    /** A whole file: the optional header and the items that follow. */
    public record WitFile(Optional<PackageHeader> header, List<DeclItem> items) {
    }

    /** {@code name} (an item of this package) or {@code ns:pkg/name@v} (of another package). */
    public sealed interface UsePath {
        /** The final name. */
        Id name();
    }

    /** A name in the same package (or brought in by a top-level {@code use}). */
    public record LocalPath(Id name) implements UsePath {
    }

    /** A name in another package. */
    public record ForeignPath(PackageRef pkg, Id name) implements UsePath {
    }

    /** What may stand at the top level of a package. */
    public sealed interface DeclItem {
    }

    /** {@code interface name { ... }}. */
    public record InterfaceDecl(Docs docs, List<Attribute> attributes, Id name, List<InterfaceItem> items)
            implements DeclItem {
    }

    /** {@code world name { ... }}. */
    public record WorldDecl(Docs docs, List<Attribute> attributes, Id name, List<WorldItem> items)
            implements DeclItem {
    }

    /** {@code use path (as name)?;} at the top level. */
    public record ToplevelUse(List<Attribute> attributes, UsePath path, Optional<Id> as, Span span)
            implements DeclItem {
        /** The name this use binds in the file. */
        public Id boundName() {
            return as.orElse(path.name());
        }
    }

    /** {@code package ns:name { ... }} inside a file. */
    public record NestedPackage(List<Attribute> attributes, PackageHeader header, List<DeclItem> items)
            implements DeclItem {
    }

    /** What may stand in an interface. */
    public sealed interface InterfaceItem {
    }

    /** What may stand in a world. */
    public sealed interface WorldItem {
    }

    /** {@code use path.{a, b as c};}. */
    public record Use(List<Attribute> attributes, UsePath from, List<UseName> names)
            implements InterfaceItem, WorldItem {
    }

    /** One name of a {@code use}. */
    public record UseName(Id name, Optional<Id> as) {
        /** The name bound locally. */
        public Id boundName() {
            return as.orElse(name);
        }
    }

    /** {@code name: func(...) -> T;}. */
    public record NamedFunc(Docs docs, List<Attribute> attributes, Id name, Func func) implements InterfaceItem {
    }

    /** A function signature. */
    public record Func(boolean async, List<Param> params, Optional<TypeExpr> result, Span span) {
    }

    /** One parameter. */
    public record Param(Id name, TypeExpr type) {
    }

    /** A named type definition: alias, record, flags, variant, enum or resource. */
    public record TypeDef(Docs docs, List<Attribute> attributes, Id name, TypeExpr body)
            implements InterfaceItem, WorldItem {
    }

    /** {@code import ...}. */
    public record Import(Docs docs, List<Attribute> attributes, Extern extern) implements WorldItem {
    }

    /** {@code export ...}. */
    public record Export(Docs docs, List<Attribute> attributes, Extern extern) implements WorldItem {
    }

    /** {@code include path (with { a as b })?}. */
    public record Include(List<Attribute> attributes, UsePath from, List<IncludeName> names) implements WorldItem {
    }

    /** One rename of an include. */
    public record IncludeName(Id name, Id as) {
    }

    /** What an import or export names. */
    public sealed interface Extern {
        /** Where it is reported. */
        Span span();
    }

    /** {@code name: func(...)}. */
    public record ExternFunc(Id name, Func func) implements Extern {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code name: interface { ... }}. */
    public record ExternInterface(Id name, List<InterfaceItem> items) implements Extern {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code path;}. */
    public record ExternPath(UsePath path) implements Extern {
        @Override
        public Span span() {
            return path.name().span();
        }
    }

    /** {@code label: path;}: a named import of an interface. */
    public record ExternNamedPath(Id label, UsePath path) implements Extern {
        @Override
        public Span span() {
            return label.span();
        }
    }

    /** A type as written. */
    public sealed interface TypeExpr {
        /** Where it is written. */
        Span span();
    }

    /** {@code u32}, {@code string}, ... */
    public record PrimitiveType(Primitive primitive, Span span) implements TypeExpr {
    }

    /** A type name. */
    public record NamedType(Id name) implements TypeExpr {
        @Override
        public Span span() {
            return name.span();
        }
    }

    /** {@code list<T>}. */
    public record ListType(TypeExpr element, Span span) implements TypeExpr {
    }

    /** {@code list<T, N>}. */
    public record FixedListType(TypeExpr element, long size, Span span) implements TypeExpr {
    }

    /** {@code map<K, V>}. */
    public record MapType(TypeExpr key, TypeExpr value, Span span) implements TypeExpr {
    }

    /** {@code option<T>}. */
    public record OptionType(TypeExpr type, Span span) implements TypeExpr {
    }

    /** {@code result}, {@code result<T>}, {@code result<_, E>}, {@code result<T, E>}. */
    public record ResultType(Optional<TypeExpr> ok, Optional<TypeExpr> err, Span span) implements TypeExpr {
    }

    /** {@code tuple<...>}. */
    public record TupleType(List<TypeExpr> types, Span span) implements TypeExpr {
    }

    /** {@code future} or {@code future<T>}. */
    public record FutureType(Optional<TypeExpr> payload, Span span) implements TypeExpr {
    }

    /** {@code stream} or {@code stream<T>}. */
    public record StreamType(Optional<TypeExpr> payload, Span span) implements TypeExpr {
    }

    /** {@code own<R>} or {@code borrow<R>}. */
    public record HandleType(boolean borrow, Id resource) implements TypeExpr {
        @Override
        public Span span() {
            return resource.span();
        }
    }

    /** The body of {@code record r { ... }}. */
    public record RecordBody(List<Field> fields, Span span) implements TypeExpr {
    }

    /** A record field. */
    public record Field(Docs docs, Id name, TypeExpr type) {
    }

    /** The body of {@code flags f { ... }}. */
    public record FlagsBody(List<NamedCase> flags, Span span) implements TypeExpr {
    }

    /** The body of {@code enum e { ... }}. */
    public record EnumBody(List<NamedCase> cases, Span span) implements TypeExpr {
    }

    /** A flag or enum case. */
    public record NamedCase(Docs docs, Id name) {
    }

    /** The body of {@code variant v { ... }}. */
    public record VariantBody(List<Case> cases, Span span) implements TypeExpr {
    }

    /** A variant case. */
    public record Case(Docs docs, Id name, Optional<TypeExpr> type) {
    }

    /** The body of {@code resource r { ... }} (or {@code resource r;}). */
    public record ResourceBody(List<ResourceFunc> funcs, Span span) implements TypeExpr {
    }

    /** How a resource function is declared. */
    public enum ResourceFuncKind {
        /** {@code constructor(...)}. */
        CONSTRUCTOR,
        /** {@code name: func(...)}. */
        METHOD,
        /** {@code name: static func(...)}. */
        STATIC
    }

    /** A function of a resource. */
    public record ResourceFunc(ResourceFuncKind kind, NamedFunc func) {
    }
}
