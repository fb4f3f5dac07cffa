package dev.wasiotel.host.component.binary;

import java.util.List;
import java.util.Optional;

/** A type definition ({@code deftype}) as written in the binary, with type indices unresolved. */
public sealed interface TypeDef {

    /** A primitive. @param type which */
    record Prim(PrimType type) implements TypeDef {
    }

    /** A named, typed field, parameter or case payload. @param name label @param type type */
    record Labeled(String name, ValTypeRef type) {
    }

    /** A record. @param fields at least one */
    record RecordT(List<Labeled> fields) implements TypeDef {
    }

    /** A variant case. @param name label @param payload type, if any */
    record Case(String name, Optional<ValTypeRef> payload) {
    }

    /** A variant. @param cases at least one */
    record VariantT(List<Case> cases) implements TypeDef {
    }

    /** {@code list<T>}. @param element T */
    record ListT(ValTypeRef element) implements TypeDef {
    }

    /** {@code list<T, N>}. @param element T @param length N */
    record FixedListT(ValTypeRef element, int length) implements TypeDef {
    }

    /** A tuple. @param types at least one */
    record TupleT(List<ValTypeRef> types) implements TypeDef {
    }

    /** Flags. @param labels 1 to 32 */
    record FlagsT(List<String> labels) implements TypeDef {
    }

    /** An enum. @param labels at least one */
    record EnumT(List<String> labels) implements TypeDef {
    }

    /** {@code option<T>}. @param payload T */
    record OptionT(ValTypeRef payload) implements TypeDef {
    }

    /** {@code result<T, E>}. @param ok T, if any @param err E, if any */
    record ResultT(Optional<ValTypeRef> ok, Optional<ValTypeRef> err) implements TypeDef {
    }

    /** {@code own<R>}. @param resource type index of R */
    record OwnT(int resource) implements TypeDef {
    }

    /** {@code borrow<R>}. @param resource type index of R */
    record BorrowT(int resource) implements TypeDef {
    }

    /**
     * {@code map<K, V>}: its canonical ABI is that of {@code list<tuple<K, V>>}.
     *
     * @param key K (a key type: bool, an integer, char or string)
     * @param value V
     */
    record MapT(ValTypeRef key, ValTypeRef value) implements TypeDef {
    }

    /** A type decoded but not supported at run time (stream, future). @param what which */
    record UnsupportedT(String what) implements TypeDef {
    }

    /**
     * A function type.
     *
     * @param params the parameters
     * @param result the result, if any
     * @param async whether it is an {@code async} function type ({@code 0x43})
     */
    record FuncT(List<Labeled> params, Optional<ValTypeRef> result, boolean async) implements TypeDef {
        /** A synchronous function type. */
        public FuncT(List<Labeled> params, Optional<ValTypeRef> result) {
            this(params, result, false);
        }
    }

    /** A resource type defined by this component. @param destructor core func index or -1 */
    record ResourceT(int destructor) implements TypeDef {
    }

    /** A component type. @param decls its declarations in order */
    record ComponentT(List<Decl> decls) implements TypeDef {
    }

    /** An instance type. @param decls its declarations in order */
    record InstanceT(List<Decl> decls) implements TypeDef {
    }

    /** A declaration inside a component or instance type. */
    sealed interface Decl {
    }

    /** A core type declared inside. */
    record CoreTypeDecl() implements Decl {
    }

    /** A type declared inside. @param type the definition */
    record TypeDecl(TypeDef type) implements Decl {
    }

    /** An alias declared inside. @param sort its sort @param target what it aliases */
    record AliasDecl(Sort sort, Definition.AliasTarget target) implements Decl {
    }

    /** An import declared (component types only). @param externName its name @param type its type */
    record ImportDecl(ExternName externName, ExternType type) implements Decl {
        /** The name that identifies the import (without attributes). */
        public String name() {
            return externName.name();
        }
    }

    /** An export declared. @param externName its name @param type its type */
    record ExportDecl(ExternName externName, ExternType type) implements Decl {
        /** The name that identifies the export (without attributes). */
        public String name() {
            return externName.name();
        }
    }
}
