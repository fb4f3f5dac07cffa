package dev.wasiotel.host.component;

import dev.wasiotel.host.component.ResolvedType.AbstractResource;
import dev.wasiotel.host.component.ResolvedType.FuncType;
import dev.wasiotel.host.component.ResolvedType.InstanceTypeValue;
import dev.wasiotel.host.component.ResolvedType.ResourceTypeValue;
import dev.wasiotel.host.component.ResolvedType.ValueType;
import dev.wasiotel.host.component.binary.ComponentFormatException;
import dev.wasiotel.host.component.binary.Definition;
import dev.wasiotel.host.component.binary.ExternType;
import dev.wasiotel.host.component.binary.PrimType;
import dev.wasiotel.host.component.binary.Sort;
import dev.wasiotel.host.component.binary.TypeDef;
import dev.wasiotel.host.component.binary.ValTypeRef;
import dev.wasiotel.wit.abi.AbiType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A type index space (of a component, or of an instance or component type being declared) with
 * the enclosing ones, for outer aliases; resolves type definitions against it. An entry may be
 * {@code null} where it is not known while only the imports are being checked.
 */
final class TypeScope {
    /** Bounds the work a hostile type graph can cause (each reference is followed once). */
    private static final int MAX_TYPES = 1 << 20;

    private final TypeScope parent;
    private final List<ResolvedType> types = new ArrayList<>();
    private final TypeWeight weights;

    TypeScope(TypeScope parent) {
        this.parent = parent;
        this.weights = parent == null ? new TypeWeight() : parent.weights;
    }

    TypeScope parent() {
        return parent;
    }

    int size() {
        return types.size();
    }

    void add(ResolvedType type, int offset) {
        if (types.size() >= MAX_TYPES) {
            throw new ComponentFormatException(offset, "more than " + MAX_TYPES + " types");
        }
        if (type instanceof ValueType v) {
            weights.check(v.abi(), offset);
        } else if (type instanceof FuncType f) {
            for (AbiType p : f.params()) {
                weights.check(p, offset);
            }
            f.result().ifPresent(r -> weights.check(r, offset));
        }
        types.add(type);
    }

    /** Type {@code index}; may be null (unknown). */
    ResolvedType get(int index, int offset) {
        if (index < 0 || index >= types.size()) {
            throw new ComponentFormatException(offset, "type index " + index + " is out of bounds (" + types.size()
                    + " types defined)");
        }
        return types.get(index);
    }

    /** The scope {@code count} levels out. */
    TypeScope outer(int count, int offset) {
        TypeScope s = this;
        for (int i = 0; i < count; i++) {
            s = s.parent;
            if (s == null) {
                throw new ComponentFormatException(offset, "outer alias count " + count
                        + " exceeds the enclosing scopes");
            }
        }
        return s;
    }

