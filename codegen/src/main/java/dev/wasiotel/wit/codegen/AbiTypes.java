package dev.wasiotel.wit.codegen;

import dev.wasiotel.wit.abi.AbiType;
import dev.wasiotel.wit.parser.model.Resolve;
import dev.wasiotel.wit.parser.model.Type;
import dev.wasiotel.wit.parser.model.TypeDef;
import dev.wasiotel.wit.parser.model.TypeDefKind;
import dev.wasiotel.wit.parser.model.TypeOwner;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Translates resolved WIT types into the canonical ABI's {@link AbiType}, so that the generator
 * takes every size, offset and flat type from the runtime's one ABI model ({@code Layout}).
 */
public final class AbiTypes {
    private final Resolve resolve;

    /** Types of this model. */
    public AbiTypes(Resolve resolve) {
        this.resolve = resolve;
    }

    /** The ABI type of a WIT type (aliases followed). */
    public AbiType of(Type type) {
        if (type instanceof Type.Primitive p) {
            return primitive(p);
        }
        TypeDef def = resolve.type((Type.Ref) type);
        TypeDefKind kind = def.kind();
        if (kind instanceof TypeDefKind.Alias a) {
            return of(a.target());
        }
        if (kind instanceof TypeDefKind.Record r) {
            List<AbiType.Field> fields = new ArrayList<>();
            for (TypeDefKind.Field f : r.fields()) {
                fields.add(new AbiType.Field(f.name(), of(f.type())));
            }
            return new AbiType.Record(fields);
        }
        if (kind instanceof TypeDefKind.Variant v) {
            List<AbiType.Case> cases = new ArrayList<>();
            for (TypeDefKind.Case c : v.cases()) {
                cases.add(new AbiType.Case(c.name(), c.type().map(this::of)));
            }
            return new AbiType.Variant(cases);
        }
        if (kind instanceof TypeDefKind.Enum e) {
            List<String> labels = new ArrayList<>();
            for (TypeDefKind.EnumCase c : e.cases()) {
                labels.add(c.name());
            }
            return new AbiType.Enum(labels);
        }
        if (kind instanceof TypeDefKind.Flags f) {
            if (f.flags().size() > AbiType.Flags.MAX_LABELS) {
                // the ABI model refuses them too; here the WIT location can be named
                throw new CodegenException("`" + def.name().orElse("flags") + "` in " + ownerName(def) + " at "
                        + (def.span() == null ? "<unknown>" : def.span().location()) + " is not valid in the component"
                        + " model: it has " + f.flags().size() + " flags, at most " + AbiType.Flags.MAX_LABELS
                        + " are allowed");
            }
            List<String> labels = new ArrayList<>();
            for (TypeDefKind.Flag flag : f.flags()) {
                labels.add(flag.name());
            }
            return new AbiType.Flags(labels);
        }
        if (kind instanceof TypeDefKind.Tuple t) {
            List<AbiType> types = new ArrayList<>();
            for (Type e : t.types()) {
                types.add(of(e));
            }
            return new AbiType.Tuple(types);
        }
        if (kind instanceof TypeDefKind.Option o) {
            return new AbiType.Option(of(o.type()));
        }
        if (kind instanceof TypeDefKind.Result r) {
            return new AbiType.Result(r.ok().map(this::of), r.err().map(this::of));
        }
        if (kind instanceof TypeDefKind.ListOf l) {
            return new AbiType.ListOf(of(l.element()));
        }
        if (kind instanceof TypeDefKind.FixedList l) {
            return new AbiType.FixedList(of(l.element()), Math.toIntExact(l.size()));
        }
        if (kind instanceof TypeDefKind.MapOf m) {
            // The canonical ABI sees map<K, V> as list<tuple<K, V>>.
            return new AbiType.ListOf(new AbiType.Tuple(List.of(of(m.key()), of(m.value()))));
        }
        if (kind instanceof TypeDefKind.Handle h) {
            TypeDef resource = resolve.type((Type.Ref) resolve.dealias(new Type.Ref(h.resource())));
            return new AbiType.Handle(h.borrow(), resource.name().orElse("resource"), resourceOwner(resource));
        }
        if (kind instanceof TypeDefKind.Resource) {
            // A resource named where a value goes means own<resource>.
            return new AbiType.Handle(false, def.name().orElse("resource"), resourceOwner(def));
        }
        if (kind instanceof TypeDefKind.Future) {
            return new AbiType.Opaque("future");
        }
        return new AbiType.Opaque("stream");
    }

    /** The ABI types of a function's parameters. */
    public List<AbiType> params(dev.wasiotel.wit.parser.model.Function function) {
        List<AbiType> out = new ArrayList<>();
        for (dev.wasiotel.wit.parser.model.Function.Param p : function.params()) {
            out.add(of(p.type()));
        }
        return out;
    }

    /** The ABI type of a function's result, if any. */
    public Optional<AbiType> result(dev.wasiotel.wit.parser.model.Function function) {
        return function.result().map(this::of);
    }

    /**
     * The name of the interface a resource belongs to as a component imports it ({@code $root} for
     * a world's own), or null where it has none (an inline interface: "the function's own").
     */
    private String resourceOwner(TypeDef resource) {
        if (resource.owner() instanceof TypeOwner.OfInterface i) {
            return resolve.qualifiedName(i.id()).orElse(null);
        }
        return resource.owner() instanceof TypeOwner.OfWorld ? "$root" : null;
    }

    private static AbiType primitive(Type.Primitive p) {
        switch (p) {
            case BOOL: return AbiType.Prim.BOOL;
            case U8: return AbiType.Prim.U8;
            case U16: return AbiType.Prim.U16;
            case U32: return AbiType.Prim.U32;
            case U64: return AbiType.Prim.U64;
            case S8: return AbiType.Prim.S8;
            case S16: return AbiType.Prim.S16;
            case S32: return AbiType.Prim.S32;
            case S64: return AbiType.Prim.S64;
            case F32: return AbiType.Prim.F32;
            case F64: return AbiType.Prim.F64;
            case CHAR: return AbiType.Prim.CHAR;
            case STRING: return AbiType.Prim.STRING;
            default: return new AbiType.Opaque("error-context");
        }
    }

    private String ownerName(TypeDef def) {
        if (def.owner() instanceof TypeOwner.OfInterface i) {
            return resolve.qualifiedName(i.id()).orElse("an interface");
        }
        return "a world";
    }
}