    /** Signals a type that cannot be resolved because something it refers to is unknown. */
    static final class Unknown extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unknown() {
            super(null, null, false, false);
        }
    }

    /**
     * Resolves a definition. A resource definition needs its destructor and identity from the
     * caller, so it is not handled here.
     *
     * @throws Unknown if it refers to an unknown entry
     */
    ResolvedType resolve(TypeDef def, int offset) {
        if (def instanceof TypeDef.FuncT f) {
            List<String> names = new ArrayList<>();
            List<AbiType> params = new ArrayList<>();
            for (TypeDef.Labeled p : f.params()) {
                names.add(p.name());
                params.add(value(p.type(), offset));
            }
            Optional<AbiType> result = f.result().isPresent() ? Optional.of(value(f.result().get(), offset))
                    : Optional.empty();
            return new FuncType(names, params, result, f.async());
        }
        if (def instanceof TypeDef.InstanceT it) {
            return instanceType(it.decls(), offset);
        }
        if (def instanceof TypeDef.ComponentT) {
            return new ResolvedType.ComponentTypeValue();
        }
        if (def instanceof TypeDef.ResourceT) {
            throw new IllegalStateException("resource definitions are resolved by the instantiator");
        }
        return new ValueType(valueDef(def, offset));
    }

    private InstanceTypeValue instanceType(List<TypeDef.Decl> decls, int offset) {
        TypeScope inner = new TypeScope(this);
        Map<String, ResolvedType> exports = new LinkedHashMap<>();
        Map<String, Sort> sorts = new LinkedHashMap<>();
        for (TypeDef.Decl decl : decls) {
            if (decl instanceof TypeDef.CoreTypeDecl) {
                continue;
            }
            if (decl instanceof TypeDef.TypeDecl td) {
                if (td.type() instanceof TypeDef.ResourceT) {
                    throw new ComponentFormatException(offset, "a resource cannot be defined inside a type");
                }
                inner.add(inner.resolveOrNull(td.type(), offset), offset);
            } else if (decl instanceof TypeDef.AliasDecl a) {
                if (a.target() instanceof Definition.OuterAlias o && a.sort() == Sort.TYPE) {
                    inner.add(inner.outer(o.count(), offset).get(o.index(), offset), offset);
                } else if (a.sort() == Sort.TYPE || a.sort() == Sort.CORE_TYPE) {
                    if (a.sort() == Sort.TYPE) {
                        inner.add(null, offset);
                    }
                } else {
                    throw new ComponentFormatException(offset, "unsupported alias of a " + a.sort() + " in a type");
                }
            } else if (decl instanceof TypeDef.ExportDecl e) {
                ResolvedType t = inner.externType(e.type(), e.name(), offset);
                if (exports.put(e.name(), t) != null) {
                    throw new ComponentFormatException(offset, "duplicate export \"" + e.name() + "\" in an instance type");
                }
                sorts.put(e.name(), e.type().sort());
                if (e.type().sort() == Sort.TYPE) {
                    inner.add(t, offset);
                }
            } else {
                throw new ComponentFormatException(offset, "an instance type cannot declare imports");
            }
        }
        return new InstanceTypeValue(exports, sorts);
    }

    /** What an extern type describes, in this scope. */
    ResolvedType externType(ExternType type, String name, int offset) {
        if (type instanceof ExternType.Func f) {
            ResolvedType t = get(f.typeIndex(), offset);
            if (t != null && !(t instanceof FuncType)) {
                throw new ComponentFormatException(offset, "type " + f.typeIndex() + " of \"" + name + "\" is not a function type");
            }
            return t;
        }
        if (type instanceof ExternType.TypeEq eq) {
            return get(eq.typeIndex(), offset);
        }
        if (type instanceof ExternType.SubResource) {
            return new AbstractResource(name);
        }
        if (type instanceof ExternType.Instance i) {
            ResolvedType t = get(i.typeIndex(), offset);
            if (t != null && !(t instanceof InstanceTypeValue)) {
                throw new ComponentFormatException(offset, "type " + i.typeIndex() + " of \"" + name + "\" is not an instance type");
            }
            return t;
        }
        if (type instanceof ExternType.Component) {
            return new ResolvedType.ComponentTypeValue();
        }
        throw new ComponentFormatException(offset, "\"" + name + "\": " + type.sort() + " imports and exports are not supported");
    }

    private ResolvedType resolveOrNull(TypeDef def, int offset) {
        try {
            return resolve(def, offset);
        } catch (Unknown e) {
            return null;
        }
    }

    AbiType value(ValTypeRef ref, int offset) {
        if (ref instanceof ValTypeRef.Primitive p) {
            return prim(p.type());
        }
        int index = ((ValTypeRef.Indexed) ref).index();
        ResolvedType t = get(index, offset);
        if (t == null) {
            throw new Unknown();
        }
        if (t instanceof ValueType v) {
            return v.abi();
        }
        throw new ComponentFormatException(offset, "type " + index + " is not a value type");
    }

    private AbiType handle(int index, boolean borrow, int offset) {
        ResolvedType t = get(index, offset);
        if (t == null) {
            throw new Unknown();
        }
        if (t instanceof ResourceTypeValue r) {
            // its owner: the import it came with ("$root" for the world's, "component" for its own)
            return new AbiType.Handle(borrow, r.resource().name(), r.resource().key().interfaceName());
        }
        if (t instanceof AbstractResource r) {
            // a resource of the instance type being declared: the owner is the interface imported with it
            return new AbiType.Handle(borrow, r.name());
        }
        throw new ComponentFormatException(offset, "type " + index + " is not a resource type");
    }

    private static AbiType prim(PrimType p) {
        if (p == PrimType.ERROR_CONTEXT) {
            return new AbiType.Opaque("error-context");
        }
        return AbiType.Prim.valueOf(p.name());
    }

    private AbiType valueDef(TypeDef def, int offset) {
        if (def instanceof TypeDef.Prim p) {
            return prim(p.type());
        }
        if (def instanceof TypeDef.RecordT r) {
            List<AbiType.Field> fields = new ArrayList<>();
            for (TypeDef.Labeled l : r.fields()) {
                fields.add(new AbiType.Field(l.name(), value(l.type(), offset)));
            }
            return new AbiType.Record(fields);
        }
        if (def instanceof TypeDef.VariantT v) {
            List<AbiType.Case> cases = new ArrayList<>();
            for (TypeDef.Case c : v.cases()) {
                cases.add(new AbiType.Case(c.name(), c.payload().isPresent()
                        ? Optional.of(value(c.payload().get(), offset)) : Optional.empty()));
            }
            return new AbiType.Variant(cases);
        }
        if (def instanceof TypeDef.ListT l) {
            return new AbiType.ListOf(value(l.element(), offset));
        }
        if (def instanceof TypeDef.FixedListT l) {
            return new AbiType.FixedList(value(l.element(), offset), l.length());
        }
        if (def instanceof TypeDef.MapT m) {
            // the canonical ABI of map<K, V> is that of list<tuple<K, V>>: the same type here
            AbiType key = value(m.key(), offset);
            if (!(key instanceof AbiType.Prim p) || p == AbiType.Prim.F32 || p == AbiType.Prim.F64) {
                throw new ComponentFormatException(offset, "a map key must be bool, an integer, char or string, not "
                        + (key instanceof AbiType.Prim p ? p.name().toLowerCase(java.util.Locale.ROOT)
                                : key instanceof AbiType.Opaque o ? o.kind() : "a compound type"));
            }
            return new AbiType.ListOf(new AbiType.Tuple(List.of(key, value(m.value(), offset))));
        }
        if (def instanceof TypeDef.TupleT t) {
            List<AbiType> types = new ArrayList<>();
            for (ValTypeRef r : t.types()) {
                types.add(value(r, offset));
            }
            return new AbiType.Tuple(types);
        }
        if (def instanceof TypeDef.FlagsT f) {
            return new AbiType.Flags(f.labels());
        }
        if (def instanceof TypeDef.EnumT e) {
            return new AbiType.Enum(e.labels());
        }
        if (def instanceof TypeDef.OptionT o) {
            return new AbiType.Option(value(o.payload(), offset));
        }
        if (def instanceof TypeDef.ResultT r) {
            return new AbiType.Result(
                    r.ok().isPresent() ? Optional.of(value(r.ok().get(), offset)) : Optional.empty(),
                    r.err().isPresent() ? Optional.of(value(r.err().get(), offset)) : Optional.empty());
        }
        if (def instanceof TypeDef.OwnT o) {
            return handle(o.resource(), false, offset);
        }
        if (def instanceof TypeDef.BorrowT b) {
            return handle(b.resource(), true, offset);
        }
        if (def instanceof TypeDef.UnsupportedT u) {
            return new AbiType.Opaque(u.what());
        }
        throw new ComponentFormatException(offset, "unexpected type definition " + def.getClass().getSimpleName());
    }
}
